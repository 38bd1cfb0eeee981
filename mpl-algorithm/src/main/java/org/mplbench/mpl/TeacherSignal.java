package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.mplbench.mpl.MplConfig.Feedback;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.mpl.MplConfig.ReinforceTerm;
import org.mplbench.mpl.MplConfig.View;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.train.Sgd;
import org.mplbench.engine.Scalars;

/**
 * How the teacher learns from the student (paper §2): the pseudo labels it gives the student and the
 * MPL term of its own loss. {@link Reinforce}: hard labels ŷ and the first-order estimate
 * {@code h · CE(ŷ, T(x_u))}; {@link ExactGradient}: soft labels {@code q = softmax(T(x_u))} and the
 * exact gradient of the student's one-step labeled loss.
 */
interface TeacherSignal {

    /** Step 2: this step's pseudo labels, computed outside recording (no gradient flows into them). */
    PseudoLabels label(TeacherLogits t_logits, NDManager scope);

    /** The MPL term as logged, and as it enters the teacher's loss. */
    record MplTerm(NDArray t_loss_mpl, NDArray weighted) {}

    /** One step's pseudo labels, and the teacher's MPL term built on them. */
    interface PseudoLabels {

        /** What the student trains on. */
        Target target();

        /** Step 3, before the student moves. */
        default void beforeStudentStep(Student s, NDManager scope) {}

        /** Step 4: {@code s_loss_l_new}, the student's labeled loss after its step (training mode). */
        NDArray labeledLossAfter(Student s, NDArray x_l, Target y_l, Integer dropoutSeed, NDManager scope);

        /** Step 5, outside recording: what the MPL term holds constant. */
        default void beforeTeacherStep(Student s, NDArray x_us, NDManager scope, int dropoutSeed) {}

        /**
         * Step 5, recorded: the MPL term of the teacher's loss given the feedback {@code h}, on
         * micro-batch {@code part} of the step ({@code t_logits} its recorded logits).
         */
        MplTerm teacherTerm(TeacherLogits t_logits, int part, NDArray h, long step);
    }

    static TeacherSignal of(MplConfig c, double labelSmoothing, Sgd s_optimizer, MicroBatches micro) {
        return c.labels() == MplConfig.LabelKind.HARD
                ? new Reinforce(c.labelRule(), c.labelView(), c.reinforceTerm(), labelSmoothing, micro)
                : new ExactGradient(c.labelView(), c.feedback(), c.jvpEpsilon(), s_optimizer, micro);
    }

    /** Hard pseudo labels; the teacher's gradient is {@code h · ∇_T CE(ŷ, T(x_u))} (REINFORCE with the Taylor estimate h). */
    record Reinforce(PseudoLabelRule rule, View view, ReinforceTerm term, double labelSmoothing, MicroBatches micro)
            implements TeacherSignal {

        @Override
        public PseudoLabels label(TeacherLogits t_logits, NDManager scope) {
            NDArray t_logits_u = t_logits.on(view);
            NDArray y_hat = rule == PseudoLabelRule.ARGMAX ? t_logits_u.argMax(1) : sample(t_logits_u, scope);
            int classes = t_logits.classes();
            DataType dtype = t_logits.dataType();
            Target s_target = Target.ofLabels(y_hat, classes, dtype, labelSmoothing);
            // The teacher's target is built here, outside recording (in-place operations); without
            // label smoothing it is the student's (one operation fewer).
            Target t_target = term == ReinforceTerm.STRONG_ARGMAX
                    ? Target.ofLabels(t_logits.us().argMax(1), classes, dtype)
                    : labelSmoothing == 0 ? s_target : Target.ofLabels(y_hat, classes, dtype);
            List<Target> t_targets = micro.split(t_target);
            return new PseudoLabels() {
                @Override
                public Target target() {
                    return s_target;
                }

                @Override
                public NDArray labeledLossAfter(Student s, NDArray x_l, Target y_l, Integer dropoutSeed,
                        NDManager scope) {
                    return s.labeledLoss(x_l, y_l, dropoutSeed, scope);
                }

                @Override
                public MplTerm teacherTerm(TeacherLogits t_part, int part, NDArray h, long step) {
                    NDArray t_logits_mpl = term == ReinforceTerm.STRONG_ARGMAX ? t_part.us() : t_part.on(view);
                    NDArray t_loss_mpl = t_targets.get(part).loss(t_logits_mpl);
                    return new MplTerm(t_loss_mpl, t_loss_mpl.mul(h));
                }
            };
        }

        /** A sample from softmax(logits) by the Gumbel-max trick: argmax(logits + G), G = −log(−log U). */
        private static NDArray sample(NDArray logits, NDManager scope) {
            NDArray u = scope.randomUniform(1e-20f, 1f, logits.getShape(), logits.getDataType());
            return logits.sub(u.log().neg().log()).argMax(1);
        }
    }

    /**
     * Soft pseudo labels with the exact one-step teacher gradient. With {@code θ'_S = θ_S − η ∇_S L_u}
     * and {@code L_u = −(1/n) Σ_ik q_ik(θ_T) log s_ik(θ_S)} linear in {@code q},
     * {@code ∇_T L_l(θ'_S) = (η/n) ∂/∂θ_T Σ_ik q_ik(θ_T) d_ik} where {@code d_ik = g'ᵀ ∇_S log s_ik(θ_S)}
     * and {@code g' = ∇L_l(θ'_S)}: no second-order autograd, {@code d} is a Jacobian-vector product of
     * the student at its old weights ({@link Student#jvp}).
     */
    record ExactGradient(View view, Feedback feedback, double jvpEpsilon, Sgd s_optimizer, MicroBatches micro)
            implements TeacherSignal {

        @Override
        public PseudoLabels label(TeacherLogits t_logits, NDManager scope) {
            NDArray t_logits_u = t_logits.on(view);
            Target q = Target.ofDistribution(t_logits_u.softmax(1));
            return new PseudoLabels() {
                private NDList s_weights_old;
                private NDList d;

                @Override
                public Target target() {
                    return q;
                }

                @Override
                public void beforeStudentStep(Student s, NDManager scope) {
                    s_weights_old = s.weights(scope);
                }

                @Override
                public NDArray labeledLossAfter(Student s, NDArray x_l, Target y_l, Integer dropoutSeed,
                        NDManager scope) {
                    return s.labeledLossWithGradient(x_l, y_l, dropoutSeed, scope); // leaves g' in the student
                }

                @Override
                public void beforeTeacherStep(Student s, NDArray x_us, NDManager scope, int dropoutSeed) {
                    NDArray d_all = s.jvp(s_weights_old, x_us, jvpEpsilon, scope, dropoutSeed);
                    d = micro.count() == 1 ? new NDList(d_all) : d_all.split(micro.count(), 0);
                }

                @Override
                public MplTerm teacherTerm(TeacherLogits t_part, int part, NDArray h, long step) {
                    // (η_eff / n) Σ_ik q_ik(θ_T) d_ik with d held constant; h only gives the sign
                    double eta = s_optimizer.effectiveStepScale(step);
                    NDArray t_logits_u_i = t_part.on(view);
                    long n_u = t_logits_u_i.getShape().get(0);
                    NDArray t_loss_mpl = Scalars.mul(t_logits_u_i.softmax(1).mul(d.get(part)).sum(), eta / n_u);
                    return new MplTerm(t_loss_mpl, Scalars.mul(t_loss_mpl, feedback.sign()));
                }
            };
        }
    }
}
