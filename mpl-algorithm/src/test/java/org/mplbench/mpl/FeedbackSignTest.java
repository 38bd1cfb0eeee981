package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.mpl.MplConfig.Feedback;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;
import org.mplbench.train.Sgd;

/**
 * The direction of the teacher's update. The teacher's supervised term is switched off so that the
 * step isolates the MPL feedback; the teacher is pre-trained on the true (helpful) or the flipped
 * (harmful) moon labels of the unlabeled points, so its argmax pseudo labels are mostly right or
 * mostly wrong; the student is pre-trained briefly on the labeled points.
 */
class FeedbackSignTest {

    @Test
    void paperSignRaisesProbabilityOfHelpfulLabels() {
        Outcome o = run(false, Feedback.OLD_MINUS_NEW);
        assertThat(o.h).as("helpful labels lower the student's labeled loss, so h > 0").isPositive();
        assertThat(o.logProbAfter).isGreaterThan(o.logProbBefore);
    }

    @Test
    void paperSignLowersProbabilityOfHarmfulLabels() {
        Outcome o = run(true, Feedback.OLD_MINUS_NEW);
        assertThat(o.h).as("harmful labels raise the student's labeled loss, so h < 0").isNegative();
        assertThat(o.logProbAfter).isLessThan(o.logProbBefore);
    }

    @Test
    void referenceCodeSignDoesTheOpposite() {
        Outcome helpful = run(false, Feedback.NEW_MINUS_OLD);
        assertThat(helpful.h).isNegative();
        assertThat(helpful.logProbAfter).isLessThan(helpful.logProbBefore);
        Outcome harmful = run(true, Feedback.NEW_MINUS_OLD);
        assertThat(harmful.h).isPositive();
        assertThat(harmful.logProbAfter).isGreaterThan(harmful.logProbBefore);
    }

    @Test
    void noFeedbackLeavesTheTeacherUnchanged() {
        Outcome o = run(false, Feedback.OFF);
        assertThat(o.h).isZero();
        assertThat(o.logProbAfter).isEqualTo(o.logProbBefore);
    }

    @Test
    void theFeedbackScaleScalesTheTeachersMplStep() {
        // no supervised term: the teacher's step is the MPL term's alone, linear in its factor
        double[] one = run(false, Feedback.OLD_MINUS_NEW, 1).teacherStep();
        double[] ten = run(false, Feedback.OLD_MINUS_NEW, 10).teacherStep();
        double norm = 0;
        for (int i = 0; i < one.length; i++) {
            assertThat(ten[i]).isCloseTo(10.0 * one[i], org.assertj.core.api.Assertions.offset(1e-9));
            norm += Math.abs(one[i]);
        }
        assertThat(norm).isPositive();
    }

    private record Outcome(double h, double logProbBefore, double logProbAfter, double[] teacherStep) {}

    private static Outcome run(boolean flipLabels, Feedback feedback) {
        return run(flipLabels, feedback, 1);
    }

    private static Outcome run(boolean flipLabels, Feedback feedback, double scale) {
        TwoMoon.Data data = TwoMoon.generate(new TwoMoonConfig(100, 10, 0.1, 10), 5);
        double[] xu = Probe.toDouble(data.unlabeled().xy());
        int[] yu = data.unlabeled().label().clone();
        if (flipLabels) {
            for (int i = 0; i < yu.length; i++) {
                yu[i] = 1 - yu[i];
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = Probe.mlp(m, 31, 1.0, 8, 2);
            Network student = Probe.mlp(m, 32, 1.0, 8, 2);
            NDArray x_u = Probe.points(m, xu);
            NDArray x_l = Probe.points(m, Probe.toDouble(data.labeled().xy()));
            NDArray y_l = m.create(data.labeled().label());
            Probe.pretrain(teacher, x_u, m.create(yu), 300, m);
            // A student that already leans the right way on labeled data, so its labeled loss
            // measures label quality rather than a confidently wrong random start.
            Probe.pretrain(student, x_l, y_l, 20, m);

            MplConfig config = MplConfig.paper()
                    .toBuilder().optFeedback(feedback).optLabelRule(PseudoLabelRule.ARGMAX)
                    .optTeacherSupervisedWeight(0).optFeedbackScale(scale).build();
            try (MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                    .setTeacher(teacher, Sgd.builder().setLearningRate(50).build())
                    .setStudent(student, Sgd.builder().setLearningRate(0.3).build())
                    .optConfig(config)
                    .build();
                    NDManager scope = m.newSubManager()) {
                NDArray y_hat = teacher.forward(x_u, false).argMax(1);
                double before = -Losses.crossEntropy(teacher.forward(x_u, false), y_hat).getDouble();
                double[] w0 = teacher.weights().get(0).toDoubleArray();
                StepLog log = mpl.step(SslBatch.singleView(x_l.duplicate(), y_l.duplicate(), x_u.duplicate(), scope), 0);
                double h = log.value("h");
                double after = -Losses.crossEntropy(teacher.forward(x_u, false), y_hat).getDouble();
                double[] w1 = teacher.weights().get(0).toDoubleArray();
                for (int i = 0; i < w1.length; i++) {
                    w1[i] -= w0[i];
                }
                return new Outcome(h, before, after, w1);
            }
        }
    }
}
