package org.mplbench.nn;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.training.initializer.ConstantInitializer;
import org.mplbench.config.Check;

/**
 * The multi-layer perceptron of the TwoMoon experiment: 2-8-8-2 with sigmoid hidden layers and
 * weights drawn from U(-0.1, 0.1) (paper Sec. 3.1). The last layer gives logits for the softmax;
 * biases start at zero.
 */
public final class Mlp {

    private Mlp() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Whether {@code block} was built here: linear layers with sigmoids between them, nothing else. */
    public static boolean isMlp(Block block) {
        return block instanceof Layers;
    }

    /** The built network: a sequential block whose type says what it holds. */
    private static final class Layers extends SequentialBlock {}

    public static final class Builder {
        private int[] hidden = {8, 8};
        private int outputs = 2;
        private float initRange = 0.1f;

        private Builder() {}

        /** Hidden layer widths (paper: 8, 8). */
        public Builder optHidden(int... widths) {
            for (int i = 0; i < widths.length; i++) {
                Check.closed("mlp.hidden[" + i + "]", widths[i], 1, 1 << 20);
            }
            this.hidden = widths.clone();
            return this;
        }

        /** Number of classes (paper: 2). */
        public Builder setOutputs(int outputs) {
            this.outputs = Check.closed("mlp.outputs", outputs, 2, 1 << 20);
            return this;
        }

        /** Weights are drawn from U(-range, range) (paper: 0.1). */
        public Builder optInitRange(double range) {
            this.initRange = (float) Check.openClosed("mlp.init_range", range, 0, 10);
            return this;
        }

        public Block build() {
            SequentialBlock net = new Layers();
            for (int width : hidden) {
                net.add(Linear.builder().setUnits(width).build());
                net.add(Activation::sigmoid);
            }
            net.add(Linear.builder().setUnits(outputs).build());
            net.setInitializer(new UniformInitializer(initRange), Parameter.Type.WEIGHT);
            net.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
            return net;
        }
    }
}
