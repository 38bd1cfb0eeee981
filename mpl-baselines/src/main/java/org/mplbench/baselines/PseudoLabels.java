package org.mplbench.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.config.Check;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.StepWork;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainedNetwork;

/**
 * Pseudo Labels as the MPL paper frames it (Lee 2013, §2): a teacher is trained on labeled data
 * and frozen; a student then learns from the teacher's hard pseudo labels on unlabeled data only.
 *
 * <p>Steps {@code [0, teacherSteps)} train the teacher exactly as {@link Supervised} would (same
 * network, optimiser and seed give the same model); later steps train the student on
 * {@code argmax T(x_u)}, keeping only examples whose teacher confidence reaches the threshold.
 */
public final class PseudoLabels implements SslMethod {

    private final Supervised teacherPhase;
    private final Network teacher;
    private final TrainedNetwork student;
    private final long teacherSteps;
    private final double threshold;
    private final double studentSmoothing;
    private final MicroBatches micro;

    private PseudoLabels(Builder b) {
        this.teacher = b.teacher;
        this.teacherPhase = Supervised.builder()
                .setModel(b.teacher, b.teacherOptimizer)
                .optLabelSmoothing(b.labelSmoothing)
                .optMicroBatches(b.micro)
                .build();
        this.micro = b.micro;
        this.student = new TrainedNetwork(b.student, b.studentOptimizer, b.average);
        this.teacherSteps = b.teacherSteps;
        this.threshold = b.threshold;
        this.studentSmoothing = b.studentSmoothing;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "pseudo-labels";
    }

    @Override
    public StepLog step(SslBatch batch, long step) {
        if (step < teacherSteps) {
            // a two-network method: the teacher's scalars carry its prefix
            return new StepLog().put("t_loss", teacherPhase.step(batch, step).get("loss"));
        }
        NDManager scope = batch.scope();
        Network s = student.network();
        MicroBatches.GradientSum grads = micro.gradients(s, scope);
        MicroBatches.Mean s_loss = micro.mean(scope);
        MicroBatches.Mean s_mask_rate = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            // The frozen teacher labels the student's view.
            NDArray x_us = micro.part(batch.x_us(), i, part);
            NDArray t_probs_u = teacher.forward(x_us, false).softmax(1);
            NDArray y_hat = t_probs_u.argMax(1);
            NDArray mask = t_probs_u.max(new int[] {1}).gte(threshold);
            try (GradientCollector gc = Autograd.record()) {
                NDArray s_logits_u = s.forward(x_us, true);
                NDArray s_loss_i = Losses.maskedCrossEntropy(s_logits_u, y_hat, mask, studentSmoothing);
                s_loss.add(s_loss_i.stopGradient());
                s_mask_rate.add(mask.toType(t_probs_u.getDataType(), false).mean());
                grads.backward(gc, s_loss_i);
            }
        });
        grads.finish();
        student.update(step - teacherSteps, scope);
        return new StepLog()
                .put("s_loss_u", s_loss.get())
                .put("s_mask_rate", s_mask_rate.get());
    }

    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        return step < teacherSteps ? teacherPhase.work(step, n_l, n_u, twoViews) : new StepWork(n_u, n_u);
    }

    @Override
    public boolean drawsEngineRandomness() {
        return teacher.drawsRandomness() || student.network().drawsRandomness();
    }

    /** The frozen teacher (the supervised model). */
    public Network teacher() {
        return teacher;
    }

    /** The student (its moving average when configured). */
    @Override
    public Network evaluationModel() {
        return student.evaluated();
    }

    @Override
    public void save(Path dir) throws IOException {
        teacherPhase.save(dir.resolve("teacher"));
        student.save(dir, "student");
    }

    @Override
    public void load(Path dir) throws IOException {
        teacherPhase.load(dir.resolve("teacher"));
        student.load(dir, "student");
    }

    @Override
    public void close() {
        teacherPhase.close();
        student.close();
    }

    /** {@code setTeacher}, {@code setStudent} and {@code setTeacherSteps} are required. */
    public static final class Builder {
        private Network teacher;
        private Sgd teacherOptimizer;
        private Network student;
        private Sgd studentOptimizer;
        private long teacherSteps = -1;
        private double threshold;
        private double labelSmoothing;
        private double studentSmoothing;
        private TrainedNetwork.Average average;
        private MicroBatches micro = MicroBatches.ONE;

        private Builder() {}

        public Builder setTeacher(Network teacher, Sgd optimizer) {
            this.teacher = teacher;
            this.teacherOptimizer = optimizer;
            return this;
        }

        public Builder setStudent(Network student, Sgd optimizer) {
            this.student = student;
            this.studentOptimizer = optimizer;
            return this;
        }

        /** Steps spent training the teacher before it is frozen. */
        public Builder setTeacherSteps(long steps) {
            this.teacherSteps = Check.closed("pseudo_labels.teacher_steps", steps, 0L, Long.MAX_VALUE);
            return this;
        }

        /** Minimum teacher confidence for a pseudo label to count (0: keep all). */
        public Builder optThreshold(double threshold) {
            this.threshold = Check.closed("pseudo_labels.threshold", threshold, 0, 1);
            return this;
        }

        /** Label smoothing of the teacher's supervised loss. */
        public Builder optLabelSmoothing(double eps) {
            this.labelSmoothing = eps;
            return this;
        }

        /** Label smoothing of the student's CE on the pseudo labels. */
        public Builder optStudentLabelSmoothing(double eps) {
            this.studentSmoothing = Check.closedOpen("pseudo_labels.student_label_smoothing", eps, 0, 1);
            return this;
        }

        /** Evaluate a moving average of the student, kept in {@code average} (same architecture). */
        public Builder optStudentEma(Network average, double decay, boolean warmup) {
            this.average = new TrainedNetwork.Average(average, decay, warmup);
            return this;
        }

        /** Micro-batches per step in both phases, their gradients summed ({@link MicroBatches}; default none). */
        public Builder optMicroBatches(MicroBatches micro) {
            this.micro = Check.notNull("pseudo_labels.micro_batches", micro);
            return this;
        }

        public PseudoLabels build() {
            Check.notNull("pseudo_labels.teacher", teacher);
            Check.notNull("pseudo_labels.student", student);
            if (teacherSteps < 0) {
                throw new org.mplbench.config.ConfigException("pseudo_labels.teacher_steps", "is required");
            }
            return new PseudoLabels(this);
        }
    }
}
