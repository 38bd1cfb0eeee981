package org.mplbench.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.mplbench.engine.Autograd;

/** Dropout switched off for one training-mode forward (finetuning), batch norm still on batch statistics. */
class DropoutsTest {

    /** A training-mode forward (recorded, as the engines require for batch statistics). */
    private static float[] train(Network net, NDArray x, boolean dropout) {
        try (GradientCollector gc = Autograd.record()) {
            return net.forward(x, true, dropout).toFloatArray();
        }
    }

    @Test
    void aForwardWithoutDropoutIsDeterministicAndTheSwitchIsRestored() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            Network net = Network.create(WideResNet.paper(4).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0.5)
                    .optBlockDropout(0.5).build(), m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            assertThat(Dropouts.find(net.block())).hasSize(4); // a block per group and the head
            NDArray x = m.randomNormal(new Shape(6, 3, 8, 8));
            float[] off1 = train(net, x, false);
            Engine.getInstance().setRandomSeed(99);
            float[] off2 = train(net, x, false);
            assertThat(off2).containsExactly(off1);
            float[] on1 = train(net, x, true);
            Engine.getInstance().setRandomSeed(7);
            float[] on2 = train(net, x, true);
            assertThat(on1).isNotEqualTo(off1);
            assertThat(on2).isNotEqualTo(on1);
            // batch statistics, not running ones: differs from the inference forward
            assertThat(net.forward(x, false).toFloatArray()).isNotEqualTo(off1);
        }
    }
}
