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
 */
public record MplConfig(
        Feedback feedback,
        PseudoLabelRule labelRule,
        LabelKind labels,
        boolean movingAverageBaseline,
        double baselineDecay,
        double teacherSupervisedWeight,
        double jvpEpsilon) {

    /** Sign of the teacher's feedback signal. */
    public enum Feedback {
        /** {@code h = L_l(old student) − L_l(new student)}: the first-order Taylor form of the derivation. */
        OLD_MINUS_NEW(1),
        /** {@code h = new − old}, as in the best-known PyTorch code. */
        NEW_MINUS_OLD(-1),
        /** {@code h = 0}: the teacher gets no feedback from the student (an ablation). */
        OFF(0);

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
    }

    /** The derivation: {@code h = old − new}, sampled hard labels, no baseline. */
    public static MplConfig paper() {
        return new MplConfig(Feedback.OLD_MINUS_NEW, PseudoLabelRule.SAMPLE, LabelKind.HARD, false, 0.99, 1.0, 1e-3);
    }

    /** The best-known PyTorch code: {@code h = new − old}, argmax hard labels, no baseline. */
    public static MplConfig referenceCode() {
        return new MplConfig(Feedback.NEW_MINUS_OLD, PseudoLabelRule.ARGMAX, LabelKind.HARD, false, 0.99, 1.0, 1e-3);
    }

    /** Soft pseudo labels with the exact one-step teacher gradient (finite-difference JVP). */
    public static MplConfig soft() {
        return new MplConfig(Feedback.OLD_MINUS_NEW, PseudoLabelRule.ARGMAX, LabelKind.SOFT, false, 0.99, 1.0, 1e-3);
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

    public MplConfig withFeedback(Feedback f) {
        return new MplConfig(f, labelRule, labels, movingAverageBaseline, baselineDecay, teacherSupervisedWeight, jvpEpsilon);
    }

    public MplConfig withLabelRule(PseudoLabelRule r) {
        return new MplConfig(feedback, r, labels, movingAverageBaseline, baselineDecay, teacherSupervisedWeight, jvpEpsilon);
    }

    public MplConfig withBaseline(boolean on) {
        return new MplConfig(feedback, labelRule, labels, on, baselineDecay, teacherSupervisedWeight, jvpEpsilon);
    }

    public MplConfig withTeacherSupervisedWeight(double w) {
        return new MplConfig(feedback, labelRule, labels, movingAverageBaseline, baselineDecay, w, jvpEpsilon);
    }

    public MplConfig withJvpEpsilon(double eps) {
        return new MplConfig(feedback, labelRule, labels, movingAverageBaseline, baselineDecay, teacherSupervisedWeight, eps);
    }
}
