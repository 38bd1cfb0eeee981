package org.mplbench.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mplbench.config.Check;
import org.mplbench.engine.FusedOps;

/**
 * Reduced Meta Pseudo Labels' small teacher: a map from a large teacher's log-probabilities over the
 * classes to the logits the student learns from, {@code z = x + W₂ relu(W₁ x + b₁) + b₂}. {@code W₂} and
 * {@code b₂} start at zero, so it starts as the identity (the large teacher's distribution) and the MPL
 * feedback moves it from there. The residual form, the hidden width and the initialisation are this
 * suite's choices: the paper describes the reduced teacher only as small and trained with the feedback.
 */
public final class ReducedTeacher extends AbstractBlock implements Flops.Counted {

    private final Block hidden;
    private final Block out;

    private ReducedTeacher(int classes, int width) {
        hidden = addChildBlock("hidden", Layers.linearUniform(width, 1.0 / Math.sqrt(classes)));
        out = addChildBlock("out", Layers.linearNormal(classes, 0));
    }

    /** A reduced teacher over {@code classes} classes with {@code width} hidden units. */
    public static ReducedTeacher of(int classes, int width) {
        Check.closed("reduced_teacher.classes", classes, 2, 100_000);
        Check.closed("reduced_teacher.width", width, 1, 1 << 16);
        return new ReducedTeacher(classes, width);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList h = new NDList(Activation.relu(hidden.forward(ps, inputs, training).singletonOrThrow()));
        return new NDList(FusedOps.sameShapeAdd(out.forward(ps, h, training).singletonOrThrow(), inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public long forwardMacs(Shape input) {
        return Flops.forwardMacs(hidden, input) + Flops.forwardMacs(out, hidden.getOutputShapes(new Shape[] {input})[0]);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        hidden.initialize(manager, dataType, inputShapes);
        out.initialize(manager, dataType, hidden.getOutputShapes(inputShapes));
    }
}
