package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
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
import org.mplbench.mpl.MplConfig.LabelKind;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;
import org.mplbench.train.AtomicFiles;
import org.mplbench.train.ModelState;
import org.mplbench.train.Sgd;

/**
 * Meta Pseudo Labels (Pham et al., CVPR 2021, §2): a teacher produces pseudo labels for a student
 * and is itself updated by how much the student's step on those labels changed the student's loss
 * on labeled data.
 *
 * <p>One {@link #step} is, in the paper's names ({@code t_}/{@code s_} teacher/student, {@code x_l}
 * labeled, {@code x_u} unlabeled):
 *
 * <ol>
 *   <li>teacher forward once on {@code [x_l, x_u]};
 *   <li>pseudo labels for the student: hard ŷ (sampled or argmax) or soft {@code q = softmax(T(x_u))};
 *   <li>student: {@code s_loss_l_old} on {@code x_l}, then one SGD step on the pseudo labels;
 *   <li>the student's feedback: {@code h = s_loss_l_old − s_loss_l_new} (hard), or the exact
 *       one-step gradient through the student's update (soft);
 *   <li>teacher step on {@code t_loss_l + h · CE(ŷ, T(x_u))} (hard) or its exact counterpart (soft).
 * </ol>
 *
 * <p>The soft-label gradient needs no second-order autograd. With {@code θ'_S = θ_S − η ∇_S L_u} and
 * {@code L_u = −(1/n) Σ_ik q_ik(θ_T) log s_ik(θ_S)} linear in {@code q},
 * {@code ∇_T L_l(θ'_S) = (η/n) ∂/∂θ_T Σ_ik q_ik(θ_T) d_ik} where {@code d_ik = g'ᵀ ∇_S log s_ik(θ_S)}
 * and {@code g' = ∇L_l(θ'_S)}; {@code d} is a Jacobian-vector product of the student at its old
 * weights, taken by central finite differences along {@code g'}.
 */
public final class MetaPseudoLabels implements SslMethod {

    private final Network teacher;
    private final Network student;
    private final Sgd t_optimizer;
    private final Sgd s_optimizer;
    private final MplConfig config;
    private final NDManager stateManager;
    /** Moving average of h (when {@link MplConfig#movingAverageBaseline()}); null before the first step. */
    private NDArray h_baseline;

    private MetaPseudoLabels(Builder b) {
        this.teacher = b.teacher;
        this.student = b.student;
        this.t_optimizer = b.teacherOptimizer;
        this.s_optimizer = b.studentOptimizer;
        this.config = b.config;
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
        NDManager scope = batch.scope();
        NDArray x_l = batch.x_l();
        NDArray x_u = batch.x_us(); // the view the student learns from
        long[] splitAt = {batch.labeledSize()};

        // 1. Teacher forward once on [x_l, x_u]. Its graph is kept: the teacher's loss is formed and
        //    backpropagated in step 5, after the student has moved.
        NDArray t_logits_l;
        NDArray t_logits_u;
        try (GradientCollector gc = Autograd.record()) {
            NDList t_logits = teacher.forward(x_l.concat(x_u), true).split(splitAt, 0);
            t_logits_l = t_logits.get(0);
            t_logits_u = t_logits.get(1);
        }
        int classes = Math.toIntExact(t_logits_u.getShape().get(1));
        DataType dtype = t_logits_u.getDataType();
        Target y_l = Target.ofLabels(batch.y_l(), classes, dtype);

        // 2. Pseudo labels for the student (computed outside recording: no gradient flows into them).
        NDArray y_hat = null;
        Target s_target;
        if (config.labels() == LabelKind.HARD) {
            y_hat = pseudoLabels(t_logits_u, scope);
            s_target = Target.ofLabels(y_hat, classes, dtype);
        } else {
            s_target = Target.ofDistribution(t_logits_u.softmax(1));
        }

        // 3. Student: labeled loss before its step, then one step on the pseudo labels only.
        NDList s_weights_old = config.labels() == LabelKind.SOFT ? student.snapshot(scope) : null;
        NDArray s_loss_l_old;
        NDArray s_loss_u;
        try (GradientCollector gc = Autograd.record()) {
            NDList s_logits = student.forward(x_l.concat(x_u), true).split(splitAt, 0);
            s_loss_l_old = y_l.loss(s_logits.get(0));
            s_loss_u = s_target.loss(s_logits.get(1));
            student.clearGradients();
            gc.backward(s_loss_u);
        }
        s_optimizer.update(student, student.gradients(scope), step, scope);

        // 4. The student's feedback. s_loss_l_new is taken in training mode, as the student was
        //    trained; with soft labels its gradient g' = ∇L_l(θ'_S) is needed as well.
        NDArray s_loss_l_new;
        try (GradientCollector gc = Autograd.record()) {
            s_loss_l_new = y_l.loss(student.forward(x_l, true));
            if (config.labels() == LabelKind.SOFT) {
                student.clearGradients();
                gc.backward(s_loss_l_new);
            }
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

        // 5. Teacher step: supervised loss plus the MPL term.
        NDArray d = config.labels() == LabelKind.SOFT ? studentJvp(s_weights_old, x_u, scope) : null;
        NDArray t_loss_l;
        NDArray t_loss_mpl;
        NDArray t_loss;
        try (GradientCollector gc = Autograd.record()) {
            t_loss_l = y_l.loss(t_logits_l);
            if (config.labels() == LabelKind.HARD) {
                // REINFORCE with the Taylor estimate h: ∇_T ≈ h · ∇_T CE(ŷ, T(x_u)), on the view and
                // the labels the student trained on.
                t_loss_mpl = s_target.loss(t_logits_u);
                t_loss = t_loss_mpl.mul(h);
            } else {
                // Exact: (η_eff / n) Σ_ik q_ik(θ_T) d_ik with d held constant.
                double eta = s_optimizer.effectiveStepScale(step);
                long n_u = t_logits_u.getShape().get(0);
                t_loss_mpl = t_logits_u.softmax(1).mul(d).sum().mul(eta / n_u);
                t_loss = t_loss_mpl.mul(config.feedback().sign());
            }
            double w = config.teacherSupervisedWeight();
            t_loss = t_loss.add(w == 1 ? t_loss_l : t_loss_l.mul(w));
            teacher.clearGradients();
            gc.backward(t_loss);
        }
        t_optimizer.update(teacher, teacher.gradients(scope), step, scope);

        return new StepLog()
                .put("t_loss", t_loss)
                .put("t_loss_l", t_loss_l)
                .put("t_loss_mpl", t_loss_mpl)
                .put("s_loss_u", s_loss_u)
                .put("s_loss_l_old", s_loss_l_old)
                .put("s_loss_l_new", s_loss_l_new)
                .put("h", h);
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
     * student's post-update weights are restored afterwards.
     */
    private NDArray studentJvp(NDList s_weights_old, NDArray x_u, NDManager scope) {
        NDList g_new = student.gradients(scope);
        double norm = 0;
        for (NDArray g : g_new) {
            norm += g.square().sum().toType(DataType.FLOAT64, false).getDouble();
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return scope.zeros(new ai.djl.ndarray.types.Shape(x_u.getShape().get(0), 1), x_u.getDataType());
        }
        double eps = config.jvpEpsilon() / norm;
        NDList s_weights_new = student.snapshot(scope);
        NDArray logp_plus = studentLogProbsAt(s_weights_old, g_new, eps, x_u, scope);
        NDArray logp_minus = studentLogProbsAt(s_weights_old, g_new, -eps, x_u, scope);
        student.restore(s_weights_new);
        return logp_plus.sub(logp_minus).div(2 * eps);
    }

    /** log softmax of the student at weights {@code base + eps·dir}, in training mode like its step. */
    private NDArray studentLogProbsAt(NDList base, NDList dir, double eps, NDArray x_u, NDManager scope) {
        NDList shifted = new NDList(base.size());
        for (int i = 0; i < base.size(); i++) {
            shifted.add(dir.get(i).mul(eps).addi(base.get(i)));
        }
        student.restore(shifted);
        try (GradientCollector gc = Autograd.record()) {
            return student.forward(x_u, true).logSoftmax(1).stopGradient();
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

    @Override
    public Network evaluationModel() {
        return student;
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelState.save(dir, "teacher", teacher, t_optimizer);
        ModelState.save(dir, "student", student, s_optimizer);
        AtomicFiles.write(dir.resolve("mpl.state"), this::saveState);
    }

    @Override
    public void load(Path dir) throws IOException {
        ModelState.load(dir, "teacher", teacher, t_optimizer);
        ModelState.load(dir, "student", student, s_optimizer);
        AtomicFiles.read(dir.resolve("mpl.state"), this::loadState);
    }

    private void saveState(DataOutputStream out) throws IOException {
        out.writeBoolean(h_baseline != null);
        if (h_baseline != null) {
            out.write(new NDList(h_baseline).encode());
        }
    }

    private void loadState(DataInputStream in) throws IOException {
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
        teacher.close();
        student.close();
    }

    /** {@code setX} are required; {@code optConfig} defaults to {@link MplConfig#paper()}. */
    public static final class Builder {
        private Network teacher;
        private Network student;
        private Sgd teacherOptimizer;
        private Sgd studentOptimizer;
        private MplConfig config = MplConfig.paper();

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

        public MetaPseudoLabels build() {
            Check.notNull("mpl.teacher", teacher);
            Check.notNull("mpl.teacher_optimizer", teacherOptimizer);
            Check.notNull("mpl.student", student);
            Check.notNull("mpl.student_optimizer", studentOptimizer);
            Check.notNull("mpl.config", config);
            if (teacher == student) {
                throw new ConfigException("mpl.student", "must be a different network from the teacher");
            }
            return new MetaPseudoLabels(this);
        }
    }
}
