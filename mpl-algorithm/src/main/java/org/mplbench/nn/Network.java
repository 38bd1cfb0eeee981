package org.mplbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.mplbench.engine.Autograd;
import org.mplbench.engine.Bf16;
import org.mplbench.engine.ArrayCopy;

/**
 * A DJL block with its parameters, owned by one trainer role (teacher, student, ...).
 *
 * <p>It hides the bookkeeping every method needs: forward through a {@link ParameterStore}, the
 * trainable parameter arrays in a fixed order, gradients attached to the caller's step scope (so
 * they are freed with it), and snapshots/restores used by EMA, finite differences and checkpoints.
 */
public final class Network implements AutoCloseable {

    private final Block block;
    private final NDManager manager;
    private final ParameterStore store;
    private final DataType dataType;
    private final List<NDArray> trainable;
    private final List<NDArray> all;
    private final List<NDArray> buffers;
    private final boolean[] batchNorm;
    private final Shape exampleShape;
    private long forwardedExamples;
    private final boolean drawsRandomness;
    private final List<Dropouts.Switchable> dropouts;

    private Network(Block block, NDManager manager, DataType dataType, Shape exampleShape) {
        this.block = block;
        this.manager = manager;
        this.dataType = dataType;
        this.exampleShape = exampleShape;
        this.drawsRandomness = Randomness.draws(block);
        this.dropouts = Dropouts.find(block);
        this.store = new ParameterStore(manager, false);
        List<NDArray> t = new ArrayList<>();
        List<NDArray> a = new ArrayList<>();
        List<NDArray> b = new ArrayList<>();
        List<Boolean> bn = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            a.add(p.getValue().getArray());
            if (p.getValue().requiresGradient()) {
                t.add(p.getValue().getArray());
                Parameter.Type type = p.getValue().getType();
                bn.add(type == Parameter.Type.GAMMA || type == Parameter.Type.BETA);
            } else {
                b.add(p.getValue().getArray());
            }
        }
        this.trainable = Collections.unmodifiableList(t);
        this.all = Collections.unmodifiableList(a);
        this.buffers = Collections.unmodifiableList(b);
        this.batchNorm = new boolean[bn.size()];
        for (int i = 0; i < batchNorm.length; i++) {
            batchNorm[i] = bn.get(i);
        }
    }

    /**
     * Initialises {@code block} in a child manager of {@code parent}; the engine's random seed at
     * this moment determines the initial weights.
     */
    public static Network create(Block block, NDManager parent, DataType dataType, Shape inputShape) {
        return create(block, parent, dataType, inputShape, Precision.FP32);
    }

    /**
     * As {@link #create(Block, NDManager, DataType, Shape)}, with the convolutions in {@code precision}
     * ({@link MixedPrecisionConv2d}); bf16 needs float32 weights and an engine that runs it
     * ({@link Bf16#requireSupported}). The initial weights do not depend on the precision.
     */
    public static Network create(Block block, NDManager parent, DataType dataType, Shape inputShape, Precision precision) {
        if (precision == Precision.BF16) {
            if (dataType != DataType.FLOAT32) {
                throw new IllegalArgumentException("bf16 convolutions keep float32 master weights, not " + dataType);
            }
            Bf16.requireSupported("budget.precision");
        }
        setPrecision(block, precision);
        NDManager m = parent.newSubManager();
        block.initialize(m, dataType, inputShape);
        // per-example shape: the FLOP count is per example whatever batch initialised the block
        return new Network(block, m, dataType, new Shape(1).addAll(inputShape.slice(1)));
    }

    private static void setPrecision(Block block, Precision precision) {
        if (block instanceof MixedPrecisionConv2d conv) {
            conv.setPrecision(precision);
        }
        block.getChildren().values().forEach(child -> setPrecision(child, precision));
    }

    /** Forward pass; {@code training} selects batch statistics and dropout. Returns the first output. */
    public NDArray forward(NDArray x, boolean training) {
        forwardedExamples += x.getShape().get(0);
        return block.forward(store, new NDList(x), training).singletonOrThrow();
    }

    /**
     * Forward pass with dropout switched off when {@code dropout} is false (batch norm still follows
     * {@code training}): the finetuning forward of the PyTorch code.
     */
    public NDArray forward(NDArray x, boolean training, boolean dropout) {
        if (dropout || dropouts.isEmpty()) {
            return forward(x, training);
        }
        dropouts.forEach(d -> d.setDropout(false));
        try {
            return forward(x, training);
        } finally {
            // the masks are part of the recorded graph, so the backward pass needs no switch
            dropouts.forEach(d -> d.setDropout(true));
        }
    }

    /** Examples passed through {@link #forward} so far (what the benchmarks' work counts check). */
    public long forwardedExamples() {
        return forwardedExamples;
    }

    /** Whether a training-mode forward draws from the engine's random generator (dropout). */
    public boolean drawsRandomness() {
        return drawsRandomness;
    }

    /** FLOPs of one forward pass per example, from the block's definition ({@link Flops}). */
    public double forwardFlopsPerExample() {
        return Flops.forwardFlopsPerExample(block, exampleShape);
    }

    public Block block() {
        return block;
    }

    public NDManager manager() {
        return manager;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Trainable parameter arrays, in a fixed order. Updating them in place updates the model. */
    public List<NDArray> weights() {
        return trainable;
    }

    /**
     * Whether trainable weight {@code i} (in {@link #weights()} order) is a batch-norm scale or shift,
     * which both MPL codes exclude from weight decay.
     */
    public boolean isBatchNorm(int i) {
        return batchNorm[i];
    }

    /** Arrays that are not trained by gradient (batch-norm running statistics), in a fixed order. */
    public List<NDArray> buffers() {
        return buffers;
    }

    /** Copies every parameter and buffer of {@code source} (same architecture) into this network. */
    public void copyFrom(Network source) {
        if (source.all.size() != all.size()) {
            throw new IllegalArgumentException("expected " + all.size() + " arrays, got " + source.all.size());
        }
        for (int i = 0; i < all.size(); i++) {
            ArrayCopy.into(source.all.get(i), all.get(i));
        }
    }

    public long parameterCount() {
        long n = 0;
        for (NDArray w : trainable) {
            n += w.size();
        }
        return n;
    }

    /**
     * Gradients of the trainable weights after a backward pass, as arrays owned by {@code scope}
     * (the engine allocates a new handle on every request).
     */
    public NDList gradients(NDManager scope) {
        NDList g = new NDList(trainable.size());
        for (NDArray w : trainable) {
            NDArray grad = w.getGradient();
            grad.attach(scope);
            g.add(grad);
        }
        return g;
    }

    /** Call before a backward pass that should produce fresh gradients for this network. */
    public void clearGradients() {
        if (Autograd.accumulates()) {
            for (NDArray w : trainable) {
                try (NDArray g = w.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** Zero arrays shaped as {@link #weights()} (gradient buffers), owned by {@code manager}. */
    public NDList zerosLikeWeights(NDManager manager) {
        NDList z = new NDList(trainable.size());
        for (NDArray w : trainable) {
            z.add(manager.zeros(w.getShape(), w.getDataType()));
        }
        return z;
    }

    /** Copies of the trainable weights, owned by {@code scope}. */
    public NDList snapshot(NDManager scope) {
        return copies(trainable, scope);
    }

    /** Copies of the batch-norm running statistics ({@link #buffers()}), owned by {@code scope}. */
    public NDList snapshotBuffers(NDManager scope) {
        return copies(buffers, scope);
    }

    private static NDList copies(List<NDArray> arrays, NDManager scope) {
        NDList copy = new NDList(arrays.size());
        for (NDArray a : arrays) {
            NDArray c = scope.create(a.getShape(), a.getDataType());
            ArrayCopy.into(a, c);
            copy.add(c);
        }
        return copy;
    }

    /** Writes what {@link #snapshotBuffers} copied back into the model. */
    public void restoreBuffers(NDList copy) {
        for (int i = 0; i < buffers.size(); i++) {
            ArrayCopy.into(copy.get(i), buffers.get(i));
        }
    }

    /** Writes {@code weights} (same order and shapes as {@link #weights()}) into the model. */
    public void restore(NDList weights) {
        if (weights.size() != trainable.size()) {
            throw new IllegalArgumentException(
                    "expected " + trainable.size() + " arrays, got " + weights.size());
        }
        for (int i = 0; i < trainable.size(); i++) {
            ArrayCopy.into(weights.get(i), trainable.get(i));
        }
    }

    /** Every parameter (including batch-norm statistics), for checkpoints. */
    public void save(DataOutputStream out) throws IOException {
        NDList list = new NDList(all.size());
        list.addAll(all);
        out.write(list.encode());
    }

    /** Restores what {@link #save} wrote; keeps the gradient buffers of the live arrays. */
    public void load(DataInputStream in) throws IOException {
        try (NDManager tmp = manager.newSubManager()) {
            NDList list = NDList.decode(tmp, in);
            if (list.size() != all.size()) {
                throw new IOException(
                        "checkpoint has " + list.size() + " arrays, model has " + all.size());
            }
            for (int i = 0; i < all.size(); i++) {
                NDArray src = list.get(i);
                if (!src.getShape().equals(all.get(i).getShape())) {
                    throw new IOException(
                            "checkpoint array " + i + " has shape " + src.getShape()
                                    + ", model expects " + all.get(i).getShape());
                }
                ArrayCopy.into(src, all.get(i));
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
