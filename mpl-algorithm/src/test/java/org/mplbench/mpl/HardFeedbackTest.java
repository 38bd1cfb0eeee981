package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mplbench.nn.Network;
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

            Probe.StepGradients g = Probe.aroundStep(m, t0, s0, eta, X_L, Y_L, X_U);
            return h / (eta * Probe.dot(g.g_new(), g.g_u()));
        }
    }
}
