package org.mplbench.mpl;

import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;

/**
 * What varies between descriptions of Meta Pseudo Labels. The public implementations disagree on
 * the sign of the teacher's feedback, the pseudo-label rule and the baseline (see
 * {@code reference/paper.md} §2), so each is a field; {@link #paper()} and {@link #referenceCode()}
 * are the two presets.
 *
 * @param feedback how the scalar {@code h} multiplying the teacher's MPL term is formed
 * @param labelRule how the hard pseudo label ŷ is drawn from the teacher
 * @param labels hard labels with the REINFORCE-style feedback, or soft labels with the exact
 *     one-step teacher gradient
 * @param movingAverageBaseline subtract an exponential moving average of {@code h} from {@code h}
 *     (the official code's baseline: {@code b ← b − (1 − decay)(b − h)}, updated before use)
 * @param baselineDecay decay of that average, in [0, 1) (official code: 0.99)
 * @param teacherSupervisedWeight weight of the teacher's cross-entropy on labeled data (1 in the
 *     paper; the TwoMoon section does not say which teacher losses were active)
 * @param jvpEpsilon soft labels only: finite-difference step along the student's labeled-loss
 *     gradient, relative to that gradient's norm
 * @param labelView the unlabeled view whose teacher prediction gives the student's pseudo labels
 *     (the student always trains on the strong view)
 * @param reinforceTerm hard labels: which label and view the teacher's MPL cross-entropy uses
 * @param oldLoss how the student's labeled loss before its step is measured
 * @param feedbackScale factor on the teacher's MPL term (1 in every description of MPL; the TwoMoon
 *     sweep raises it, since |h| is ~1e-3 there and the teacher's supervised loss dominates)
 * @param studentStepsPerTeacherStep the teacher steps on every {@code k}-th step only, with that step's
 *     {@code h}; the student steps on every step, on the teacher's labels (1 in every description of MPL;
 *     an open choice of the TwoMoon figure). Left out of a run's specification at 1, so that the
 *     specifications written before it existed stay current.
 */
public record MplConfig(
        Feedback feedback,
        PseudoLabelRule labelRule,
        LabelKind labels,
        boolean movingAverageBaseline,
        double baselineDecay,
        double teacherSupervisedWeight,
        double jvpEpsilon,
        View labelView,
        ReinforceTerm reinforceTerm,
        OldLoss oldLoss,
        double feedbackScale,
        int studentStepsPerTeacherStep) {

    /** An unlabeled view. Without augmentation (TwoMoon) both are the same inputs. */
    public enum View {
        WEAK,
        STRONG
    }

    /** The teacher's MPL term for hard labels: {@code h · CE(label, T(view))}. */
    public enum ReinforceTerm {
        /** The label ŷ the student trained on, on the view it was drawn from (the derivation's REINFORCE). */
        STUDENT_LABEL,
        /** {@code argmax T(x_us)} on the strong view, whatever the student trained on (the PyTorch code). */
        STRONG_ARGMAX
    }

    /** Where {@code s_loss_l_old} comes from. */
    public enum OldLoss {
        /**
         * The labeled half of the student's forward on {@code [x_l, x_us]} (both codes): batch-norm
         * statistics and dropout masks differ from the second forward, which adds noise to {@code h}
         * unrelated to the student's step.
         */
        JOINT_FORWARD,
        /**
         * A forward on {@code x_l} alone with the same dropout masks as the forward after the step, so
         * {@code h} measures only the step's effect. Costs one forward of the labeled batch.
         */
        PAIRED_FORWARD
    }

    /** Sign of the teacher's feedback signal. */
    public enum Feedback {
        /** {@code h = L_l(old student) − L_l(new student)}: the first-order Taylor form of the derivation. */
        OLD_MINUS_NEW(1),
        /** {@code h = new − old}, as in the best-known PyTorch code. */
        NEW_MINUS_OLD(-1),
        /** {@code h = 0}: the teacher gets no feedback from the student (an ablation). */
        OFF(0),
        /**
         * {@code h = cos(∇L_l(θ'_S), ∇L_u(θ_S))}, the ICLR precursor's form: the direction of the
         * derivation's {@code η·∇L_l(θ'_S)ᵀ∇L_u(θ_S)} without its scale (hard labels only; the
         * precursor also subtracted a moving average, {@link MplConfig#movingAverageBaseline()}).
         */
        COSINE(1);

        private final int sign;

        Feedback(int sign) {
            this.sign = sign;
        }

        /** Multiplier of {@code old − new}. */
        public int sign() {
            return sign;
        }
    }

    /** How the hard pseudo label is taken from the teacher's distribution. */
    public enum PseudoLabelRule {
        /** ŷ ~ softmax(T(x_u)) (the paper). */
        SAMPLE,
        /** ŷ = argmax T(x_u) (the reference code). */
        ARGMAX
    }

    /** Hard pseudo labels (REINFORCE feedback) or soft ones (exact one-step gradient). */
    public enum LabelKind {
        HARD,
        SOFT
    }

    public MplConfig {
        Check.notNull("mpl.feedback", feedback);
        Check.notNull("mpl.label_rule", labelRule);
        Check.notNull("mpl.labels", labels);
        Check.closedOpen("mpl.baseline_decay", baselineDecay, 0, 1);
        Check.closed("mpl.teacher_supervised_weight", teacherSupervisedWeight, 0, 1000);
        Check.openClosed("mpl.jvp_epsilon", jvpEpsilon, 0, 1);
        Check.notNull("mpl.label_view", labelView);
        Check.notNull("mpl.reinforce_term", reinforceTerm);
        Check.notNull("mpl.old_loss", oldLoss);
        Check.openClosed("mpl.feedback_scale", feedbackScale, 0, 1e9);
        Check.closed("mpl.student_steps_per_teacher_step", studentStepsPerTeacherStep, 1, 1_000_000);
        if (feedback == Feedback.COSINE && labels == LabelKind.SOFT) {
            throw new ConfigException("mpl.feedback", "COSINE is a hard-label feedback; soft labels use the exact "
                    + "gradient, where h gives only the sign");
        }
    }

    /** Whether the teacher steps at {@code step} (every step unless {@link #studentStepsPerTeacherStep} > 1). */
    public boolean teacherStepsAt(long step) {
        return (step + 1) % studentStepsPerTeacherStep == 0;
    }

    /**
     * The derivation: {@code h = old − new} measured with paired forwards, ŷ sampled from the
     * teacher on the strong view the student trains on, REINFORCE on that same ŷ and view, no baseline.
     */
    public static MplConfig paper() {
        return new Builder().build();
    }

    /**
     * The best-known PyTorch code: {@code h = new − old} from the joint forward, ŷ = argmax of the
     * teacher on the weak view, REINFORCE on {@code argmax T(x_us)}, no baseline.
     */
    public static MplConfig referenceCode() {
        return new Builder().optFeedback(Feedback.NEW_MINUS_OLD).optLabelRule(PseudoLabelRule.ARGMAX)
                .optLabelView(View.WEAK).optReinforceTerm(ReinforceTerm.STRONG_ARGMAX).optOldLoss(OldLoss.JOINT_FORWARD)
                .build();
    }

    /**
     * Soft pseudo labels {@code softmax(T(x_us))} (the official code's student target) with the exact
     * one-step teacher gradient (finite-difference JVP).
     */
    public static MplConfig soft() {
        return new Builder().optLabels(LabelKind.SOFT).optLabelRule(PseudoLabelRule.ARGMAX).build();
    }

    /** A preset by name: {@code paper}, {@code reference-code}, {@code soft}. */
    public static MplConfig preset(String name) {
        return switch (name == null ? "" : name.trim()) {
            case "paper" -> paper();
            case "reference-code" -> referenceCode();
            case "soft" -> soft();
            default -> throw new ConfigException(
                    "mpl.preset", "'" + name + "' is not one of: paper, reference-code, soft");
        };
    }

    /** A builder holding this configuration, to change some of its fields. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.feedback = feedback;
        b.labelRule = labelRule;
        b.labels = labels;
        b.movingAverageBaseline = movingAverageBaseline;
        b.baselineDecay = baselineDecay;
        b.teacherSupervisedWeight = teacherSupervisedWeight;
        b.jvpEpsilon = jvpEpsilon;
        b.labelView = labelView;
        b.reinforceTerm = reinforceTerm;
        b.oldLoss = oldLoss;
        b.feedbackScale = feedbackScale;
        b.studentStepsPerTeacherStep = studentStepsPerTeacherStep;
        return b;
    }

    /** Starts from {@link #paper()}; every field optional, validated by {@link #build()}. */
    public static final class Builder {
        private Feedback feedback = Feedback.OLD_MINUS_NEW;
        private PseudoLabelRule labelRule = PseudoLabelRule.SAMPLE;
        private LabelKind labels = LabelKind.HARD;
        private boolean movingAverageBaseline;
        private double baselineDecay = 0.99;
        private double teacherSupervisedWeight = 1.0;
        private double jvpEpsilon = 1e-3;
        private View labelView = View.STRONG;
        private ReinforceTerm reinforceTerm = ReinforceTerm.STUDENT_LABEL;
        private OldLoss oldLoss = OldLoss.PAIRED_FORWARD;
        private double feedbackScale = 1.0;
        private int studentStepsPerTeacherStep = 1;

        private Builder() {}

        public Builder optFeedback(Feedback f) {
            this.feedback = f;
            return this;
        }

        public Builder optLabelRule(PseudoLabelRule r) {
            this.labelRule = r;
            return this;
        }

        public Builder optLabels(LabelKind k) {
            this.labels = k;
            return this;
        }

        /** The official code's moving-average baseline of {@code h} (decay as configured, default 0.99). */
        public Builder optBaseline(boolean on) {
            this.movingAverageBaseline = on;
            return this;
        }

        public Builder optTeacherSupervisedWeight(double w) {
            this.teacherSupervisedWeight = w;
            return this;
        }

        public Builder optJvpEpsilon(double eps) {
            this.jvpEpsilon = eps;
            return this;
        }

        public Builder optLabelView(View v) {
            this.labelView = v;
            return this;
        }

        public Builder optReinforceTerm(ReinforceTerm r) {
            this.reinforceTerm = r;
            return this;
        }

        public Builder optOldLoss(OldLoss o) {
            this.oldLoss = o;
            return this;
        }

        /** Factor on the teacher's MPL term (default 1). */
        public Builder optFeedbackScale(double scale) {
            this.feedbackScale = scale;
            return this;
        }

        /** The teacher steps on every {@code k}-th step only (default 1: every step). */
        public Builder optStudentStepsPerTeacherStep(int k) {
            this.studentStepsPerTeacherStep = k;
            return this;
        }

        public MplConfig build() {
            return new MplConfig(feedback, labelRule, labels, movingAverageBaseline, baselineDecay,
                    teacherSupervisedWeight, jvpEpsilon, labelView, reinforceTerm, oldLoss, feedbackScale,
                    studentStepsPerTeacherStep);
        }
    }
}
