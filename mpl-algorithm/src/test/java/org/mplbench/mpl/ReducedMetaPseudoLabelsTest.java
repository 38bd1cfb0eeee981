package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.io.FileFormatException;
import org.mplbench.mpl.MplConfig.Feedback;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.nn.Network;
import org.mplbench.nn.ReducedTeacher;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepWork;
import org.mplbench.train.Sgd;

/**
 * Reduced MPL: the feedback tests of MPL (the sign of the reduced teacher's update, h as the first-order
 * term as η → 0), and the large teacher's stored outputs (resumed, refused when foreign or incomplete).
 */
class ReducedMetaPseudoLabelsTest {

    private static final double[] X_L = {0.1, 0.9, -0.7, 0.2, 1.3, -0.4, 0.5, 0.5};
    private static final int[] Y_L = {0, 1, 2, 1};
    private static final double[] X_U = {0.3, -0.2, -1.1, 0.8, 0.9, 0.1, -0.5, -0.6, 1.7, 0.4, 0.0, 1.2};

    /** Stores {@code large}'s outputs on {@code points} (rows in order), 3 rows per batch. */
    private static LargeTeacherOutputs store(Network large, double[] points, int classes, Path file, NDManager m)
            throws IOException {
        int rows = points.length / 2;
        LargeTeacherOutputs.compute(large, (from, consumer) -> {
            for (int start = from; start < rows; start += 3) {
                int n = Math.min(3, rows - start);
                try (NDManager scope = m.newSubManager()) {
                    consumer.accept(start, Probe.points(scope, Arrays.copyOfRange(points, 2 * start, 2 * (start + n))),
                            new int[n]);
                }
            }
        }, rows, classes, file, done -> { });
        return LargeTeacherOutputs.open(file);
    }

    private static Network reduced(NDManager m, int classes, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        return Network.create(ReducedTeacher.of(classes, 6), m, DataType.FLOAT64, new Shape(1, classes));
    }

    /** The batch: labeled images are rows [0, n_l) of the store, unlabeled rows [n_l, n_l + n_u). */
    private static SslBatch batch(NDManager scope, double[] xl, int[] yl, double[] xu) {
        int nl = xl.length / 2;
        int nu = xu.length / 2;
        int[] l = new int[nl];
        int[] u = new int[nu];
        Arrays.setAll(l, i -> i);
        Arrays.setAll(u, i -> nl + i);
        NDArray x_u = Probe.points(scope, xu);
        return new SslBatch(Probe.points(scope, xl), scope.create(yl), x_u, x_u, scope, new SslBatch.Indices(l, u));
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @Test
    void theReducedTeacherStartsAsTheLargeTeacher(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Network large = Probe.mlp(m, 21, 1.0, 5, 3);
            try (LargeTeacherOutputs out = store(large, concat(X_L, X_U), 3, dir.resolve("t.bin"), m)) {
                NDArray stored = out.rows(new int[] {5, 0}, m);
                NDArray direct = large.forward(Probe.points(m, new double[] {X_U[2], X_U[3], X_L[0], X_L[1]}), false)
                        .logSoftmax(1);
                assertThat(stored.toFloatArray()).containsExactly(direct.toType(DataType.FLOAT32, false).toFloatArray());
                Network r = reduced(m, 3, 5);
                assertThat(r.forward(stored.toType(DataType.FLOAT64, false), false).toDoubleArray())
                        .containsExactly(stored.toType(DataType.FLOAT64, false).toDoubleArray());
            }
        }
    }

    @Test
    void feedbackIsTheFirstOrderTermAsEtaTendsToZero(@TempDir Path dir) throws IOException {
        double[] etas = {1e-1, 1e-2, 1e-3, 1e-4};
        double[] errors = new double[etas.length];
        for (int e = 0; e < etas.length; e++) {
            errors[e] = Math.abs(ratio(etas[e], dir.resolve("eta" + e)) - 1);
        }
        for (int e = 1; e < etas.length; e++) {
            assertThat(errors[e]).as("|ratio-1| at eta=%s", etas[e]).isLessThan(errors[e - 1]);
        }
        assertThat(errors[etas.length - 1]).isLessThan(1e-3);
    }

    /** h of one Reduced MPL step over η·g'ᵀg_u computed independently, ŷ the large teacher's argmax. */
    private static double ratio(double eta, Path file) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Network large = Probe.mlp(m, 21, 1.0, 5, 3);
            Network student = Probe.mlp(m, 22, 1.0, 5, 3);
            double[][] s0 = Probe.weights(student);
            double h;
            MplConfig config = MplConfig.paper().toBuilder().optLabelRule(PseudoLabelRule.ARGMAX).build();
            try (ReducedMetaPseudoLabels rmpl = ReducedMetaPseudoLabels.builder()
                    .setLargeTeacherOutputs(store(large, concat(X_L, X_U), 3, file, m))
                    .setReducedTeacher(reduced(m, 3, 23), Sgd.builder().setLearningRate(0.1).build())
                    .setStudent(student, Sgd.builder().setLearningRate(eta).build())
                    .optConfig(config).build();
                    NDManager scope = m.newSubManager()) {
                h = rmpl.step(batch(scope, X_L, Y_L, X_U), 0).value("h");
            }
            Network s = Probe.mlp(m, 22, 1.0, 5, 3);
            try (NDManager scope = m.newSubManager()) {
                Probe.setWeights(s, s0, scope);
                NDArray x_l = Probe.points(scope, X_L);
                NDArray y_l = scope.create(Y_L);
                NDArray x_u = Probe.points(scope, X_U);
                NDArray y_hat = large.forward(x_u, false).argMax(1);
                double[][] g_u = Probe.gradient(s, net -> Losses.crossEntropy(net.forward(x_u, true), y_hat));
                Probe.setWeights(s, Probe.axpy(s0, -eta, g_u), scope);
                double[][] g_new = Probe.gradient(s, net -> Losses.crossEntropy(net.forward(x_l, true), y_l));
                return h / (eta * Probe.dot(g_new, g_u));
            }
        }
    }

    private record Outcome(double h, double logProbBefore, double logProbAfter) {}

    /**
     * One step with the reduced teacher's supervised term off: the large teacher (so the reduced one)
     * labels the unlabeled moons right or, trained on flipped labels, wrong.
     */
    private static Outcome signStep(boolean flipLabels, Feedback feedback, Path file) throws IOException {
        TwoMoon.Data data = TwoMoon.generate(new TwoMoonConfig(100, 10, 0.1, 10), 5);
        double[] xu = Probe.toDouble(data.unlabeled().xy());
        double[] xl = Probe.toDouble(data.labeled().xy());
        int[] yu = data.unlabeled().label().clone();
        if (flipLabels) {
            for (int i = 0; i < yu.length; i++) {
                yu[i] = 1 - yu[i];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Network large = Probe.mlp(m, 31, 1.0, 8, 2);
            Network student = Probe.mlp(m, 32, 1.0, 8, 2);
            Probe.pretrain(large, Probe.points(m, xu), m.create(yu), 300, m);
            Probe.pretrain(student, Probe.points(m, xl), m.create(data.labeled().label()), 20, m);
            Network r = reduced(m, 2, 33);
            MplConfig config = MplConfig.paper().toBuilder().optFeedback(feedback).optLabelRule(PseudoLabelRule.ARGMAX)
                    .optTeacherSupervisedWeight(0).build();
            try (LargeTeacherOutputs out = store(large, concat(xl, xu), 2, file, m);
                    NDManager scope = m.newSubManager()) {
                int[] u = new int[xu.length / 2];
                Arrays.setAll(u, i -> xl.length / 2 + i);
                NDArray t_x_u = out.rows(u, scope).toType(DataType.FLOAT64, false);
                NDArray y_hat = t_x_u.argMax(1);
                double before = -Losses.crossEntropy(r.forward(t_x_u, false), y_hat).getDouble();
                double h;
                try (ReducedMetaPseudoLabels rmpl = ReducedMetaPseudoLabels.builder()
                        .setLargeTeacherOutputs(LargeTeacherOutputs.open(file))
                        .setReducedTeacher(r, Sgd.builder().setLearningRate(50).build())
                        .setStudent(student, Sgd.builder().setLearningRate(0.3).build())
                        .optConfig(config).build();
                        NDManager stepScope = m.newSubManager()) {
                    h = rmpl.step(batch(stepScope, xl, data.labeled().label(), xu), 0).value("h");
                    double after = -Losses.crossEntropy(r.forward(t_x_u, false), y_hat).getDouble();
                    return new Outcome(h, before, after);
                }
            }
        }
    }

    @Test
    void paperSignRaisesTheReducedTeachersProbabilityOfHelpfulLabelsAndLowersHarmfulOnes(@TempDir Path dir)
            throws IOException {
        Outcome helpful = signStep(false, Feedback.OLD_MINUS_NEW, dir.resolve("a"));
        assertThat(helpful.h()).isPositive();
        assertThat(helpful.logProbAfter()).isGreaterThan(helpful.logProbBefore());
        Outcome harmful = signStep(true, Feedback.OLD_MINUS_NEW, dir.resolve("b"));
        assertThat(harmful.h()).isNegative();
        assertThat(harmful.logProbAfter()).isLessThan(harmful.logProbBefore());
        Outcome reversed = signStep(false, Feedback.NEW_MINUS_OLD, dir.resolve("c"));
        assertThat(reversed.logProbAfter()).isLessThan(reversed.logProbBefore());
        Outcome off = signStep(false, Feedback.OFF, dir.resolve("d"));
        assertThat(off.h()).isZero();
        assertThat(off.logProbAfter()).isEqualTo(off.logProbBefore());
    }

    @Test
    void theStepsWorkIsTheStudents(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager();
                ReducedMetaPseudoLabels rmpl = ReducedMetaPseudoLabels.builder()
                        .setLargeTeacherOutputs(store(Probe.mlp(m, 1, 1.0, 5, 3), concat(X_L, X_U), 3, dir.resolve("t"), m))
                        .setReducedTeacher(reduced(m, 3, 2), Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(Probe.mlp(m, 3, 1.0, 5, 3), Sgd.builder().setLearningRate(0.1).build())
                        .optConfig(MplConfig.paper()).build()) {
            assertThat(rmpl.name()).isEqualTo("reduced-mpl");
            // the student's step on 4 + 6 and its labeled loss before (the paper's paired forward) and after it
            assertThat(rmpl.work(0, 4, 6, true)).isEqualTo(new StepWork(10, 8));
        }
    }

    @Test
    void anInterruptedComputationResumesAndAForeignFileIsRefused(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Network large = Probe.mlp(m, 21, 1.0, 5, 3);
            double[] points = concat(X_L, X_U);
            Path whole = dir.resolve("whole.bin");
            store(large, points, 3, whole, m).close();
            Path cut = dir.resolve("cut.bin");
            Files.copy(whole, cut);
            try (FileChannel c = FileChannel.open(cut, StandardOpenOption.WRITE)) {
                c.truncate(c.size() - 17); // the last row and part of the one before
            }
            assertThatThrownBy(() -> LargeTeacherOutputs.open(cut)).isInstanceOf(FileFormatException.class)
                    .hasMessageContaining(cut.toString()).hasMessageContaining("interrupted computation");
            store(large, points, 3, cut, m).close();
            assertThat(Files.readAllBytes(cut)).isEqualTo(Files.readAllBytes(whole));
            assertThatThrownBy(() -> store(large, points, 4, whole, m)).isInstanceOf(FileFormatException.class)
                    .hasMessageContaining("holds 10 rows of 3 classes, not 10 of 4");
            Files.writeString(dir.resolve("text.bin"), "not a teacher's outputs, just some text");
            assertThatThrownBy(() -> LargeTeacherOutputs.open(dir.resolve("text.bin")))
                    .hasMessageContaining("no MPLT header");
        }
    }
}
