package org.mplbench.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.mplbench.config.Check;
import org.mplbench.engine.Bf16;

/**
 * Dropout that a {@link Network} can switch off for some training-mode forwards while batch norm
 * keeps using batch statistics: the PyTorch MPL code finetunes its student that way
 * ({@code model.drop = nn.Identity()}, then {@code model.train()}). DJL's {@code training} flag
 * drives both at once, and {@code SequentialBlock} passes no per-call parameters to its children,
 * so the switch is a flag on the blocks, set by {@link Network#forward(ai.djl.ndarray.NDArray,
 * boolean, boolean)} for one call.
 */
public final class Dropouts {

    /** A block whose dropout can be switched off. */
    public interface Switchable {
        void setDropout(boolean on);
    }

    private Dropouts() {}

    /** Dropout at {@code rate} on the whole input (the models' dropout before the classifier). */
    static Block head(double rate) {
        return new Head((float) Check.openClosed("dropout.rate", rate, 0, 1));
    }

    /** Every switchable block in {@code block}'s tree, in a fixed order. */
    static List<Switchable> find(Block block) {
        List<Switchable> found = new ArrayList<>();
        collect(block, found);
        return List.copyOf(found);
    }

    private static void collect(Block block, List<Switchable> found) {
        if (block instanceof Switchable s) {
            found.add(s);
        }
        for (Block child : block.getChildren().values()) {
            collect(child, found);
        }
    }

    /** The same operation as DJL's {@code Dropout} block, switchable. */
    static final class Head extends AbstractBlock implements Switchable, Randomness.Drawing {
        private final float rate;
        private volatile boolean on = true;

        Head(float rate) {
            this.rate = rate;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            // switched off: no operation at all (MXNet refuses an inference-mode dropout while recording)
            // MXNet 1.9's dropout has no bfloat16 kernel: a bf16 network's head is widened here
            return on ? ai.djl.nn.norm.Dropout.dropout(Bf16.widen(inputs.singletonOrThrow()), rate, training) : inputs;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inputShapes;
        }

        @Override
        public void setDropout(boolean on) {
            this.on = on;
        }

        @Override
        public boolean drawsRandomness() {
            return true;
        }
    }
}
