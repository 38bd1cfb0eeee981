package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;

class SgdTest {

    /** One 1-2-2 network whose first weight is set to w; the update is checked on that array. */
    private static double[] step(Sgd sgd, double[] w, double[][] grads) {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.create(Mlp.builder().optHidden(1).build(), m, DataType.FLOAT64, new Shape(1, 2));
            NDList init = new NDList();
            init.add(m.create(w, new Shape(1, 2)));
            for (int i = 1; i < net.weights().size(); i++) {
                init.add(m.zeros(net.weights().get(i).getShape(), DataType.FLOAT64));
            }
            net.restore(init);
            for (int s = 0; s < grads.length; s++) {
                try (NDManager scope = m.newSubManager()) {
                    NDList g = new NDList();
                    g.add(scope.create(grads[s], new Shape(1, 2)));
                    for (int i = 1; i < net.weights().size(); i++) {
                        g.add(scope.zeros(net.weights().get(i).getShape(), DataType.FLOAT64));
                    }
                    sgd.update(net, g, s, scope);
                }
            }
            return net.weights().get(0).toDoubleArray();
        }
    }

    @Test
    void plainSgd() {
        double[] w = step(Sgd.builder().setLearningRate(0.1).build(), new double[] {1, -2}, new double[][] {{0.5, 4}});
        assertThat(w[0]).isCloseTo(1 - 0.05, offset(1e-12));
        assertThat(w[1]).isCloseTo(-2 - 0.4, offset(1e-12));
    }

    @Test
    void plainSgdWithWeightDecay() {
        double[] w = step(Sgd.builder().setLearningRate(0.1).optWeightDecay(0.01).build(),
                new double[] {1, -2}, new double[][] {{0.5, 4}});
        assertThat(w[0]).isCloseTo(1 - 0.1 * (0.5 + 0.01), offset(1e-12));
        assertThat(w[1]).isCloseTo(-2 - 0.1 * (4 - 0.02), offset(1e-12));
    }

    @Test
    void fusedFloat32UpdateMatchesTheFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.create(Mlp.builder().optHidden(1).build(), m, DataType.FLOAT32, new Shape(1, 2));
            float[] before = net.weights().get(0).toFloatArray();
            try (NDManager scope = m.newSubManager()) {
                NDList g = new NDList();
                for (ai.djl.ndarray.NDArray w : net.weights()) {
                    g.add(scope.ones(w.getShape(), DataType.FLOAT32).mul(0.5f));
                }
                Sgd.builder().setLearningRate(0.1).optWeightDecay(0.01).optDecayBatchNorm(true).build().update(net, g, 0, scope);
            }
            float[] after = net.weights().get(0).toFloatArray();
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i]).isCloseTo(before[i] - 0.1f * (0.5f + 0.01f * before[i]), offset(1e-7f));
            }
        }
    }

    @Test
    void heavyBallMomentumTwoSteps() {
        // v1 = g1; w1 = w0 − lr v1; v2 = μ v1 + g2; w2 = w1 − lr v2
        double[] w = step(Sgd.builder().setLearningRate(0.1).optMomentum(0.9).build(),
                new double[] {1, 0}, new double[][] {{1, 0}, {2, 0}});
        assertThat(w[0]).isCloseTo(1 - 0.1 * 1 - 0.1 * (0.9 * 1 + 2), offset(1e-12));
    }

    @Test
    void nesterovTwoSteps() {
        // v1 = g1; w1 = w0 − lr (g1 + μ v1); v2 = μ v1 + g2; w2 = w1 − lr (g2 + μ v2)
        double[] w = step(Sgd.builder().setLearningRate(0.1).optMomentum(0.9).optNesterov(true).build(),
                new double[] {1, 0}, new double[][] {{1, 0}, {2, 0}});
        double v2 = 0.9 * 1 + 2;
        assertThat(w[0]).isCloseTo(1 - 0.1 * (1 + 0.9) - 0.1 * (2 + 0.9 * v2), offset(1e-12));
    }

    @Test
    void effectiveStepScaleIsTheFirstOrderFactorOfTheUpdate() {
        assertThat(Sgd.builder().setLearningRate(0.2).build().effectiveStepScale(0)).isEqualTo(0.2);
        assertThat(Sgd.builder().setLearningRate(0.2).optMomentum(0.5).build().effectiveStepScale(0)).isEqualTo(0.2);
        assertThat(Sgd.builder().setLearningRate(0.2).optMomentum(0.5).optNesterov(true).build().effectiveStepScale(0))
                .isCloseTo(0.3, offset(1e-15));
    }

    @Test
    void invalidSettingsNameTheField() {
        assertThatThrownBy(() -> Sgd.builder().setLearningRate(-1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("sgd.lr").hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> Sgd.builder().setLearningRate(0.1).optMomentum(1.0))
                .hasMessageContaining("sgd.momentum").hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> Sgd.builder().setLearningRate(0.1).optNesterov(true).build())
                .hasMessageContaining("sgd.nesterov");
    }

    @Test
    void weightDecaySkipsBatchNormScalesAndShifts() {
        try (NDManager m = NDManager.newBaseManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            Network net = Network.create(org.mplbench.nn.WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).build(),
                    m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            int bn = -1;
            int conv = -1;
            for (int i = 0; i < net.weights().size(); i++) {
                if (net.isBatchNorm(i) && bn < 0) {
                    bn = i;
                }
                if (!net.isBatchNorm(i) && net.weights().get(i).getShape().dimension() == 4 && conv < 0) {
                    conv = i;
                }
            }
            assertThat(bn).isNotNegative();
            assertThat(conv).isNotNegative();
            float[] bnBefore = net.weights().get(bn).toFloatArray();
            float[] convBefore = net.weights().get(conv).toFloatArray();
            for (boolean decayBn : new boolean[] {false, true}) {
                try (NDManager scope = m.newSubManager()) {
                    NDList zero = new NDList();
                    for (ai.djl.ndarray.NDArray w : net.weights()) {
                        zero.add(scope.zeros(w.getShape(), DataType.FLOAT32));
                    }
                    net.weights().get(bn).subi(net.weights().get(bn)).addi(scope.create(bnBefore, net.weights().get(bn).getShape()));
                    net.weights().get(conv).subi(net.weights().get(conv)).addi(scope.create(convBefore, net.weights().get(conv).getShape()));
                    Sgd.builder().setLearningRate(0.5).optMomentum(0.9).optWeightDecay(0.1).optDecayBatchNorm(decayBn).build()
                            .update(net, zero, 0, scope);
                }
                float[] bnAfter = net.weights().get(bn).toFloatArray();
                float[] convAfter = net.weights().get(conv).toFloatArray();
                for (int i = 0; i < bnAfter.length; i++) {
                    assertThat(bnAfter[i]).isCloseTo(decayBn ? bnBefore[i] * 0.95f : bnBefore[i], offset(1e-6f));
                }
                for (int i = 0; i < convAfter.length; i++) {
                    assertThat(convAfter[i]).isCloseTo(convBefore[i] * 0.95f, offset(1e-6f));
                }
            }
        }
    }

    @Test
    void gradientsAreClippedByTheirGlobalNorm() {
        // g = (3, 4): norm 5, bound 1 -> (0.6, 0.8); a bound above the norm changes nothing
        double[] w = step(Sgd.builder().setLearningRate(1).optClipGradNorm(1).build(), new double[] {0, 0},
                new double[][] {{3, 4}});
        assertThat(w[0]).isCloseTo(-0.6, offset(1e-12));
        assertThat(w[1]).isCloseTo(-0.8, offset(1e-12));
        double[] v = step(Sgd.builder().setLearningRate(1).optClipGradNorm(10).build(), new double[] {0, 0},
                new double[][] {{3, 4}});
        assertThat(v).containsExactly(-3, -4);
    }

    @Test
    void multiTensorFloat32UpdatesEqualThePerTensorFloat64Ones() {
        // MXNet updates float32 networks in a few multi-tensor calls and float64 ones per tensor:
        // the same WRN-10-1 (batch norm excluded from decay), the same gradients, three steps each of
        // Nesterov, heavy ball and plain SGD, with clipping active in the first
        Sgd[][] pairs = new Sgd[3][2];
        for (int k = 0; k < 2; k++) {
            pairs[0][k] = Sgd.builder().setLearningRate(WarmupCosine.of(0.1, 1, 0, 10)).optMomentum(0.9).optNesterov(true)
                    .optWeightDecay(5e-4).optClipGradNorm(1).build();
            pairs[1][k] = Sgd.builder().setLearningRate(0.05).optMomentum(0.9).optWeightDecay(1e-3).build();
            pairs[2][k] = Sgd.builder().setLearningRate(0.05).optWeightDecay(1e-3).build();
        }
        try (NDManager m = NDManager.newBaseManager()) {
            for (Sgd[] pair : pairs) {
                Engine.getInstance().setRandomSeed(11);
                Network n32 = Network.create(WideResNet.paper(10).optDepth(10).build(), m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
                Network n64 = Network.create(WideResNet.paper(10).optDepth(10).build(), m, DataType.FLOAT64, new Shape(1, 3, 8, 8));
                for (int i = 0; i < n32.weights().size(); i++) {
                    n32.weights().get(i).toType(DataType.FLOAT64, true).copyTo(n64.weights().get(i));
                }
                for (long step = 0; step < 3; step++) {
                    try (NDManager scope = m.newSubManager()) {
                        NDList g32 = new NDList();
                        NDList g64 = new NDList();
                        for (NDArray w : n32.weights()) {
                            NDArray g = scope.randomNormal(w.getShape()).mul(0.3f);
                            g32.add(g);
                            g64.add(g.toType(DataType.FLOAT64, true));
                        }
                        pair[0].update(n32, g32, step, scope);
                        pair[1].update(n64, g64, step, scope);
                    }
                }
                for (int i = 0; i < n32.weights().size(); i++) {
                    NDArray expected = n64.weights().get(i);
                    double diff = n32.weights().get(i).toType(DataType.FLOAT64, true).sub(expected).abs().max().getDouble();
                    assertThat(diff).as("weight %d", i).isLessThan(1e-6 * Math.max(1, expected.abs().max().getDouble()));
                }
            }
        }
    }
}
