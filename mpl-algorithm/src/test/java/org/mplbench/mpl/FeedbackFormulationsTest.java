package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.SslBatch;
import org.mplbench.train.Sgd;

/**
 * The formulations of the feedback besides the derivation's: the ICLR precursor's cosine
 * {@code h = cos(∇L_l(θ'_S), ∇L_u(θ_S))}, several student steps per teacher step and the first arXiv
 * version's held-out feedback set, each against an independent computation from the same start.
 */
class FeedbackFormulationsTest {

    private static final double[] X_L = {0.1, 0.9, -0.7, 0.2, 1.3, -0.4, 0.5, 0.5};
    private static final int[] Y_L = {0, 1, 2, 1};
    private static final double[] X_U = {0.3, -0.2, -1.1, 0.8, 0.9, 0.1, -0.5, -0.6, 1.7, 0.4, 0.0, 1.2};
    private static final MplConfig ARGMAX = MplConfig.paper().toBuilder()
            .optLabelRule(MplConfig.PseudoLabelRule.ARGMAX).build();

    @Test
    void hIsTheCosineOfTheLabeledGradientAfterTheStepAndThePseudoLabelGradient() {
        double eta = 0.3;
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = Probe.mlp(m, 31, 1.0, 5, 3);
            Network student = Probe.mlp(m, 32, 1.0, 5, 3);
            double[][] t0 = Probe.weights(teacher);
            double[][] s0 = Probe.weights(student);
            double h;
            try (MetaPseudoLabels mpl = mpl(teacher, student, eta,
                    ARGMAX.toBuilder().optFeedback(MplConfig.Feedback.COSINE).build());
                    NDManager scope = m.newSubManager()) {
                h = mpl.step(batch(scope), 0).value("h");
            }

            Probe.StepGradients g = Probe.aroundStep(m, t0, s0, eta, X_L, Y_L, X_U);
            double cos = Probe.dot(g.g_new(), g.g_u())
                    / Math.sqrt(Probe.dot(g.g_new(), g.g_new()) * Probe.dot(g.g_u(), g.g_u()));
            assertThat(Math.abs(cos)).as("a non-trivial angle").isBetween(0.05, 0.95);
            assertThat(h).isCloseTo(cos, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void theTeacherStepsOnEveryKthStepAndTheStudentOnEvery() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = Probe.mlp(m, 41, 1.0, 5, 3);
            Network student = Probe.mlp(m, 42, 1.0, 5, 3);
            Network studentAlone = Probe.mlp(m, 42, 1.0, 5, 3);
            Network fixedTeacher = Probe.mlp(m, 41, 1.0, 5, 3);
            double[][] t0 = Probe.weights(teacher);
            try (MetaPseudoLabels mpl = mpl(teacher, student, 0.5, ARGMAX.toBuilder().optStudentStepsPerTeacherStep(3)
                    .build())) {
                for (int step = 0; step < 3; step++) {
                    java.util.Set<String> logged;
                    try (NDManager scope = m.newSubManager()) {
                        logged = mpl.step(batch(scope), step).read().keySet();
                    }
                    // the student steps on the labels of a teacher that has not moved yet
                    try (NDManager scope = m.newSubManager()) {
                        NDArray x_u = Probe.points(scope, X_U);
                        NDArray y_hat = fixedTeacher.forward(x_u, false).argMax(1);
                        double[][] g = Probe.gradient(studentAlone,
                                net -> Losses.crossEntropy(net.forward(x_u, true), y_hat));
                        Probe.setWeights(studentAlone, Probe.axpy(Probe.weights(studentAlone), -0.5, g), scope);
                    }
                    assertThat(Probe.flatten(Probe.weights(student)))
                            .containsExactly(Probe.flatten(Probe.weights(studentAlone)),
                                    org.assertj.core.data.Offset.offset(1e-12));
                    if (step < 2) {
                        assertThat(logged).containsExactly("s_loss_u");
                        assertThat(Probe.flatten(Probe.weights(teacher))).containsExactly(Probe.flatten(t0));
                    } else {
                        assertThat(logged).contains("h", "t_loss");
                        assertThat(Probe.flatten(Probe.weights(teacher))).isNotEqualTo(Probe.flatten(t0));
                    }
                }
            }
        }
    }

    @Test
    void aStudentOnlyStepCountsNoTeacherBackward() {
        try (NDManager m = NDManager.newBaseManager();
                MetaPseudoLabels mpl = mpl(Probe.mlp(m, 1, 1.0, 5, 3), Probe.mlp(m, 2, 1.0, 5, 3), 0.1,
                        ARGMAX.toBuilder().optStudentStepsPerTeacherStep(2).build());
                MetaPseudoLabels every = mpl(Probe.mlp(m, 1, 1.0, 5, 3), Probe.mlp(m, 2, 1.0, 5, 3), 0.1, ARGMAX)) {
            assertThat(mpl.work(0, 4, 6, false)).isEqualTo(new org.mplbench.ssl.StepWork(10, 10));
            assertThat(mpl.work(1, 4, 6, false)).isEqualTo(every.work(1, 4, 6, false));
        }
    }

    @Test
    void withAHeldOutSetHIsTheStudentsLossChangeOnItAlone() {
        double[] x_v = {-0.3, 0.6, 1.1, -0.9};
        int[] y_v = {2, 0};
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = Probe.mlp(m, 51, 1.0, 5, 3);
            Network student = Probe.mlp(m, 52, 1.0, 5, 3);
            Network before = Probe.mlp(m, 52, 1.0, 5, 3);
            try (MetaPseudoLabels mpl = mpl(teacher, student, 0.5, ARGMAX); NDManager scope = m.newSubManager()) {
                NDArray xv = Probe.points(scope, x_v);
                NDArray yv = scope.create(y_v);
                double h = mpl.step(batch(scope).withHeldOut(xv, yv), 0).value("h");
                double expected = Probe.ce(before, xv, yv) - Probe.ce(student, xv, yv);
                assertThat(h).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
                NDArray xl = Probe.points(scope, X_L);
                NDArray yl = scope.create(Y_L);
                double onLabeled = Probe.ce(before, xl, yl) - Probe.ce(student, xl, yl);
                assertThat(Math.abs(h - onLabeled)).as("not the labeled batch's").isGreaterThan(1e-6);
            }
        }
    }

    private static MetaPseudoLabels mpl(Network teacher, Network student, double eta, MplConfig config) {
        return MetaPseudoLabels.builder()
                .setTeacher(teacher, Sgd.builder().setLearningRate(0.1).build())
                .setStudent(student, Sgd.builder().setLearningRate(eta).build())
                .optConfig(config)
                .build();
    }

    private static SslBatch batch(NDManager scope) {
        return SslBatch.singleView(Probe.points(scope, X_L), scope.create(Y_L), Probe.points(scope, X_U), scope);
    }
}
