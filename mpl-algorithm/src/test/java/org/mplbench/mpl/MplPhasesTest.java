package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.mplbench.mpl.MplConfig.OldLoss;
import org.mplbench.mpl.MplConfig.ReinforceTerm;
import org.mplbench.mpl.MplConfig.View;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;
import org.mplbench.train.WarmupCosine;

/** MPL on a network with batch norm and dropout: the feedback measurement, the UDA teacher, finetuning. */
class MplPhasesTest {

    private static Network wrn(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return Network.create(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0.5).build(), m,
                DataType.FLOAT32, new Shape(1, 3, 8, 8));
    }

    private static SslBatch batch(NDManager scope, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return new SslBatch(scope.randomNormal(new Shape(4, 3, 8, 8)), scope.create(new int[] {0, 1, 2, 1}),
                scope.randomNormal(new Shape(6, 3, 8, 8)), scope.randomNormal(new Shape(6, 3, 8, 8)), scope);
    }

    /** A student whose learning rate is 0 at step 0 (it is still waiting). */
    private static Sgd waitingStudent() {
        return Sgd.builder().setLearningRate(WarmupCosine.of(0.1, 5, 1, 10)).optMomentum(0.9).optNesterov(true).build();
    }

    private static double hAtStepZero(MplConfig config) {
        try (NDManager m = NDManager.newBaseManager();
                MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                        .setTeacher(wrn(m, 1), Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(wrn(m, 2), waitingStudent())
                        .optConfig(config).optUda(UdaConfig.cifar(0)).optSeed(7).build();
                NDManager scope = m.newSubManager()) {
            return mpl.step(batch(scope, 3), 0).value("h");
        }
    }

    @Test
    void pairedForwardsMeasureOnlyTheStudentsStep() {
        // The student does not move (learning rate 0), so the true feedback is exactly 0. Paired
        // forwards (same batch, same dropout masks) see that; the codes' joint forward does not:
        // batch-norm statistics over [x_l, x_us] and other dropout masks make h noise.
        assertThat(hAtStepZero(MplConfig.paper().toBuilder().optOldLoss(OldLoss.PAIRED_FORWARD).build())).isZero();
        assertThat(Math.abs(hAtStepZero(MplConfig.paper().toBuilder().optOldLoss(OldLoss.JOINT_FORWARD).build()))).isGreaterThan(1e-4);
    }

    @Test
    void finetuningStartsFromTheStudentsAverageAndLeavesTheTeacherAlone() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = wrn(m, 1);
            Network student = wrn(m, 2);
            Network average = wrn(m, 4);
            try (MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                    .setTeacher(teacher, Sgd.builder().setLearningRate(0.1).build())
                    .setStudent(student, Sgd.builder().setLearningRate(0.1).build())
                    .optUda(UdaConfig.cifar(0)).optLabelSmoothing(0.15)
                    .optStudentEma(average, 0.9, false)
                    .optFinetune(2, Sgd.builder().setLearningRate(1e-9).build())
                    .build()) {
                for (int s = 0; s < 2; s++) {
                    try (NDManager scope = m.newSubManager()) {
                        StepLog log = mpl.step(batch(scope, 10 + s), s);
                        assertThat(log.read()).containsKeys("h", "t_loss_uda", "t_mask_rate", "s_loss_u");
                    }
                }
                assertThat(mpl.evaluationModel()).isSameAs(average);
                float[] avg = average.weights().get(0).toFloatArray();
                float[] studentBefore = student.weights().get(0).toFloatArray();
                assertThat(studentBefore).isNotEqualTo(avg);
                float[] t = teacher.weights().get(0).toFloatArray();
                try (NDManager scope = m.newSubManager()) {
                    StepLog log = mpl.step(batch(scope, 20), 2);
                    assertThat(log.read()).containsOnlyKeys("s_loss_finetune");
                }
                assertThat(mpl.evaluationModel()).isSameAs(student);
                float[] after = student.weights().get(0).toFloatArray();
                for (int i = 0; i < after.length; i++) {
                    assertThat(after[i]).isCloseTo(avg[i], offset(1e-6f));
                }
                assertThat(teacher.weights().get(0).toFloatArray()).containsExactly(t);
            }
        }
    }

    /** The finetuning loss of the first finetuning step, with the engine reseeded to {@code engineSeed} just before it. */
    private static double firstFinetuneLoss(boolean dropout, int engineSeed) {
        try (NDManager m = NDManager.newBaseManager();
                MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                        .setTeacher(wrn(m, 1), Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(wrn(m, 2), Sgd.builder().setLearningRate(0.1).build())
                        .optFinetune(1, Sgd.builder().setLearningRate(0.1).build()).optFinetuneDropout(dropout)
                        .build()) {
            try (NDManager scope = m.newSubManager()) {
                mpl.step(batch(scope, 10), 0);
            }
            try (NDManager scope = m.newSubManager()) {
                SslBatch b = batch(scope, 20);
                Engine.getInstance().setRandomSeed(engineSeed);
                return mpl.step(b, 1).value("s_loss_finetune");
            }
        }
    }

    @Test
    void finetuningWithoutDropoutDrawsNoMasks() {
        // dropout 0.5 before the classifier: with it on, the loss depends on the engine's draws; off, it does not
        assertThat(firstFinetuneLoss(false, 1)).isEqualTo(firstFinetuneLoss(false, 2));
        assertThat(firstFinetuneLoss(true, 1)).isNotEqualTo(firstFinetuneLoss(true, 2));
    }

    @Test
    void presetsPinTheViewsAndTheFeedbackMeasurement() {
        assertThat(MplConfig.paper().labelView()).isEqualTo(View.STRONG);
        assertThat(MplConfig.paper().reinforceTerm()).isEqualTo(ReinforceTerm.STUDENT_LABEL);
        assertThat(MplConfig.paper().oldLoss()).isEqualTo(OldLoss.PAIRED_FORWARD);
        assertThat(MplConfig.referenceCode().labelView()).isEqualTo(View.WEAK);
        assertThat(MplConfig.referenceCode().reinforceTerm()).isEqualTo(ReinforceTerm.STRONG_ARGMAX);
        assertThat(MplConfig.referenceCode().oldLoss()).isEqualTo(OldLoss.JOINT_FORWARD);
        assertThat(MplConfig.soft().labelView()).isEqualTo(View.STRONG);
    }

    @Test
    void referenceCodeReinforceTermUsesTheStrongViewArgmaxNotTheStudentsLabel() {
        // With the weak view's labels for the student, the two REINFORCE terms differ whenever the
        // teacher's argmax on the two views differs; at initialisation on random views it does.
        try (NDManager m = NDManager.newBaseManager()) {
            double[] mpl = new double[2];
            ReinforceTerm[] terms = {ReinforceTerm.STUDENT_LABEL, ReinforceTerm.STRONG_ARGMAX};
            for (int k = 0; k < 2; k++) {
                MplConfig c = MplConfig.referenceCode().toBuilder().optReinforceTerm(terms[k]).build();
                try (MetaPseudoLabels method = MetaPseudoLabels.builder()
                        .setTeacher(wrn(m, 1), Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(wrn(m, 2), Sgd.builder().setLearningRate(0.1).build())
                        .optConfig(c).optSeed(7).build();
                        NDManager scope = m.newSubManager()) {
                    mpl[k] = method.step(batch(scope, 3), 0).value("t_loss_mpl");
                }
            }
            assertThat(mpl[0]).isNotEqualTo(mpl[1]);
        }
    }
}
