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
 * The soft-label teacher gradient (finite-difference JVP, first-order autograd only) against the
 * central finite-difference gradient of the fully unrolled objective
 * {@code J(θ_T) = w·CE(y_l, T(x_l)) + L_l(θ_S − η ∇_S L_u(θ_T, θ_S))}, on a tiny float64 MLP.
 */
class SoftTeacherGradientTest {

    private static final double[] X_L = {0.1, 0.9, -0.7, 0.2, 1.3, -0.4, 0.5, 0.5};
    private static final int[] Y_L = {0, 1, 2, 1};
    private static final double[] X_U = {0.3, -0.2, -1.1, 0.8, 0.9, 0.1, -0.5, -0.6, 1.7, 0.4, 0.0, 1.2};
    private static final double ETA = 0.7;
    private static final double T_LR = 1.0;

    @Test
    void matchesFiniteDifferenceOfUnrolledObjective() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = Probe.mlp(m, 11, 1.0, 5, 3);
            Network student = Probe.mlp(m, 12, 1.0, 5, 3);
            double[][] t0 = Probe.weights(teacher);
            double[][] s0 = Probe.weights(student);

            // Teacher gradient from one production step: plain SGD with lr 1 moves by −gradient.
            MplConfig config = MplConfig.soft().toBuilder().optJvpEpsilon(1e-6).build();
            double[][] stepGradient;
            try (MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                    .setTeacher(teacher, Sgd.builder().setLearningRate(T_LR).build())
                    .setStudent(student, Sgd.builder().setLearningRate(ETA).build())
                    .optConfig(config)
                    .build()) {
                try (NDManager scope = m.newSubManager()) {
                    mpl.step(SslBatch.singleView(Probe.points(scope, X_L), scope.create(Y_L),
                            Probe.points(scope, X_U), scope), 0);
                }
                stepGradient = Probe.axpy(t0, -1, Probe.weights(teacher));
                for (double[] row : stepGradient) {
                    for (int j = 0; j < row.length; j++) {
                        row[j] /= T_LR;
                    }
                }
            }

            // Reference: per-coordinate central differences of J.
            Network tProbe = Probe.mlp(m, 11, 1.0, 5, 3);
            Network sProbe = Probe.mlp(m, 12, 1.0, 5, 3);
            double[][] fd = new double[t0.length][];
            double delta = 1e-5;
            for (int i = 0; i < t0.length; i++) {
                fd[i] = new double[t0[i].length];
                for (int j = 0; j < t0[i].length; j++) {
                    double saved = t0[i][j];
                    t0[i][j] = saved + delta;
                    double plus = unrolled(m, tProbe, sProbe, t0, s0);
                    t0[i][j] = saved - delta;
                    double minus = unrolled(m, tProbe, sProbe, t0, s0);
                    t0[i][j] = saved;
                    fd[i][j] = (plus - minus) / (2 * delta);
                }
            }

            double[][] diff = Probe.axpy(stepGradient, -1, fd);
            double relErr = Math.sqrt(Probe.dot(diff, diff) / Probe.dot(fd, fd));
            assertThat(Math.sqrt(Probe.dot(fd, fd))).isGreaterThan(1e-3);
            assertThat(relErr).isLessThan(1e-6);

            // The MPL part alone must matter, or the check above would only test the supervised term.
            double[][] supervisedOnly = supervisedGradient(m, tProbe, t0);
            double[][] mplPart = Probe.axpy(fd, -1, supervisedOnly);
            assertThat(Math.sqrt(Probe.dot(mplPart, mplPart) / Probe.dot(fd, fd))).isGreaterThan(1e-2);
        }
    }

    /** J(θ_T) computed directly: teacher targets, one explicit student SGD step, labeled loss after it. */
    private static double unrolled(NDManager m, Network t, Network s, double[][] tw, double[][] sw) {
        try (NDManager scope = m.newSubManager()) {
            Probe.setWeights(t, tw, scope);
            Probe.setWeights(s, sw, scope);
            NDArray x_l = Probe.points(scope, X_L);
            NDArray y_l = scope.create(Y_L);
            NDArray x_u = Probe.points(scope, X_U);
            double supervised = Probe.ce(t, x_l, y_l);
            NDArray q = t.forward(x_u, true).softmax(1);
            double[][] g_u = Probe.gradient(s, net -> Losses.softCrossEntropy(net.forward(x_u, true), q));
            Probe.setWeights(s, Probe.axpy(sw, -ETA, g_u), scope);
            return supervised + Probe.ce(s, x_l, y_l);
        }
    }

    private static double[][] supervisedGradient(NDManager m, Network t, double[][] tw) {
        try (NDManager scope = m.newSubManager()) {
            Probe.setWeights(t, tw, scope);
            NDArray x_l = Probe.points(scope, X_L);
            NDArray y_l = scope.create(Y_L);
            return Probe.gradient(t, net -> Losses.crossEntropy(net.forward(x_l, true), y_l));
        }
    }
}
