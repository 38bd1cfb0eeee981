package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.SslBatch;
import org.mplbench.train.Sgd;

/** The hard-label feedback {@code h = old − new} is the first-order term {@code η·∇L_l(θ'_S)ᵀ∇L_u(θ_S)}. */
class HardFeedbackTest {

    private static final double[] X_L = {0.1, 0.9, -0.7, 0.2, 1.3, -0.4, 0.5, 0.5};
    private static final int[] Y_L = {0, 1, 2, 1};
    private static final double[] X_U = {0.3, -0.2, -1.1, 0.8, 0.9, 0.1, -0.5, -0.6, 1.7, 0.4, 0.0, 1.2};

    @Test
    void ratioToTaylorTermTendsToOne() {
        double[] etas = {1e-1, 1e-2, 1e-3, 1e-4};
        double[] errors = new double[etas.length];
        for (int e = 0; e < etas.length; e++) {
            errors[e] = Math.abs(ratio(etas[e]) - 1);
        }
        for (int e = 1; e < etas.length; e++) {
            assertThat(errors[e]).as("|ratio-1| at eta=%s", etas[e]).isLessThan(errors[e - 1]);
        }
        assertThat(errors[etas.length - 1]).isLessThan(1e-3);
    }

    /** h from one production step divided by η g'ᵀ g_u computed independently from the same start. */
    private static double ratio(double eta) {
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = Probe.mlp(m, 21, 1.0, 5, 3);
            Network student = Probe.mlp(m, 22, 1.0, 5, 3);
            double[][] t0 = Probe.weights(teacher);
            double[][] s0 = Probe.weights(student);
            double h;
            MplConfig config = MplConfig.paper().toBuilder().optLabelRule(MplConfig.PseudoLabelRule.ARGMAX).build();
            try (MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                    .setTeacher(teacher, Sgd.builder().setLearningRate(0.1).build())
                    .setStudent(student, Sgd.builder().setLearningRate(eta).build())
                    .optConfig(config)
                    .build();
                    NDManager scope = m.newSubManager()) {
                h = mpl.step(SslBatch.singleView(Probe.points(scope, X_L), scope.create(Y_L),
                        Probe.points(scope, X_U), scope), 0).value("h");
            }

            Network t = Probe.mlp(m, 21, 1.0, 5, 3);
            Network s = Probe.mlp(m, 22, 1.0, 5, 3);
            try (NDManager scope = m.newSubManager()) {
                Probe.setWeights(t, t0, scope);
                Probe.setWeights(s, s0, scope);
                NDArray x_l = Probe.points(scope, X_L);
                NDArray y_l = scope.create(Y_L);
                NDArray x_u = Probe.points(scope, X_U);
                NDArray y_hat = t.forward(x_u, false).argMax(1);
                double[][] g_u = Probe.gradient(s, net -> Losses.crossEntropy(net.forward(x_u, true), y_hat));
                Probe.setWeights(s, Probe.axpy(s0, -eta, g_u), scope);
                double[][] g_new = Probe.gradient(s, net -> Losses.crossEntropy(net.forward(x_l, true), y_l));
                return h / (eta * Probe.dot(g_new, g_u));
            }
        }
    }
}
