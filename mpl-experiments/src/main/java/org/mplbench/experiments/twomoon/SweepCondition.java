package org.mplbench.experiments.twomoon;

import java.util.List;
import java.util.Locale;
import org.mplbench.config.Check;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.mpl.MplConfig;

/**
 * One condition of the TwoMoon sweep: what the paper leaves open about Figure 2, each a field. The
 * faithful replay ({@link #FAITHFUL}) is the paper's stated setup (2 × 1,000 points, 6 random labels,
 * MLP 2-8-8-2 sigmoid, U(±0.1), SGD 0.1) with the `cpu` profile's minibatch of 64; a condition changes a
 * few fields of it and says which in its name. 12,000 steps: in the faithful replay MPL's student
 * leaves chance only after ~5,000–10,000 steps (it trails its teacher) and nothing changes after
 * ~12,000 (measured to 40,000 on seeds 0 and 1, docs/fig2.md).
 *
 * @param name short identifier (directory and table row)
 * @param figureStars the labeled points nearest to the figure's six stars instead of random draws per seed
 * @param noise Gaussian noise σ of the moons
 * @param pointsPerMoon training points per moon
 * @param steps steps of each model (Pseudo Labels: per phase)
 * @param unlabeledBatch unlabeled points per step (0: all of them)
 * @param lrTeacher learning rate of the teacher and of single networks (Supervised)
 * @param lrStudent learning rate of the students (Pseudo Labels, MPL)
 * @param feedbackScale factor on the teacher's MPL term
 * @param soft soft pseudo labels with the exact one-step teacher gradient instead of sampled hard labels
 * @param teacherSupervised whether MPL's teacher also minimises CE on the labeled points
 * @param argmax hard labels by argmax instead of sampling
 * @param baseline subtract a moving average of h (the official code's baseline, decay 0.99)
 * @param teacherFromSupervised MPL's teacher starts as the trained Supervised model instead of at random
 * @param udaWeight weight of a UDA term on MPL's teacher (τ 0.7, threshold 0.6; the unlabeled views are
 *     the same points, so it rewards confident predictions); 0: none, as in the paper's stated setup
 * @param noFeedback the teacher gets no feedback (h = 0): the ablation that shows what the feedback adds
 * @param initRange every model's weights start in U(±initRange) (the paper: 0.1)
 * @param studentSteps student steps per teacher step (the teacher steps on every {@code studentSteps}-th)
 * @param cosine the ICLR precursor's feedback: h = cos(∇L_l after the student's step, ∇L_u of the step),
 *     less its moving average (as the precursor)
 * @param heldOutPerMoon MPL only (the baselines train on every label): the last labeled points of each moon
 *     held out of the teacher's supervised loss, the student measured on them for h (the first arXiv
 *     version's held-out set); 0: none
 * @param seedCap run only the grid's first {@code seedCap} seeds (0: all): a condition cut for compute, and
 *     its table row says so through its n
 */
record SweepCondition(String name, boolean figureStars, double noise, int pointsPerMoon, long steps,
        int unlabeledBatch, double lrTeacher, double lrStudent, double feedbackScale, boolean soft,
        boolean teacherSupervised, boolean argmax, boolean baseline, boolean teacherFromSupervised, double udaWeight,
        boolean noFeedback, double initRange, int studentSteps, boolean cosine, int heldOutPerMoon, int seedCap) {

    /** The paper's initial range, U(±0.1). */
    private static final double FAITHFUL_INIT = 0.1;
    /** The paper's stated setup, at the sweep's length. */
    static final SweepCondition FAITHFUL = new SweepCondition("faithful", false, 0.1, 1000, 12_000, 64, 0.1, 0.1, 1,
            false, true, false, false, false, 0, false, FAITHFUL_INIT, 1, false, 0, 0);
    /** The decision-boundary figures' grid side. */
    static final int GRID = 100;

    SweepCondition {
        Check.notNull("sweep.name", name);
        if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
            throw new IllegalArgumentException("condition name '" + name + "': lower case, digits, '.', '-'");
        }
        Check.closed("sweep.noise", noise, 0.0, 1.0);
        Check.closed("sweep.points_per_moon", pointsPerMoon, 10, 100_000);
        Check.closed("sweep.steps", steps, 1L, 10_000_000L);
        Check.openClosed("sweep.lr_teacher", lrTeacher, 0, 100);
        Check.openClosed("sweep.lr_student", lrStudent, 0, 100);
        Check.openClosed("sweep.feedback_scale", feedbackScale, 0, 1e9);
        Check.openClosed("sweep.init_range", initRange, 0, 10);
        Check.closed("sweep.student_steps", studentSteps, 1, 1000);
        Check.closed("sweep.held_out_per_moon", heldOutPerMoon, 0, 2);
        if (heldOutPerMoon > 0 && teacherFromSupervised) {
            throw new IllegalArgumentException("condition '" + name + "': a teacher trained as the Supervised "
                    + "baseline sees every label, so none can be held out");
        }
        if (cosine && soft) {
            throw new IllegalArgumentException("condition '" + name + "': the cosine feedback is for hard labels");
        }
    }

    SweepCondition named(String n) {
        return edit(b -> b.name = n);
    }

    SweepCondition withStars(boolean on) {
        return edit(b -> b.figureStars = on);
    }

    SweepCondition withData(double sigma, int points) {
        return edit(b -> {
            b.noise = sigma;
            b.pointsPerMoon = points;
        });
    }

    SweepCondition withTraining(long n, int batch, double lrT, double lrS) {
        return edit(b -> {
            b.steps = n;
            b.unlabeledBatch = batch;
            b.lrTeacher = lrT;
            b.lrStudent = lrS;
        });
    }

    SweepCondition withMpl(double scale, boolean softLabels, boolean supervisedTeacher) {
        return edit(b -> {
            b.feedbackScale = scale;
            b.soft = softLabels;
            b.teacherSupervised = supervisedTeacher;
        });
    }

    SweepCondition withHardLabels(boolean byArgmax, boolean movingBaseline) {
        return edit(b -> {
            b.argmax = byArgmax;
            b.baseline = movingBaseline;
        });
    }

    SweepCondition withTeacherFromSupervised(boolean on) {
        return edit(b -> b.teacherFromSupervised = on);
    }

    SweepCondition withTeacherUda(double weight, boolean withoutFeedback) {
        return edit(b -> {
            b.udaWeight = weight;
            b.noFeedback = withoutFeedback;
        });
    }

    SweepCondition withInitRange(double range) {
        return edit(b -> b.initRange = range);
    }

    SweepCondition withStudentSteps(int k) {
        return edit(b -> b.studentSteps = k);
    }

    SweepCondition withCosineFeedback(boolean on) {
        return edit(b -> b.cosine = on);
    }

    SweepCondition withHeldOut(int perMoon) {
        return edit(b -> b.heldOutPerMoon = perMoon);
    }

    SweepCondition withSeedCap(int n) {
        return edit(b -> b.seedCap = n);
    }

    /** This condition with some fields changed (validated again). */
    private SweepCondition edit(java.util.function.Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return f.build();
    }

    /** The fields of a condition, to change some of them. */
    private static final class Fields {
        String name;
        boolean figureStars;
        double noise;
        int pointsPerMoon;
        long steps;
        int unlabeledBatch;
        double lrTeacher;
        double lrStudent;
        double feedbackScale;
        boolean soft;
        boolean teacherSupervised;
        boolean argmax;
        boolean baseline;
        boolean teacherFromSupervised;
        double udaWeight;
        boolean noFeedback;
        double initRange;
        int studentSteps;
        boolean cosine;
        int heldOutPerMoon;
        int seedCap;

        Fields(SweepCondition c) {
            name = c.name;
            figureStars = c.figureStars;
            noise = c.noise;
            pointsPerMoon = c.pointsPerMoon;
            steps = c.steps;
            unlabeledBatch = c.unlabeledBatch;
            lrTeacher = c.lrTeacher;
            lrStudent = c.lrStudent;
            feedbackScale = c.feedbackScale;
            soft = c.soft;
            teacherSupervised = c.teacherSupervised;
            argmax = c.argmax;
            baseline = c.baseline;
            teacherFromSupervised = c.teacherFromSupervised;
            udaWeight = c.udaWeight;
            noFeedback = c.noFeedback;
            initRange = c.initRange;
            studentSteps = c.studentSteps;
            cosine = c.cosine;
            heldOutPerMoon = c.heldOutPerMoon;
            seedCap = c.seedCap;
        }

        SweepCondition build() {
            return new SweepCondition(name, figureStars, noise, pointsPerMoon, steps, unlabeledBatch, lrTeacher,
                    lrStudent, feedbackScale, soft, teacherSupervised, argmax, baseline, teacherFromSupervised, udaWeight,
                    noFeedback, initRange, studentSteps, cosine, heldOutPerMoon, seedCap);
        }
    }

    /** Whether this condition runs the grid's {@code index}-th seed. */
    boolean runs(int index) {
        return seedCap == 0 || index < seedCap;
    }

    /** The teacher's UDA term, or null. */
    org.mplbench.ssl.UdaConfig uda() {
        return udaWeight == 0 ? null : new org.mplbench.ssl.UdaConfig(0.7, 0.6, udaWeight, 0, false);
    }

    /** This condition's data, model and schedule (the student's rate is {@link #lrStudent}). */
    TwoMoonSettings settings(List<Long> seeds, long stepCap) {
        return new TwoMoonSettings(new TwoMoonConfig(pointsPerMoon, 3, noise, 1000), Math.min(steps, stepCap),
                unlabeledBatch, lrTeacher, initRange, seeds, GRID);
    }

    float[][] stars() {
        return figureStars ? TwoMoon.FIGURE_STARS : null;
    }

    /** MPL as trained under this condition. */
    TwoMoonRunner.Variant mpl() {
        MplConfig base = soft ? MplConfig.soft() : MplConfig.paper();
        MplConfig.Builder b = base.toBuilder().optOldLoss(TwoMoonRunner.OLD_LOSS).optFeedbackScale(feedbackScale)
                .optTeacherSupervisedWeight(teacherSupervised ? 1 : 0).optBaseline(baseline);
        if (argmax) {
            b.optLabelRule(MplConfig.PseudoLabelRule.ARGMAX);
        }
        if (noFeedback) {
            b.optFeedback(MplConfig.Feedback.OFF);
        }
        if (cosine) {
            b.optFeedback(MplConfig.Feedback.COSINE).optBaseline(true);
        }
        b.optStudentStepsPerTeacherStep(studentSteps);
        MplConfig c = b.build();
        MethodRegistry.Entry e = MethodRegistry.get("mpl", soft ? "soft" : "paper").withMpl(c);
        return new TwoMoonRunner.Variant(e, soft ? "soft labels, exact one-step teacher gradient"
                : "h = old − new, sampled hard labels");
    }

    /**
     * The baselines do not depend on MPL's fields: conditions that share data and schedule share their
     * Supervised and Pseudo Labels runs, under this key.
     */
    String baselineKey() {
        // the initial range joined the key later: at the paper's 0.1 the key is the one of the grids before it
        return String.format(Locale.ROOT, "base-%s-n%s-p%d-s%d-b%d-lt%s-ls%s%s", figureStars ? "stars" : "random",
                num(noise), pointsPerMoon, steps, unlabeledBatch, num(lrTeacher), num(lrStudent),
                initRange == FAITHFUL_INIT ? "" : "-i" + num(initRange));
    }

    /** What differs from {@link #FAITHFUL}, in words. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        SweepCondition f = FAITHFUL;
        add(sb, figureStars != f.figureStars, "the figure's six stars as labels");
        add(sb, noise != f.noise, "noise σ " + num(noise));
        add(sb, pointsPerMoon != f.pointsPerMoon, pointsPerMoon + " points per moon");
        add(sb, steps != f.steps, steps + " steps");
        add(sb, unlabeledBatch != f.unlabeledBatch, unlabeledBatch == 0 ? "full batch" : "batch " + unlabeledBatch);
        add(sb, lrTeacher != f.lrTeacher, "teacher/Supervised lr " + num(lrTeacher));
        add(sb, lrStudent != f.lrStudent, "student lr " + num(lrStudent));
        add(sb, feedbackScale != f.feedbackScale, "MPL term × " + num(feedbackScale));
        add(sb, soft != f.soft, "soft labels (exact gradient)");
        add(sb, teacherSupervised != f.teacherSupervised, "teacher without its supervised loss");
        add(sb, argmax != f.argmax, "argmax labels");
        add(sb, baseline != f.baseline, "h less its moving average (official code)");
        add(sb, teacherFromSupervised != f.teacherFromSupervised, "MPL's teacher starts as the trained Supervised model");
        add(sb, udaWeight != f.udaWeight, "UDA term on the teacher, weight " + num(udaWeight));
        add(sb, noFeedback != f.noFeedback, "no feedback (h = 0)");
        add(sb, initRange != f.initRange, "weights from U(±" + num(initRange) + ")");
        add(sb, studentSteps != f.studentSteps, studentSteps + " student steps per teacher step");
        add(sb, cosine != f.cosine, "h = cosine of the student's labeled and pseudo-label gradients, less its "
                + "moving average (the ICLR precursor)");
        add(sb, heldOutPerMoon != f.heldOutPerMoon, "MPL: " + heldOutPerMoon + " labeled point(s) per moon held out of "
                + "the teacher's loss, h measured on them (the first arXiv version)");
        if (seedCap > 0) {
            add(sb, true, "cut to the first " + seedCap + " seeds to fit the session's compute");
        }
        return sb.length() == 0 ? "the paper's stated setup (random labels, σ 0.1, 2 × 1,000 points, batch 64, "
                + "lr 0.1, " + f.steps + " steps)" : sb.toString();
    }

    private static void add(StringBuilder sb, boolean differs, String text) {
        if (differs) {
            sb.append(sb.length() == 0 ? "" : "; ").append(text);
        }
    }

    static String num(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
