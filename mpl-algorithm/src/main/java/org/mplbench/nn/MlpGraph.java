package org.mplbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mplbench.engine.CompiledGraph;
import org.mplbench.engine.Graph;
import org.mplbench.engine.Graph.Node;

/**
 * A {@link Graph} in the terms of an {@link Mlp} and its cross-entropy: forward passes, backward
 * passes written out (an MLP's are four lines per layer; MXNet 1.9 builds gradients only by
 * recording, never inside a graph) and the loss with its gradient, for steps compiled into one
 * engine call ({@code FusedMlpStep}, {@code FusedSupervisedStep}).
 */
public final class MlpGraph {

    /** An MLP's forward: the input and every hidden activation (kept for the backward), then the logits. */
    public record Forward(List<Node> activations, Node logits) {}

    private final Graph graph = new Graph();
    /** Inputs that are the same arrays on every run ({@link CompiledGraph}). */
    private final java.util.Set<String> parameters = new java.util.HashSet<>();
    /** Output units of each layer. */
    private final int[] units;

    /** For networks with the layers of {@code weights} ({@link Network#weights()} of an {@link Mlp}). */
    public MlpGraph(List<NDArray> weights) {
        units = new int[weights.size() / 2];
        for (int k = 0; k < units.length; k++) {
            units[k] = Math.toIntExact(weights.get(2 * k).getShape().get(0));
        }
    }

    /** Whether {@code net} can be written here: a float32 {@link Mlp}. */
    public static boolean covers(Network net) {
        return Mlp.isMlp(net.block()) && net.dataType() == DataType.FLOAT32;
    }

    public Node input(String name) {
        return graph.input(name);
    }

    /** An input that is the same array on every run (its contents may change). */
    public Node parameter(String name) {
        parameters.add(name);
        return input(name);
    }

    /** {@code n} {@linkplain #parameter parameters} named {@code prefix0 … prefix(n−1)}. */
    public List<Node> parameters(String prefix, int n) {
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(parameter(prefix + i));
        }
        return nodes;
    }

    public Node op(String op, Map<String, String> attrs, Node... inputs) {
        return graph.op(op, attrs, inputs);
    }

    public Node op(String op, Node... inputs) {
        return graph.op(op, inputs);
    }

    /** Layer k has weight w[2k] (out × in) and bias w[2k+1]; sigmoids between layers. */
    public Forward forward(List<Node> w, Node x) {
        List<Node> a = new ArrayList<>(List.of(x));
        Node z = x;
        for (int k = 0; k < w.size() / 2; k++) {
            z = op("FullyConnected", Map.of("num_hidden", Integer.toString(units[k]), "flatten", "False"), a.get(k),
                    w.get(2 * k), w.get(2 * k + 1));
            if (k < w.size() / 2 - 1) {
                a.add(op("Activation", Map.of("act_type", "sigmoid"), z));
            }
        }
        return new Forward(a, z);
    }

    /** ∂L/∂w given ∂L/∂logits, layer by layer back: dW = dzᵀa, db = Σ dz, dz ← (dz W) ⊙ a(1 − a). */
    public List<Node> backward(List<Node> w, Forward f, Node dz) {
        int layers = w.size() / 2;
        Node[] grads = new Node[w.size()];
        for (int k = layers - 1; k >= 0; k--) {
            Node a = f.activations().get(k);
            grads[2 * k] = op("dot", Map.of("transpose_a", "True"), dz, a);
            grads[2 * k + 1] = op("sum", Map.of("axis", "0"), dz);
            if (k > 0) {
                Node da = op("dot", dz, w.get(2 * k));
                dz = op("elemwise_mul", op("elemwise_mul", da, a), op("_rminus_scalar", Map.of("scalar", "1"), a));
            }
        }
        return List.of(grads);
    }

    /**
     * The target of {@link org.mplbench.ssl.Losses.Target}: one-hot rows of {@code labels} smoothed
     * by {@code eps}, scaled by −1/n (each row sums to −1/n).
     */
    public Node target(Node labels, int classes, long n, double eps) {
        Node oneHot = scale(op("one_hot", Map.of("depth", Integer.toString(classes)), labels), -(1 - eps) / n);
        return eps == 0 ? oneHot : op("_plus_scalar", Map.of("scalar", Double.toString(-eps / classes / n)), oneHot);
    }

    /** {@code Σ log softmax(logits) ⊙ target}, a scalar. */
    public Node crossEntropy(Node logits, Node target) {
        return op("_np_sum", op("elemwise_mul", op("log_softmax", Map.of("axis", "1"), logits), target));
    }

    /** Its gradient by the logits: {@code target + softmax(logits)/n} (each target row sums to −1/n). */
    public Node crossEntropyGradient(Node logits, Node target, long n) {
        return op("elemwise_add", target, scale(op("softmax", Map.of("axis", "1"), logits), 1.0 / n));
    }

    /** Rows {@code [from, to)}. */
    public Node rows(Node x, long from, long to) {
        return op("slice_axis", Map.of("axis", "0", "begin", Long.toString(from), "end", Long.toString(to)), x);
    }

    public Node scale(Node x, double factor) {
        return factor == 1 ? x : op("_mul_scalar", Map.of("scalar", Double.toString(factor)), x);
    }

    /** The graph with {@code heads} as outputs, compiled. */
    public CompiledGraph compile(List<Node> heads) {
        return new CompiledGraph(graph, heads, parameters);
    }
}
