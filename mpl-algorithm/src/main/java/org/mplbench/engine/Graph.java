package org.mplbench.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A dataflow graph of MXNet operators written down in Java, to be run as one {@link CompiledGraph}:
 * inputs are named, every other node is an operator with its attributes (as MXNet parses them) and
 * inputs. The graph is a pure function; it holds no arrays.
 */
public final class Graph {

    /** One output of a node. */
    public record Node(int id, int output) {}

    private record Op(String op, String name, Map<String, String> attrs, List<Node> inputs) {}

    private final List<Op> ops = new ArrayList<>();
    private final List<String> inputNames = new ArrayList<>();

    /** A named input; inputs are passed to {@link CompiledGraph#run} in the order they were declared. */
    public Node input(String name) {
        if (inputNames.contains(name)) {
            throw new IllegalArgumentException("input '" + name + "' declared twice");
        }
        inputNames.add(name);
        ops.add(new Op("null", name, Map.of(), List.of()));
        return new Node(ops.size() - 1, 0);
    }

    /** Operator {@code op} on {@code inputs}; {@code attrs} as name, value pairs. */
    public Node op(String op, Map<String, String> attrs, Node... inputs) {
        for (Node in : inputs) {
            if (in.id() >= ops.size()) {
                throw new IllegalArgumentException("node " + in.id() + " is not in this graph");
            }
        }
        ops.add(new Op(op, op + "_" + ops.size(), new LinkedHashMap<>(attrs), List.of(inputs)));
        return new Node(ops.size() - 1, 0);
    }

    public Node op(String op, Node... inputs) {
        return op(op, Map.of(), inputs);
    }

    public List<String> inputNames() {
        return List.copyOf(inputNames);
    }

    /**
     * The inputs in the order MXNet takes them for {@code heads}: as first reached by a depth-first,
     * inputs-first walk from each head in turn (nnvm's {@code ListInputNames}), not as declared.
     * Throws when a declared input does not reach any head.
     */
    public List<String> inputOrder(List<Node> heads) {
        List<String> order = new ArrayList<>();
        boolean[] seen = new boolean[ops.size()];
        for (Node head : heads) {
            visit(head.id(), seen, order);
        }
        if (order.size() != inputNames.size()) {
            List<String> unused = new ArrayList<>(inputNames);
            unused.removeAll(order);
            throw new IllegalArgumentException("inputs " + unused + " do not reach the graph's outputs");
        }
        return order;
    }

    private void visit(int id, boolean[] seen, List<String> order) {
        if (seen[id]) {
            return;
        }
        seen[id] = true;
        Op o = ops.get(id);
        for (Node in : o.inputs()) {
            visit(in.id(), seen, order);
        }
        if (o.op().equals("null")) {
            order.add(o.name());
        }
    }

    /** Operator nodes (inputs not counted). */
    public int operatorCount() {
        return ops.size() - inputNames.size();
    }

    /** The graph with {@code heads} as its outputs, as MXNet's symbol JSON. */
    public String toJson(List<Node> heads) {
        StringBuilder s = new StringBuilder("{\"nodes\":[");
        StringJoiner args = new StringJoiner(",");
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"op\":").append(quote(o.op())).append(",\"name\":").append(quote(o.name()));
            if (!o.attrs().isEmpty()) {
                StringJoiner a = new StringJoiner(",", "{", "}");
                o.attrs().forEach((k, v) -> a.add(quote(k) + ":" + quote(v)));
                s.append(",\"attrs\":").append(a);
            }
            s.append(",\"inputs\":").append(entries(o.inputs())).append('}');
            if (o.op().equals("null")) {
                args.add(Integer.toString(i));
            }
        }
        return s.append("],\"arg_nodes\":[").append(args).append("],\"heads\":").append(entries(heads))
                .append(",\"attrs\":{\"mxnet_version\":[\"int\",10900]}}").toString();
    }

    private static String entries(List<Node> nodes) {
        StringJoiner j = new StringJoiner(",", "[", "]");
        nodes.forEach(n -> j.add("[" + n.id() + "," + n.output() + ",0]"));
        return j.toString();
    }

    private static String quote(String v) {
        if (v.indexOf('"') >= 0 || v.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("no quotes or backslashes in graph names and attributes: " + v);
        }
        return "\"" + v + "\"";
    }
}
