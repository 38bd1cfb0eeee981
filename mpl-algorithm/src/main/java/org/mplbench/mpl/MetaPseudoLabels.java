package org.mplbench.mpl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;
import org.mplbench.io.AtomicFiles;
import org.mplbench.mpl.MplConfig.Feedback;
import org.mplbench.mpl.MplConfig.LabelKind;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.nn.Network;
import org.mplbench.random.Seeds;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.StepWork;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.ssl.UdaLoss;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainedNetwork;
import org.mplbench.engine.Scalars;

/**
 * Meta Pseudo Labels (Pham et al., CVPR 2021, §2): a teacher produces pseudo labels for a student
 * and is itself updated by how much the student's step on those labels changed the student's loss
 * on labeled data.
 *
 * <p>{@link #step} reads as the paper, in its names ({@code t_}/{@code s_} teacher/student,
 * {@code x_l} labeled, {@code x_uw}/{@code x_us} unlabeled weak/strong view, {@code h} the feedback).
 * What the descriptions of MPL disagree on ({@link MplConfig}) sits behind two small strategies:
 * {@link TeacherSignal} (hard labels with REINFORCE, or soft labels with the exact gradient) and
 * {@link OldLossProbe} (how the student's labeled loss before its step is measured).
 *
 * <p>The student's moving average (when configured) follows each of its steps and is what is
 * evaluated. After {@code mainSteps} (when finetuning is configured) the student, taken from its
 * moving average, is finetuned on labeled data only; the teacher no longer changes.
 */
public final class MetaPseudoLabels implements SslMethod {

    /** Keeps the paired forwards' dropout seeds apart from other users of (seed, step). */
    private static final long PAIRED_SALT = 0x6A09E667F3BCC909L;
    /** Keeps the teacher's dropout seeds (micro-batches only) apart from the paired forwards'. */
    private static final long TEACHER_SALT = 0xBB67AE8584CAA73BL;

    private final TrainedNetwork t_trained;
    private final TrainedNetwork s_trained;
    private final Network teacher;
    private final Student student;
    private final MplConfig config;
    private final TeacherSignal signal;
    private final OldLossProbe oldLoss;
    private final TeacherAuxiliary t_auxiliary;
    private final double labelSmoothing;
    private final Finetune finetune;
    private final long seed;
    private final MicroBatches micro;
    private final TeacherInputs teacherInputs;
    private final NDManager stateManager;
    /** The same step as one compiled graph (TwoMoon's MLPs on MXNet), or null. */
    private final FusedMlpStep fused;
    /** Moving average of h (when {@link MplConfig#movingAverageBaseline()}); null before the first step. */
    private NDArray h_baseline;
    /** Whether the finetuning phase has begun (the student was replaced by its average). */
    private boolean finetuning;

    /** Student finetuning on labeled data after {@code mainSteps}, with its own optimiser, dropout on or off. */
    private record Finetune(long mainSteps, Sgd optimizer, boolean dropout) {}

    private MetaPseudoLabels(Builder b) {
        this.t_trained = new TrainedNetwork(b.teacher, b.teacherOptimizer, null);
        this.s_trained = new TrainedNetwork(b.student, b.studentOptimizer, b.average);
        this.teacher = b.teacher;
        this.micro = b.micro;
        this.teacherInputs = b.teacherInputs;
        this.student = new Student(b.student, b.micro);
        this.config = b.config;
        this.signal = TeacherSignal.of(b.config, b.labelSmoothing, b.studentOptimizer, b.micro);
        this.oldLoss = OldLossProbe.of(b.config.oldLoss());
        this.t_auxiliary = new TeacherAuxiliary(b.uda == null ? null : new UdaLoss(b.uda, b.labelSmoothing),
                b.labelSmoothing, b.config.teacherSupervisedWeight());
        this.labelSmoothing = b.labelSmoothing;
        this.finetune = b.finetuneOptimizer == null ? null : new Finetune(b.mainSteps, b.finetuneOptimizer,
                b.finetuneDropout);
        this.seed = b.seed;
        this.stateManager = b.student.manager().newSubManager();
        this.fused = b.fusedStep && FusedMlpStep.unsupported(t_trained, s_trained, b.config, b.labelSmoothing,
                b.uda != null, b.micro.count(), b.teacherInputs == TeacherInputs.IMAGES) == null
                ? new FusedMlpStep(t_trained, s_trained, b.config, stateManager)
                : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "mpl";
    }

    @Override
    public StepLog step(SslBatch batch, long step) {
        if (finetune != null && step >= finetune.mainSteps()) {
            return finetuneStep(batch, step - finetune.mainSteps());
        }
        if (fused != null && FusedMlpStep.takes(batch)) {
            return fused.step(batch, step);
        }
        NDManager scope = batch.scope();
        NDArray x_l = batch.x_l();
        NDArray x_us = batch.x_us();
        if (batch.heldOut() != null && micro.count() > 1) {
            throw new IllegalStateException("a held-out labeled set is measured whole: no micro-batches with it");
        }
        SslBatch t_x = teacherInputs.of(batch); // the images, or (Reduced MPL) the large teacher's outputs on them
        int dropoutSeed = (int) Seeds.mix(seed, step, 0, PAIRED_SALT);
        int t_dropoutSeed = (int) Seeds.mix(seed, step, 0, TEACHER_SALT);

        // 1. Teacher forward on [x_l, x_uw, x_us]: at once, its graph kept for step 5; or micro-batch by
        //    micro-batch, each forwarded again in step 5 with the same dropout masks.
        TeacherLogits t_logits;
        if (micro.count() == 1) {
            t_logits = TeacherLogits.forward(teacher, t_x.x_l(), t_x.x_uw(), t_x.x_us());
        } else {
            reseedTeacher(t_dropoutSeed);
            t_logits = TeacherLogits.forwardDetached(teacher, micro, t_x.x_l(), t_x.x_uw(), t_x.x_us(), scope);
        }
        Target y_l = Target.ofLabels(batch.y_l(), t_logits.classes(), t_logits.dataType());
        // The student is measured for h on x_l, or (the first arXiv version) on a held-out labeled set.
        NDArray x_h = batch.heldOut() == null ? x_l : batch.heldOut().x();
        Target y_h = batch.heldOut() == null ? y_l
                : Target.ofLabels(batch.heldOut().y(), t_logits.classes(), t_logits.dataType());

        // 2. Pseudo labels for the student from the teacher: hard ŷ or soft q.
        TeacherSignal.PseudoLabels y_hat = signal.label(t_logits, scope);

        // 3. Student: one SGD step on the pseudo labels of x_us; s_loss_l_old is its labeled loss
        //    before that step (a forward of its own, or the labeled half of the step's forward). With
        //    several student steps per teacher step, the teacher waits for the last of them.
        boolean t_steps = config.teacherStepsAt(step);
        NDArray s_loss_l_before = t_steps ? oldLoss.before(student, x_h, y_h, dropoutSeed, scope) : null;
        y_hat.beforeStudentStep(student, scope);
        Student.StepLosses s_losses = student.forwardBackward(x_h, y_h, x_us, y_hat.target(), scope);
        boolean cosine = t_steps && config.feedback() == Feedback.COSINE;
        NDList s_grad_u = cosine ? student.gradientCopies(scope) : null; // ∇L_u(θ_S), before the step
        s_trained.update(step, scope); // its moving average (evaluated) follows
        if (!t_steps) {
            return new StepLog().put("s_loss_u", s_losses.loss_u());
        }
        NDArray s_loss_l_old = s_loss_l_before != null ? s_loss_l_before : s_losses.loss_l();

        // 4. The student's feedback: h > 0 when the pseudo labels lowered its labeled loss (Taylor:
        //    η g'ᵀ ∇L_u; the precursor's cosine: the angle of g' and ∇L_u). Outside any recording, h is
        //    a constant for the teacher's backward.
        NDArray s_loss_l_new = cosine
                ? student.labeledLossWithGradient(x_h, y_h, oldLoss.seedAfter(dropoutSeed), scope) // leaves g'
                : y_hat.labeledLossAfter(student, x_h, y_h, oldLoss.seedAfter(dropoutSeed), scope);
        NDArray h = feedback(s_loss_l_old, s_loss_l_new, s_grad_u, scope);

        // 5. Teacher step on the MPL term plus its auxiliary losses (labeled CE, UDA), its gradient
        //    summed over the micro-batches.
        y_hat.beforeTeacherStep(student, x_us, scope, dropoutSeed + 1);
        Target t_target_l = t_auxiliary.target(batch.y_l(), y_l, t_logits);
        List<Target> t_targets_l = t_target_l == null ? null : micro.split(t_target_l);
        MicroBatches.GradientSum t_grads = micro.gradients(teacher, scope);
        MicroBatches.Mean t_loss = micro.mean(scope);
        MicroBatches.Mean t_loss_l = micro.mean(scope);
        MicroBatches.Mean t_loss_mpl = micro.mean(scope);
        MicroBatches.Mean t_loss_uda = micro.mean(scope);
        MicroBatches.Mean t_mask = micro.mean(scope);
        if (micro.count() > 1) {
            reseedTeacher(t_dropoutSeed);
        }
        micro.forEach(scope, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                TeacherLogits t_logits_i = micro.count() == 1 ? t_logits
                        : TeacherLogits.forwardPart(teacher, micro, i, part, t_x.x_l(), t_x.x_uw(), t_x.x_us());
                TeacherAuxiliary.Terms t_aux = t_auxiliary.terms(t_logits_i, micro.part(batch.y_l(), i, part),
                        t_targets_l == null ? null : t_targets_l.get(i), step);
                TeacherSignal.MplTerm t_mpl = y_hat.teacherTerm(t_logits_i, i, h, step);
                NDArray t_mpl_term = config.feedbackScale() == 1 ? t_mpl.weighted() : Scalars.mul(t_mpl.weighted(), config.feedbackScale());
                NDArray t_loss_i = t_auxiliary.addTo(t_mpl_term, t_aux, step);
                t_loss.add(t_loss_i);
                t_loss_l.add(t_aux.t_loss_l());
                t_loss_mpl.add(t_mpl.t_loss_mpl());
                if (t_aux.t_loss_uda() != null) {
                    t_loss_uda.add(t_aux.t_loss_uda());
                    t_mask.add(t_aux.t_mask());
                }
                t_grads.backward(gc, t_loss_i);
            }
        });
        t_grads.finish();
        t_trained.update(step, scope);

        StepLog log = new StepLog()
                .put("t_loss", t_loss.get())
                .put("t_loss_l", t_loss_l.get())
                .put("t_loss_mpl", t_loss_mpl.get())
                .put("s_loss_u", s_losses.loss_u())
                .put("s_loss_l_old", s_loss_l_old)
                .put("s_loss_l_new", s_loss_l_new)
                .put("h", h);
        if (t_loss_uda.get() != null) {
            log.put("t_loss_uda", t_loss_uda.get()).put("t_mask_rate", t_mask.get());
        }
        return log;
    }

    /** The teacher's dropout masks of step 1 again in step 5, when micro-batches forward it twice. */
    private void reseedTeacher(int t_dropoutSeed) {
        if (teacher.drawsRandomness()) {
            Engine.getInstance().setRandomSeed(t_dropoutSeed);
        }
    }

    /**
     * {@code h = s_loss_l_old − s_loss_l_new} with the configured sign, or the cosine of the student's
     * labeled gradient after its step (left in it) and {@code s_grad_u}; less the baseline if any.
     */
    private NDArray feedback(NDArray s_loss_l_old, NDArray s_loss_l_new, NDList s_grad_u, NDManager scope) {
        NDArray h = switch (config.feedback()) {
            case OLD_MINUS_NEW -> s_loss_l_old.sub(s_loss_l_new);
            case NEW_MINUS_OLD -> s_loss_l_new.sub(s_loss_l_old);
            case OFF -> s_loss_l_old.zerosLike();
            case COSINE -> Student.cosine(student.network().gradients(scope), s_grad_u);
        };
        return config.movingAverageBaseline() ? h.sub(updateBaseline(h)) : h;
    }

    @Override
    public boolean drawsEngineRandomness() {
        return teacher.drawsRandomness() || student.network().drawsRandomness()
                || config.labels() == LabelKind.HARD && config.labelRule() == PseudoLabelRule.SAMPLE;
    }

    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        if (finetuning(step)) {
            return new StepWork(n_l, 0);
        }
        long teacherTrain = n_l + (twoViews ? 2 : 1) * n_u;
        if (!config.teacherStepsAt(step)) { // the teacher's forward for the labels, the student's step
            return new StepWork(n_l + n_u, teacherTrain);
        }
        // with micro-batches the pseudo labels' forward of the teacher is done again for its backward
        StepWork teacherWork = new StepWork(teacherTrain, micro.count() > 1 ? teacherTrain : 0);
        return studentWork(n_l, n_u).plus(teacherWork);
    }

    /** Whether step {@code step} is a finetuning step. */
    boolean finetuning(long step) {
        return finetune != null && step >= finetune.mainSteps();
    }

    /** The student's part of a main step: its step, the labeled probes and, for soft labels, g' and d. */
    StepWork studentWork(long n_l, long n_u) {
        long studentTrain = n_l + n_u;
        long probe = oldLoss.extraForwards() * n_l;
        if (config.labels() == LabelKind.SOFT) {
            // g' needs a backward through x_l; the directional derivative two forwards on x_u
            return new StepWork(studentTrain + n_l, probe + 2 * n_u);
        }
        return new StepWork(studentTrain, probe + n_l);
    }

    /** Finetuning: the student alone, supervised on {@code x_l}, from its moving average. */
    private StepLog finetuneStep(SslBatch batch, long finetuneStep) {
        Network s = student.network();
        if (!finetuning) {
            if (s_trained.average() != null) {
                s.copyFrom(s_trained.average());
            }
            finetuning = true;
        }
        NDManager scope = batch.scope();
        MicroBatches.GradientSum grads = micro.gradients(s, scope);
        MicroBatches.Mean s_loss = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                NDArray s_logits = s.forward(micro.part(batch.x_l(), i, part), true, finetune.dropout());
                int classes = Math.toIntExact(s_logits.getShape().get(1));
                NDArray s_loss_i = Target.ofLabels(micro.part(batch.y_l(), i, part), classes, s_logits.getDataType(),
                        labelSmoothing).loss(s_logits);
                s_loss.add(s_loss_i.stopGradient());
                grads.backward(gc, s_loss_i);
            }
        });
        grads.finish();
        finetune.optimizer().update(s, s.gradients(scope), finetuneStep, scope);
        return new StepLog().put("s_loss_finetune", s_loss.get());
    }

    /** Official-code baseline: b ← b − (1 − decay)(b − h), updated before it is subtracted. */
    private NDArray updateBaseline(NDArray h) {
        double decay = config.baselineDecay();
        if (h_baseline == null) {
            h_baseline = stateManager.zeros(h.getShape(), h.getDataType());
        }
        h_baseline.muli(decay).addi(h.mul(1 - decay));
        return h_baseline;
    }

    /** Whether main steps run as one compiled graph ({@link FusedMlpStep}) rather than under autograd. */
    public boolean fusedStep() {
        return fused != null;
    }

    public Network teacher() {
        return teacher;
    }

    public Network student() {
        return student.network();
    }

    /** The student's moving average before finetuning (the student when none), then the student. */
    @Override
    public Network evaluationModel() {
        return finetuning ? student.network() : s_trained.evaluated();
    }

    @Override
    public void save(Path dir) throws IOException {
        t_trained.save(dir, "teacher");
        s_trained.save(dir, "student");
        if (finetune != null) {
            AtomicFiles.write(dir.resolve("student.finetune.sgd"), finetune.optimizer()::save);
        }
        AtomicFiles.write(dir.resolve("mpl.state"), this::saveState);
    }

    @Override
    public void load(Path dir) throws IOException {
        t_trained.load(dir, "teacher");
        s_trained.load(dir, "student");
        if (finetune != null) {
            AtomicFiles.read(dir.resolve("student.finetune.sgd"), in -> finetune.optimizer().load(student.network(), in));
        }
        AtomicFiles.read(dir.resolve("mpl.state"), this::loadState);
    }

    private void saveState(DataOutputStream out) throws IOException {
        out.writeBoolean(finetuning);
        out.writeBoolean(h_baseline != null);
        if (h_baseline != null) {
            out.write(new NDList(h_baseline).encode());
        }
    }

    private void loadState(DataInputStream in) throws IOException {
        finetuning = in.readBoolean();
        if (h_baseline != null) {
            h_baseline.close();
            h_baseline = null;
        }
        if (in.readBoolean()) {
            h_baseline = NDList.decode(stateManager, in).singletonOrThrow();
        }
    }

    @Override
    public void close() {
        if (fused != null) {
            fused.close();
        }
        stateManager.close();
        t_trained.close();
        s_trained.close();
    }

    /** {@code setX} are required; {@code optConfig} defaults to {@link MplConfig#paper()}. */
    public static final class Builder {
        private Network teacher;
        private Network student;
        private Sgd teacherOptimizer;
        private Sgd studentOptimizer;
        private MplConfig config = MplConfig.paper();
        private UdaConfig uda;
        private double labelSmoothing;
        private TrainedNetwork.Average average;
        private long mainSteps;
        private Sgd finetuneOptimizer;
        private boolean finetuneDropout = true;
        private long seed;
        private MicroBatches micro = MicroBatches.ONE;
        private TeacherInputs teacherInputs = TeacherInputs.IMAGES;
        private boolean fusedStep = true;

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

        public Builder optConfig(MplConfig config) {
            this.config = config;
            return this;
        }

        /** The teacher's UDA term (its auxiliary loss besides labeled CE); none by default. */
        public Builder optUda(UdaConfig uda) {
            this.uda = uda;
            return this;
        }

        /**
         * Label smoothing of the teacher's labeled CE, the student's CE on hard pseudo labels and
         * finetuning (0.15 in both codes at CIFAR settings). {@code h} always uses plain CE.
         */
        public Builder optLabelSmoothing(double eps) {
            this.labelSmoothing = Check.closedOpen("mpl.label_smoothing", eps, 0, 1);
            return this;
        }

        /** Evaluate a moving average of the student kept in {@code average} (same architecture). */
        public Builder optStudentEma(Network average, double decay, boolean warmup) {
            this.average = new TrainedNetwork.Average(average, decay, warmup);
            return this;
        }

        /** After {@code mainSteps} steps, finetune the student on labeled data with {@code optimizer}. */
        public Builder optFinetune(long mainSteps, Sgd optimizer) {
            this.mainSteps = Check.closed("mpl.main_steps", mainSteps, 1L, Long.MAX_VALUE);
            this.finetuneOptimizer = Check.notNull("mpl.finetune_optimizer", optimizer);
            return this;
        }

        /**
         * Whether the student's dropout stays on while it is finetuned (default on; the PyTorch code
         * finetunes without it, batch norm in training mode either way).
         */
        public Builder optFinetuneDropout(boolean on) {
            this.finetuneDropout = on;
            return this;
        }

        /** Seeds the paired forwards' dropout masks ({@link MplConfig.OldLoss#PAIRED_FORWARD}). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Micro-batches per step ({@link MicroBatches}; default the whole batch at once). The teacher is
         * then forwarded twice per step, once for the pseudo labels and once, micro-batch by
         * micro-batch, for its own backward.
         */
        public Builder optMicroBatches(MicroBatches micro) {
            this.micro = Check.notNull("mpl.micro_batches", micro);
            return this;
        }

        /** What the teacher sees of each batch (default the images; Reduced MPL: the large teacher's outputs). */
        Builder optTeacherInputs(TeacherInputs inputs) {
            this.teacherInputs = Check.notNull("mpl.teacher_inputs", inputs);
            return this;
        }

        /**
         * Whether a step the compiled graph covers (TwoMoon's MLPs on MXNet, {@link FusedMlpStep})
         * runs as that graph (default) or operator by operator under autograd. Both compute the same
         * step; their float32 results differ in rounding only.
         */
        public Builder optFusedStep(boolean fused) {
            this.fusedStep = fused;
            return this;
        }

        public MetaPseudoLabels build() {
            Check.notNull("mpl.teacher", teacher);
            Check.notNull("mpl.teacher_optimizer", teacherOptimizer);
            Check.notNull("mpl.student", student);
            Check.notNull("mpl.student_optimizer", studentOptimizer);
            Check.notNull("mpl.config", config);
            if (teacher == student) {
                throw new ConfigException("mpl.student", "must be a different network from the teacher");
            }
            if (average != null && (average.model() == student || average.model() == teacher)) {
                throw new ConfigException("mpl.ema", "the moving average needs its own network");
            }
            if (finetuneOptimizer == studentOptimizer) {
                throw new ConfigException("mpl.finetune_optimizer", "must not be the student's main optimiser");
            }
            return new MetaPseudoLabels(this);
        }
    }
}
