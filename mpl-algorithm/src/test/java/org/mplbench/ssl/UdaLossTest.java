package org.mplbench.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;

class UdaLossTest {

    private static double logSumExp(double... z) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            m = Math.max(m, v);
        }
        double s = 0;
        for (double v : z) {
            s += Math.exp(v - m);
        }
        return m + Math.log(s);
    }

    @Test
    void maskedConsistencyOnSharpenedWeakTargetsAveragedOverTheWholeBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logitsL = m.create(new double[] {1, 0, 0}, new Shape(1, 3));
            NDArray yL = m.create(new int[] {0});
            // row 0 is confident after sharpening (τ 0.5: softmax(4, 0, 0) = 0.965 ≥ 0.6), row 1 uniform
            NDArray weak = m.create(new double[] {2, 0, 0, 0, 0, 0}, new Shape(2, 3));
            NDArray strong = m.create(new double[] {1, 2, 0, 0, 1, 0}, new Shape(2, 3));
            UdaLoss uda = new UdaLoss(new UdaConfig(0.5, 0.6, 8, 0, false), 0.1);
            UdaLoss.Terms t = uda.loss(logitsL, yL, weak, strong, 0);

            double z = Math.exp(4) + 2;
            double[] q0 = {Math.exp(4) / z, 1 / z, 1 / z};
            double lse = logSumExp(1, 2, 0);
            double ce0 = -(q0[0] * (1 - lse) + q0[1] * (2 - lse) + q0[2] * (0 - lse));
            assertThat(t.loss_uda().getDouble()).isCloseTo(ce0 / 2, offset(1e-12));
            assertThat(t.maskRate().getDouble()).isCloseTo(0.5, offset(1e-12));
            double lseL = logSumExp(1, 0, 0);
            double ceL = -((0.9 + 0.1 / 3) * (1 - lseL) + 0.1 / 3 * (0 - lseL) * 2);
            assertThat(t.loss_l().getDouble()).isCloseTo(ceL, offset(1e-12));
            assertThat(t.total().getDouble()).isCloseTo(ceL + 8 * ce0 / 2, offset(1e-12));
        }
    }

    @Test
    void noGradientFlowsIntoTheWeakView() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logitsL = m.create(new double[] {1, 0, 0}, new Shape(1, 3));
            NDArray weak = m.create(new double[] {2, 0, 0, 3, 0, 1}, new Shape(2, 3));
            NDArray strong = m.create(new double[] {1, 2, 0, 0, 1, 0}, new Shape(2, 3));
            weak.setRequiresGradient(true);
            strong.setRequiresGradient(true);
            try (GradientCollector gc = Autograd.record()) {
                UdaLoss.Terms t = new UdaLoss(UdaConfig.cifar(0), 0).loss(logitsL, m.create(new int[] {0}), weak, strong, 0);
                gc.backward(t.total());
            }
            // PyTorch leaves an untouched input's gradient as float32 zeros; MXNet as the input's type
            for (double g : weak.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray()) {
                assertThat(g).isZero();
            }
            assertThat(strong.getGradient().abs().sum().getDouble()).isGreaterThan(0);
        }
    }

    @Test
    void weightRampsLinearlyOfficialAndReferenceCode() {
        UdaConfig c = UdaConfig.cifar(5_000);
        assertThat(c.weightAt(0)).isZero();
        assertThat(c.weightAt(2_500)).isCloseTo(4, offset(1e-12));
        assertThat(c.weightAt(5_000)).isEqualTo(8);
        assertThat(c.weightAt(9_000)).isEqualTo(8);
        UdaConfig ref = c.withReferenceCodeRamp(true);
        assertThat(ref.weightAt(0)).isCloseTo(8.0 / 5_000, offset(1e-15));
        assertThat(ref.weightAt(2_499)).isCloseTo(4, offset(1e-12));
        assertThat(UdaConfig.cifar(0).weightAt(0)).isEqualTo(8);
        assertThat(UdaConfig.imagenet(50_000).temperature()).isEqualTo(0.5);
        assertThat(UdaConfig.imagenet(50_000).weight()).isEqualTo(20);
    }

    @Test
    void invalidSettingsNameTheField() {
        assertThatThrownBy(() -> new UdaConfig(0, 0.6, 8, 0, false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("uda.temperature");
        assertThatThrownBy(() -> new UdaConfig(0.7, 1.5, 8, 0, false)).hasMessageContaining("uda.threshold");
    }
}
