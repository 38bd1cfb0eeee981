package org.mplbench.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class LossesTest {

    private static final double[] LOGITS = {1.0, 2.0, 0.5, -1.0, 0.0, 3.0};

    private static double logSoftmax(int row, int k) {
        double a = LOGITS[3 * row];
        double b = LOGITS[3 * row + 1];
        double c = LOGITS[3 * row + 2];
        double lse = Math.log(Math.exp(a) + Math.exp(b) + Math.exp(c));
        return LOGITS[3 * row + k] - lse;
    }

    @Test
    void crossEntropyIsMeanNegativeLogLikelihood() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 3));
            double ce = Losses.crossEntropy(logits, m.create(new int[] {1, 2})).getDouble();
            assertThat(ce).isCloseTo(-(logSoftmax(0, 1) + logSoftmax(1, 2)) / 2, offset(1e-12));
        }
    }

    @Test
    void labelSmoothingSpreadsEpsOverClasses() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 3));
            double eps = 0.15;
            double ce = Losses.labelSmoothedCrossEntropy(logits, m.create(new int[] {0, 1}), eps).getDouble();
            double expected = 0;
            int[] y = {0, 1};
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < 3; k++) {
                    double t = (k == y[r] ? 1 - eps : 0) + eps / 3;
                    expected -= t * logSoftmax(r, k) / 2;
                }
            }
            assertThat(ce).isCloseTo(expected, offset(1e-12));
        }
    }

    @Test
    void softAndMaskedCrossEntropy() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(LOGITS, new Shape(2, 3));
            double[] q = {0.2, 0.3, 0.5, 1.0, 0.0, 0.0};
            double soft = Losses.softCrossEntropy(logits, m.create(q, new Shape(2, 3))).getDouble();
            double expected = 0;
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < 3; k++) {
                    expected -= q[3 * r + k] * logSoftmax(r, k) / 2;
                }
            }
            assertThat(soft).isCloseTo(expected, offset(1e-12));
            double masked = Losses.maskedCrossEntropy(logits, m.create(new int[] {1, 2}),
                    m.create(new boolean[] {false, true})).getDouble();
            assertThat(masked).as("masked rows count as zero, n stays 2").isCloseTo(-logSoftmax(1, 2) / 2, offset(1e-12));
        }
    }
}
