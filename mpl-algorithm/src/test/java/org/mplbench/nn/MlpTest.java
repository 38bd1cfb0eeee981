package org.mplbench.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MlpTest {

    @Test
    void paperArchitectureAndInitialisation() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Network net = Network.create(Mlp.builder().build(), m, DataType.FLOAT32, new Shape(1, 2));
            // 2·8+8 + 8·8+8 + 8·2+2
            assertThat(net.parameterCount()).isEqualTo(114);
            assertThat(net.weights()).extracting(NDArray::getShape)
                    .containsExactly(new Shape(8, 2), new Shape(8), new Shape(8, 8), new Shape(8), new Shape(2, 8), new Shape(2));
            for (int i = 0; i < net.weights().size(); i++) {
                float[] v = net.weights().get(i).toFloatArray();
                if (i % 2 == 0) {
                    for (float x : v) {
                        assertThat(x).isBetween(-0.1f, 0.1f);
                    }
                    assertThat(v).as("weights are random, not constant").doesNotHaveDuplicates();
                } else {
                    assertThat(v).containsOnly(0f);
                }
            }
        }
    }

    @Test
    void forwardIsSigmoidHiddenLayersAndLinearLogits() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.create(Mlp.builder().optHidden(1).build(), m, DataType.FLOAT64, new Shape(1, 2));
            // weights: W1 (1x2), b1 (1), W2 (2x1), b2 (2)
            double[][] values = {{0.5, -1.0}, {0.25}, {2.0, -3.0}, {0.1, 0.2}};
            ai.djl.ndarray.NDList list = new ai.djl.ndarray.NDList();
            for (int i = 0; i < values.length; i++) {
                list.add(m.create(values[i], net.weights().get(i).getShape()));
            }
            net.restore(list);
            double[] out = net.forward(m.create(new double[] {1.0, 2.0}, new Shape(1, 2)), false).toDoubleArray();
            double h = 1 / (1 + Math.exp(-(0.5 * 1 - 1.0 * 2 + 0.25)));
            assertThat(out[0]).isCloseTo(2.0 * h + 0.1, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(out[1]).isCloseTo(-3.0 * h + 0.2, org.assertj.core.data.Offset.offset(1e-12));
        }
    }
}
