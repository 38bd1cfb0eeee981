package org.mplbench.mpl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;
import org.mplbench.data.Seeds;
import org.mplbench.mpl.MplConfig.LabelKind;
import org.mplbench.mpl.MplConfig.OldLoss;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.mpl.MplConfig.ReinforceTerm;
import org.mplbench.mpl.MplConfig.View;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.StepWork;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.ssl.UdaLoss;
import org.mplbench.train.AtomicFiles;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainedNetwork;

/**
 * Meta Pseudo Labels (Pham et al., CVPR 2021, §2): a teacher produces pseudo labels for a student
 * and is itself updated by how much the student's step on those labels changed the student's loss
 * on labeled data.
 *
 * <p>One {@link #step} is, in the paper's names ({@code t_}/{@code s_} teacher/student, {@code x_l}
 * labeled, {@code x_uw}/{@code x_us} unlabeled weak/strong view):
 *
 * <ol>
 *   <li>teacher forward once on {@code [x_l, x_uw, x_us]} (shared batch-norm statistics);
 *   <li>pseudo labels for the student from the teacher on one view: hard ŷ (sampled or argmax) or
 *       soft {@code q = softmax(T(x_u))};
 *   <li>student: {@code s_loss_l_old} on {@code x_l}, then one SGD step on the pseudo labels of
 *       {@code x_us};
 *   <li>the student's feedback: {@code h = s_loss_l_old − s_loss_l_new} (hard), or the exact
 *       one-step gradient through the student's update (soft);
 *   <li>teacher step on its auxiliary losses (label-smoothed CE on {@code x_l}, plus UDA when
 *       configured) and the MPL term {@code h · CE(ŷ, T(x_u))} (hard) or its exact counterpart (soft).
 * </ol>
 *
 * <p>The student's moving average (when configured) follows each of its steps and is what is
 * evaluated.
 *
 * <p>After {@code mainSteps} (when finetuning is configured) the student, taken from its moving
 * average, is finetuned on labeled data only; the teacher no longer changes.
 *
 * <p>The soft-label gradient needs no second-order autograd. With {@code θ'_S = θ_S − η ∇_S L_u} and
 * {@code L_u = −(1/n) Σ_ik q_ik(θ_T) log s_ik(θ_S)} linear in {@code q},
 * {@code ∇_T L_l(θ'_S) = (η/n) ∂/∂θ_T Σ_ik q_ik(θ_T) d_ik} where {@code d_ik = g'ᵀ ∇_S log s_ik(θ_S)}
 * and {@code g' = ∇L_l(θ'_S)}; {@code d} is a Jacobian-vector product of the student at its old
 * weights, taken by central finite differences along {@code g'}.
 */
public final class MetaPseudoLabels implements SslMethod {

    /** Keeps the paired forwards' dropout seeds apart from other users of (seed, step). */
    private static final long PAIRED_SALT = 0x6A09E667F3BCC909L;

    private final TrainedNetwork t_trained;
    private final TrainedNetwork s_trained;
    private final Network teacher;
    private final Network student;
    private final Sgd s_optimizer;
    private final MplConfig config;
    private final UdaLoss t_uda;
    private final double labelSmoothing;
    private final Finetune finetune;
    private final long seed;
    private final NDManager stateManager;
    /** Moving average of h (when {@link MplConfig#movingAverageBaseline()}); null before the first step. */
    private NDArray h_baseline;
    /** Whether the finetuning phase has begun (the student was replaced by its average). */
    private boolean finetuning;

    /** Student finetuning on labeled data after {@code mainSteps}, with its own optimiser. */
    private record Finetune(long mainSteps, Sgd optimizer) {}

    private MetaPseudoLabels(Builder b) {
        this.t_trained = new TrainedNetwork(b.teacher, b.teacherOptimizer, null);
        this.s_trained = new TrainedNetwork(b.student, b.studentOptimizer, b.average);
        this.teacher = b.teacher;
        this.student = b.student;
        this.s_optimizer = b.studentOptimizer;
        this.config = b.config;
        this.t_uda = b.uda == null ? null : new UdaLoss(b.uda, b.labelSmoothing);
        this.labelSmoothing = b.labelSmoothing;
        this.finetune = b.finetuneOptimizer == null ? null : new Finetune(b.mainSteps, b.finetuneOptimizer);
        this.seed = b.seed;
        this.stateManager = student.manager().newSubManager();
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
        NDManager scope = batch.scope();
        NDArray x_l = batch.x_l();
        NDArray x_uw = batch.x_uw();
        NDArray x_us = batch.x_us();
        boolean twoViews = x_uw != x_us;
        long n_l = batch.labeledSize();
        long n_u = x_us.getShape().get(0);

        // 1. Teacher forward once on [x_l, x_uw, x_us]. Its graph is kept: the teacher's loss is
        //    formed and backpropagated in step 5, after the student has moved.
        NDArray t_logits_l;
        NDArray t_logits_uw;
        NDArray t_logits_us;
        try (GradientCollector gc = Autograd.record()) {
            if (twoViews) {
                NDList t_logits = teacher.forward(NDArrays.concat(new NDList(x_l, x_uw, x_us)), true)
                        .split(new long[] {n_l, n_l + n_u}, 0);
                t_logits_l = t_logits.get(0);
                t_logits_uw = t_logits.get(1);
                t_logits_us = t_logits.get(2);
            } else {
                NDList t_logits = teacher.forward(x_l.concat(x_us), true).split(new long[] {n_l}, 0);
                t_logits_l = t_logits.get(0);
                t_logits_uw = t_logits.get(1);
                t_logits_us = t_logits_uw;
            }
        }
        int classes = Math.toIntExact(t_logits_us.getShape().get(1));
        DataType dtype = t_logits_us.getDataType();
        Target y_l = Target.ofLabels(batch.y_l(), classes, dtype);

        // 2. Pseudo labels for the student, from the teacher on the configured view (computed outside
        //    recording: no gradient flows into them).
        NDArray t_logits_label = config.labelView() == View.WEAK ? t_logits_uw : t_logits_us;
        NDArray y_hat = null;
        Target s_target;
        if (config.labels() == LabelKind.HARD) {
            y_hat = pseudoLabels(t_logits_label, scope);
            s_target = Target.ofLabels(y_hat, classes, dtype, labelSmoothing);
        } else {
            s_target = Target.ofDistribution(t_logits_label.softmax(1));
        }

        // 3. Student: labeled loss before its step, then one step on the pseudo labels of x_us only.
        boolean paired = config.oldLoss() == OldLoss.PAIRED_FORWARD;
        int pairedSeed = (int) Seeds.mix(seed, step, 0, PAIRED_SALT);
        NDArray s_loss_l_old = paired ? studentLabeledLoss(x_l, y_l, pairedSeed) : null;
        NDList s_weights_old = config.labels() == LabelKind.SOFT ? student.snapshot(scope) : null;
        NDArray s_loss_u;
        try (GradientCollector gc = Autograd.record()) {
            // its own concatenation: an input shared by two recorded graphs loses its node when the
            // first is backpropagated (MXNet)
            NDList s_logits = student.forward(x_l.concat(x_us), true).split(new long[] {n_l}, 0);
            if (!paired) {
                s_loss_l_old = y_l.loss(s_logits.get(0));
            }
            s_loss_u = s_target.loss(s_logits.get(1));
            student.clearGradients();
            gc.backward(s_loss_u);
        }
        // the student's moving average (evaluated) follows its step
        s_trained.update(step, scope);

        // 4. The student's feedback. s_loss_l_new is taken in training mode, as the student was
        //    trained; with soft labels its gradient g' = ∇L_l(θ'_S) is needed as well.
        NDArray s_loss_l_new;
        if (config.labels() == LabelKind.SOFT) {
            if (paired) {
                reseedStudent(pairedSeed);
            }
            try (GradientCollector gc = Autograd.record()) {
                s_loss_l_new = y_l.loss(student.forward(x_l, true));
                student.clearGradients();
                gc.backward(s_loss_l_new);
            }
        } else {
            s_loss_l_new = paired
                    ? studentLabeledLoss(x_l, y_l, pairedSeed)
                    : studentLabeledLoss(x_l, y_l, null);
        }
        // h > 0 when the pseudo labels lowered the student's labeled loss (Taylor: η g'ᵀ ∇L_u).
        // Computed outside any recording, h is a constant for the teacher's backward.
        NDArray h = switch (config.feedback()) {
            case OLD_MINUS_NEW -> s_loss_l_old.sub(s_loss_l_new);
            case NEW_MINUS_OLD -> s_loss_l_new.sub(s_loss_l_old);
            case OFF -> s_loss_l_old.zerosLike();
        };
        if (config.movingAverageBaseline()) {
            h = h.sub(updateBaseline(h));
        }

        // 5. Teacher step: auxiliary losses (supervised, UDA) plus the MPL term.
        NDArray d = config.labels() == LabelKind.SOFT ? studentJvp(s_weights_old, x_us, scope, pairedSeed + 1) : null;
        NDArray t_loss_l;
        NDArray t_loss_uda = null;
        NDArray t_mask = null;
        NDArray t_loss_mpl;
        NDArray t_loss;
        // Targets are built outside recording (they use in-place operations, which MXNet refuses there).
        // Without label smoothing the student's targets are the teacher's (one operation fewer each).
        Target t_target_mpl = config.labels() == LabelKind.SOFT ? null
                : config.reinforceTerm() == ReinforceTerm.STUDENT_LABEL
                        ? labelSmoothing == 0 ? s_target : Target.ofLabels(y_hat, classes, dtype)
                        : Target.ofLabels(t_logits_us.argMax(1), classes, dtype);
        Target t_target_l = t_uda != null ? null
                : labelSmoothing == 0 ? y_l : Target.ofLabels(batch.y_l(), classes, dtype, labelSmoothing);
        try (GradientCollector gc = Autograd.record()) {
            if (t_uda != null) {
                UdaLoss.Terms terms = t_uda.loss(t_logits_l, batch.y_l(), t_logits_uw, t_logits_us, step);
                t_loss_l = terms.loss_l();
                t_loss_uda = terms.loss_uda();
                t_mask = terms.maskRate();
            } else {
                t_loss_l = t_target_l.loss(t_logits_l);
            }
            if (config.labels() == LabelKind.HARD) {
                // REINFORCE with the Taylor estimate h: ∇_T ≈ h · ∇_T CE(ŷ, T(x_u)).
                t_loss_mpl = t_target_mpl.loss(
                        config.reinforceTerm() == ReinforceTerm.STUDENT_LABEL ? t_logits_label : t_logits_us);
                t_loss = t_loss_mpl.mul(h);
            } else {
                // Exact: (η_eff / n) Σ_ik q_ik(θ_T) d_ik with d held constant.
                double eta = s_optimizer.effectiveStepScale(step);
                t_loss_mpl = t_logits_label.softmax(1).mul(d).sum().mul(eta / n_u);
                t_loss = t_loss_mpl.mul(config.feedback().sign());
            }
            double w = config.teacherSupervisedWeight();
            t_loss = t_loss.add(w == 1 ? t_loss_l : t_loss_l.mul(w));
            if (t_loss_uda != null) {
                t_loss = t_loss.add(t_loss_uda.mul(t_uda.config().weightAt(step)));
            }
            teacher.clearGradients();
            gc.backward(t_loss);
        }
        t_trained.update(step, scope);

        StepLog log = new StepLog()
                .put("t_loss", t_loss)
                .put("t_loss_l", t_loss_l)
                .put("t_loss_mpl", t_loss_mpl)
                .put("s_loss_u", s_loss_u)
                .put("s_loss_l_old", s_loss_l_old)
                .put("s_loss_l_new", s_loss_l_new)
                .put("h", h);
        if (t_loss_uda != null) {
            log.put("t_loss_uda", t_loss_uda).put("t_mask", t_mask);
        }
        return log;
    }

    @Override
    public boolean drawsEngineRandomness() {
        return teacher.drawsRandomness() || student.drawsRandomness()
                || config.labels() == LabelKind.HARD && config.labelRule() == PseudoLabelRule.SAMPLE;
    }

    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        if (finetune != null && step >= finetune.mainSteps()) {
            return new StepWork(n_l, 0);
        }
        long teacherTrain = n_l + (twoViews ? 2 : 1) * n_u;
        long studentTrain = n_l + n_u;
        boolean paired = config.oldLoss() == OldLoss.PAIRED_FORWARD;
        if (config.labels() == LabelKind.SOFT) {
            // g' needs a backward through x_l; the directional derivative two forwards on x_u
            return new StepWork(teacherTrain + studentTrain + n_l, (paired ? n_l : 0) + 2 * n_u);
        }
        return new StepWork(teacherTrain + studentTrain, (paired ? 2 : 1) * n_l);
    }

    /**
     * The student's CE on {@code x_l} in training mode, without gradient. With a dropout seed the
     * engine is reseeded first, so two calls with the same seed draw the same dropout masks.
     */
    private NDArray studentLabeledLoss(NDArray x_l, Target y_l, Integer dropoutSeed) {
        if (dropoutSeed != null) {
            reseedStudent(dropoutSeed);
        }
        // Training mode needs recording on MXNet; no backward follows, so running statistics stay.
        try (GradientCollector gc = Autograd.record()) {
            return y_l.loss(student.forward(x_l, true)).stopGradient();
        }
    }

    /** Finetuning: the student alone, supervised on {@code x_l}, from its moving average. */
    private StepLog finetuneStep(SslBatch batch, long finetuneStep) {
        if (!finetuning) {
            if (s_trained.average() != null) {
                student.copyFrom(s_trained.average());
            }
            finetuning = true;
        }
        NDArray s_loss;
        try (GradientCollector gc = Autograd.record()) {
            NDArray s_logits = student.forward(batch.x_l(), true);
            int classes = Math.toIntExact(s_logits.getShape().get(1));
            s_loss = Target.ofLabels(batch.y_l(), classes, s_logits.getDataType(), labelSmoothing).loss(s_logits);
            student.clearGradients();
            gc.backward(s_loss);
        }
        finetune.optimizer().update(student, student.gradients(batch.scope()), finetuneStep, batch.scope());
        return new StepLog().put("s_loss_finetune", s_loss.stopGradient());
    }

    /** Hard pseudo labels: argmax, or a sample from softmax(logits) by the Gumbel-max trick. */
    private NDArray pseudoLabels(NDArray t_logits_u, NDManager scope) {
        if (config.labelRule() == PseudoLabelRule.ARGMAX) {
            return t_logits_u.argMax(1);
        }
        // argmax(logits + G) with G = −log(−log U) is distributed as softmax(logits).
        NDArray u = scope.randomUniform(1e-20f, 1f, t_logits_u.getShape(), t_logits_u.getDataType());
        return t_logits_u.sub(u.log().neg().log()).argMax(1);
    }

    /**
     * {@code d_ik = g'ᵀ ∇_S log s_ik(θ_S)} by central differences along {@code g'} (the gradients
     * left in the student by step 4), at the student's pre-update weights {@code θ_S}. The
     * student's post-update weights are restored afterwards. Both forwards draw the same dropout
     * masks ({@code dropoutSeed}); otherwise mask noise divided by 2ε would swamp {@code d}.
     */
    private NDArray studentJvp(NDList s_weights_old, NDArray x_u, NDManager scope, int dropoutSeed) {
        NDList g_new = student.gradients(scope);
        double norm = Sgd.globalNorm(g_new, scope);
        if (norm == 0) {
            return scope.zeros(new ai.djl.ndarray.types.Shape(x_u.getShape().get(0), 1), x_u.getDataType());
        }
        double eps = config.jvpEpsilon() / norm;
        NDList s_weights_new = student.snapshot(scope);
        NDArray logp_plus = studentLogProbsAt(s_weights_old, g_new, eps, x_u, dropoutSeed);
        NDArray logp_minus = studentLogProbsAt(s_weights_old, g_new, -eps, x_u, dropoutSeed);
        student.restore(s_weights_new);
        return logp_plus.sub(logp_minus).div(2 * eps);
    }

    /** log softmax of the student at weights {@code base + eps·dir}, in training mode like its step. */
    private NDArray studentLogProbsAt(NDList base, NDList dir, double eps, NDArray x_u, int dropoutSeed) {
        NDList shifted = new NDList(base.size());
        for (int i = 0; i < base.size(); i++) {
            shifted.add(dir.get(i).mul(eps).addi(base.get(i)));
        }
        student.restore(shifted);
        reseedStudent(dropoutSeed);
        try (GradientCollector gc = Autograd.record()) {
            return student.forward(x_u, true).logSoftmax(1).stopGradient();
        }
    }

    /**
     * Reseeds the engine so that the next student forward draws known dropout masks; a student
     * without dropout draws nothing, and the reseed (about 1.2 ms of engine time on MXNet) is skipped.
     */
    private void reseedStudent(int seed) {
        if (student.drawsRandomness()) {
            Engine.getInstance().setRandomSeed(seed);
        }
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

    public Network teacher() {
        return teacher;
    }

    public Network student() {
        return student;
    }

    /** The student's moving average before finetuning (the student when none), then the student. */
    @Override
    public Network evaluationModel() {
        return finetuning ? student : s_trained.evaluated();
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
            AtomicFiles.read(dir.resolve("student.finetune.sgd"), in -> finetune.optimizer().load(student, in));
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
        private long seed;

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

        /** Seeds the paired forwards' dropout masks ({@link MplConfig.OldLoss#PAIRED_FORWARD}). */
        public Builder optSeed(long seed) {
            this.seed = seed;
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
