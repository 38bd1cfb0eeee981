package org.mplbench.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;

class WideResNetTest {

    private static final Shape CIFAR = new Shape(1, 3, 32, 32);

    @Test
    void parameterCountsOfBothCodes() {
        try (NDManager m = NDManager.newBaseManager()) {
            try (Network ref = Network.create(WideResNet.referenceCode(10).build(), m, DataType.FLOAT32, CIFAR);
                    Network off = Network.create(WideResNet.paper(10).build(), m, DataType.FLOAT32, CIFAR)) {
                assertThat(ref.parameterCount()).isEqualTo(1_467_610L);
                assertThat(off.parameterCount()).isEqualTo(1_472_170L);
            }
        }
    }

    @Test
    void oneChannelImagesGetAOneChannelStemAndTheSameNetworkOtherwise() {
        // Fashion-MNIST: 1 × 28 × 28; the stem convolution infers its input channels from the data
        try (NDManager m = NDManager.newBaseManager();
                Network grey = Network.create(WideResNet.paper(10).build(), m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
                Network rgb = Network.create(WideResNet.paper(10).build(), m, DataType.FLOAT32, CIFAR)) {
            // the official stem has 32 filters of 3 × 3 × channels: two fewer input channels, 2 · 9 · 32 weights
            assertThat(rgb.parameterCount() - grey.parameterCount()).isEqualTo(2L * 3 * 3 * 32);
            assertThat(grey.forward(m.zeros(new Shape(2, 1, 28, 28)), false).getShape()).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void logitsShapeAndTrainingUpdatesRunningStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            try (Network net = Network.create(WideResNet.paper(10).optDepth(10).build(), m, DataType.FLOAT32, CIFAR)) {
                NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
                NDArray runningMean = firstOfType(net, Parameter.Type.RUNNING_MEAN);
                float before = runningMean.sum().getFloat();
                NDArray logits;
                try (GradientCollector gc = Autograd.record()) {
                    logits = net.forward(x, true);
                    gc.backward(logits.square().sum());
                }
                assertThat(logits.getShape()).isEqualTo(new Shape(4, 10));
                assertThat(runningMean.sum().getFloat()).isNotEqualTo(before);
                // every trainable weight receives a gradient in the official block layout
                for (NDArray w : net.weights()) {
                    assertThat(w.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
                }
                NDArray eval = net.forward(x, false);
                assertThat(eval.getShape()).isEqualTo(new Shape(4, 10));
            }
        }
    }

    @Test
    void referenceCodeProjectsTheRawInputInGroupsTwoAndThree() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(5);
            try (Network net = Network.create(WideResNet.referenceCode(10).optDepth(10).build(), m,
                    DataType.FLOAT32, CIFAR)) {
                try (GradientCollector gc = Autograd.record()) {
                    gc.backward(net.forward(m.randomNormal(new Shape(4, 3, 32, 32)), true).square().sum());
                }
                // depth 10: one block per group; the blocks of groups 2 and 3 skip their first BN
                int zeroGradGammas = 0;
                for (Pair<String, Parameter> p : net.block().getParameters()) {
                    if (p.getValue().getType() == Parameter.Type.GAMMA
                            && p.getValue().getArray().getGradient().abs().sum().getFloat() == 0f) {
                        zeroGradGammas++;
                    }
                }
                assertThat(zeroGradGammas).isEqualTo(2);
            }
        }
    }

    @Test
    void depthMustBeSixNPlusFour() {
        assertThatThrownBy(() -> WideResNet.builder().optDepth(27))
                .isInstanceOf(ConfigException.class).hasMessageContaining("wrn.depth");
        assertThatThrownBy(() -> WideResNet.builder().build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("wrn.classes");
    }

    @Test
    void resNet50HasTheStandardParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            try (Network net = Network.create(ResNet50.builder().setClasses(1000).build(), m, DataType.FLOAT32,
                    new Shape(1, 3, 224, 224))) {
                assertThat(net.parameterCount()).isEqualTo(25_557_032L);
                NDArray y = net.forward(m.randomNormal(new Shape(2, 3, 64, 64)), false);
                assertThat(y.getShape()).isEqualTo(new Shape(2, 1000));
            }
        }
    }

    private static NDArray firstOfType(Network net, Parameter.Type type) {
        for (Pair<String, Parameter> p : net.block().getParameters()) {
            if (p.getValue().getType() == type) {
                return p.getValue().getArray();
            }
        }
        throw new AssertionError("no " + type);
    }

}
