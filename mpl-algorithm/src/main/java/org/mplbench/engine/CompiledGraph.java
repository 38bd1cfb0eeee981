package org.mplbench.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A {@link Graph} compiled into one MXNet {@code CachedOp} with static memory and shapes: each
 * {@link #run} is a single engine call for the whole graph, instead of one JNA call, attribute parse,
 * shape inference and engine push per operator (~15–30 µs each on this project's CPUs). Outputs are
 * written into arrays the caller keeps; inputs named as parameters must be the same arrays on every
 * run (their contents may change), the others may be new arrays each time.
 *
 * <p>MXNet only ({@link #available}); not recorded by autograd (the graph computes whatever
 * gradients it needs itself).
 */
public final class CompiledGraph implements AutoCloseable {

    private final Pointer symbol;
    private final Pointer cachedOp;
    private final int inputs;
    /** For each of MXNet's inputs, the declared input it is. */
    private final int[] declared;
    private final int outputs;
    private volatile boolean closed;

    /**
     * Compiles {@code graph} with {@code heads} as outputs; {@code parameters} names the inputs that
     * are the same arrays on every run.
     */
    public CompiledGraph(Graph graph, List<Graph.Node> heads, Set<String> parameters) {
        if (!available()) {
            throw new IllegalStateException("compiled graphs need the MXNet engine, not "
                    + Engine.getInstance().getEngineName());
        }
        List<String> names = graph.inputNames();
        if (!names.containsAll(parameters)) {
            throw new IllegalArgumentException("parameters " + parameters + " are not all inputs of " + names);
        }
        List<String> order = graph.inputOrder(heads);
        this.declared = new int[order.size()];
        StringJoiner data = new StringJoiner(",", "[", "]");
        StringJoiner params = new StringJoiner(",", "[", "]");
        for (int i = 0; i < order.size(); i++) {
            declared[i] = names.indexOf(order.get(i));
            (parameters.contains(order.get(i)) ? params : data).add(Integer.toString(i));
        }
        PointerByReference s = new PointerByReference();
        MxnetInPlace.call("MXSymbolCreateFromJSON", graph.toJson(heads), s);
        this.symbol = s.getValue();
        PointerByReference op = new PointerByReference();
        try {
            String[] keys = {"static_alloc", "static_shape", "data_indices", "param_indices"};
            String[] values = {"true", "true", data.toString(), params.toString()};
            MxnetInPlace.call("MXCreateCachedOpEx", symbol, keys.length, keys, values, op);
        } catch (RuntimeException e) {
            MxnetInPlace.call("MXSymbolFree", symbol);
            throw e;
        }
        this.cachedOp = op.getValue();
        this.inputs = names.size();
        this.outputs = heads.size();
    }

    /** Whether graphs can be compiled here: the MXNet engine with its library found. */
    public static boolean available() {
        return EngineInfo.isMxnet() && MxnetInPlace.available();
    }

    /** Runs the graph on {@code in} (the declared inputs, in order), writing its outputs into {@code out}. */
    public void run(NDArray[] in, NDArray[] out) {
        if (closed) {
            throw new IllegalStateException("graph closed");
        }
        if (in.length != inputs || out.length != outputs) {
            throw new IllegalArgumentException("the graph takes " + inputs + " inputs and " + outputs
                    + " outputs, got " + in.length + " and " + out.length);
        }
        Pointer[] handles = new Pointer[in.length];
        for (int i = 0; i < in.length; i++) {
            handles[i] = MxnetInPlace.handle(in[declared[i]]);
        }
        Memory outHandles = new Memory((long) out.length * Native.POINTER_SIZE);
        for (int i = 0; i < out.length; i++) {
            outHandles.setPointer((long) i * Native.POINTER_SIZE, MxnetInPlace.handle(out[i]));
        }
        MxnetInPlace.call("MXInvokeCachedOpEx", cachedOp, in.length, handles, new IntByReference(out.length),
                new PointerByReference(outHandles), new PointerByReference());
        // MXNet sees outHandles only through the PointerByReference's address (see MxnetInPlace.invoke)
        Reference.reachabilityFence(outHandles);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            MxnetInPlace.call("MXFreeCachedOp", cachedOp);
            MxnetInPlace.call("MXSymbolFree", symbol);
        }
    }
}
