package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mplbench.engine.CompiledGraph;
import org.mplbench.engine.Graph.Node;
import org.mplbench.engine.ShapedGraph;
import org.mplbench.mpl.MplConfig.Feedback;
import org.mplbench.mpl.MplConfig.LabelKind;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.mpl.MplConfig.ReinforceTerm;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.MlpGraph;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;
import org.mplbench.train.TrainedNetwork;

/**
 * The hard-label MPL step of {@link MetaPseudoLabels#step} for two sigmoid MLPs (TwoMoon) as one
 * compiled MXNet graph: the same five steps, in the same names, evaluated in one engine call instead
 * of ~60 operator dispatches and two autograd passes (docs/performance.md, TwoMoon). The backward
 * passes are written out — an MLP's is four lines per layer — because MXNet 1.9 builds gradients
 * only by recording, never inside a graph. The optimisers then apply the graph's gradients as in
 * the recorded step. Tested against the recorded step ({@code FusedMlpStepTest}).
 *
 * <p>It covers what TwoMoon runs: float32 MLPs from {@link Mlp}, hard pseudo labels (argmax or
 * sampled), h as the difference of the student's labeled losses (either sign, any scale, no moving
 * baseline) or switched off, one student step per teacher step with plain SGD, no UDA, label smoothing or
 * micro-batches; {@link #unsupported} says what else it would need.
 */
final class FusedMlpStep implements AutoCloseable {

    private static final String[] LOGS = {"t_loss", "t_loss_l", "t_loss_mpl", "s_loss_u", "s_loss_l_old",
            "s_loss_l_new", "h"};

    private final TrainedNetwork t_trained;
    private final TrainedNetwork s_trained;
    private final MplConfig config;
    private final NDManager state;
    /** What the graph writes, kept across steps: the two networks' gradients and the logged scalars. */
    private final NDList t_grads;
    private final NDList s_grads;
    private final NDArray[] logs;
    /** The graph's outputs in its order: t_grads, s_grads, logs (the same arrays every step). */
    private final NDArray[] outputs;
    /** The student's learning rate of the step, as the graph reads it. */
    private final NDArray s_lr;
    private double s_lrValue = Double.NaN;
    /** The step's graph for batches of (n_l, n_u) points. */
    private final ShapedGraph graph = new ShapedGraph(nn -> compile(nn.get(0), nn.get(1)));

    FusedMlpStep(TrainedNetwork t_trained, TrainedNetwork s_trained, MplConfig config, NDManager parent) {
        this.t_trained = t_trained;
        this.s_trained = s_trained;
        this.config = config;
        this.state = parent.newSubManager();
        this.t_grads = t_trained.network().zerosLikeWeights(state);
        this.s_grads = s_trained.network().zerosLikeWeights(state);
        this.logs = new NDArray[LOGS.length];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = state.zeros(new Shape(), DataType.FLOAT32);
        }
        this.s_lr = state.zeros(new Shape(), DataType.FLOAT32);
        List<NDArray> out = new ArrayList<>(t_grads);
        out.addAll(s_grads);
        out.addAll(List.of(logs));
        this.outputs = out.toArray(new NDArray[0]);
    }

    /**
     * Why this step cannot run as one graph here, or null when it can. {@code labelSmoothing},
     * {@code uda}, {@code microBatches} and {@code teacherInputs} are the method's other settings.
     */
    static String unsupported(TrainedNetwork t, TrainedNetwork s, MplConfig c, double labelSmoothing, boolean uda,
            int microBatches, boolean teacherInputsAreImages) {
        if (!CompiledGraph.available()) {
            return "compiled graphs need the MXNet engine";
        }
        for (Network n : List.of(t.network(), s.network())) {
            if (!MlpGraph.covers(n)) {
                return "the networks are not float32 MLPs";
            }
        }
        if (!shapes(t.network()).equals(shapes(s.network()))) {
            return "the teacher and the student have different layers";
        }
        if (!s.optimizer().isPlain()) {
            return "the student's optimiser is not plain SGD";
        }
        if (c.labels() != LabelKind.HARD || c.movingAverageBaseline() || c.studentStepsPerTeacherStep() != 1
                || c.feedback() == Feedback.COSINE) {
            return "the MPL configuration is not hard labels with a plain loss-difference h (or none)";
        }
        if (labelSmoothing != 0 || uda || microBatches != 1 || !teacherInputsAreImages) {
            return "label smoothing, UDA, micro-batches or Reduced MPL";
        }
        return null;
    }

    private static List<Shape> shapes(Network n) {
        return n.weights().stream().map(NDArray::getShape).toList();
    }

    /** Whether this batch is one the graph takes: one unlabeled view, no held-out set. */
    static boolean takes(SslBatch batch) {
        return batch.x_uw() == batch.x_us() && batch.heldOut() == null;
    }

    /**
     * One main step. Its log holds arrays the next step overwrites: like every step log, it is read
     * within its step ({@link StepLog#read}).
     */
    StepLog step(SslBatch batch, long step) {
        NDManager scope = batch.scope();
        long n_l = batch.x_l().getShape().get(0);
        long n_u = batch.x_us().getShape().get(0);
        int classes = classes();
        double lr = s_trained.optimizer().learningRate(step);
        if (lr != s_lrValue) {
            s_lr.set(new float[] {(float) lr});
            s_lrValue = lr;
        }
        List<NDArray> in = new ArrayList<>(List.of(batch.x_l(), batch.y_l(), batch.x_us(), s_lr));
        if (config.labelRule() == PseudoLabelRule.SAMPLE) {
            // the uniform draw of the recorded step's Gumbel-max sample, from the same engine stream
            in.add(scope.randomUniform(1e-20f, 1f, new Shape(n_u, classes), DataType.FLOAT32));
        }
        in.addAll(t_trained.network().weights());
        in.addAll(s_trained.network().weights());
        graph.forShape(new Shape(n_l, n_u)).run(in.toArray(new NDArray[0]), outputs);
        s_trained.update(step, s_grads, scope);
        t_trained.update(step, t_grads, scope);
        StepLog log = new StepLog();
        for (int i = 0; i < LOGS.length; i++) {
            log.put(LOGS[i], logs[i]);
        }
        return log;
    }

    private int classes() {
        List<NDArray> w = t_trained.network().weights();
        return Math.toIntExact(w.get(w.size() - 1).getShape().get(0));
    }

    /** The graph of one step for batches of {@code n_l} labeled and {@code n_u} unlabeled points. */
    private CompiledGraph compile(long n_l, long n_u) {
        // the teacher's layers are the student's (unsupported() checks)
        MlpGraph g = new MlpGraph(t_trained.network().weights());
        int classes = classes();
        Node x_l = g.input("x_l");
        Node y_l_index = g.input("y_l");
        Node x_u = g.input("x_u");
        Node s_lr_in = g.parameter("s_lr");
        Node gumbel_u = config.labelRule() == PseudoLabelRule.SAMPLE ? g.input("u") : null;
        List<Node> t_w = g.parameters("t_", t_trained.network().weights().size());
        List<Node> s_w = g.parameters("s_", s_trained.network().weights().size());
        Node y_l = g.target(y_l_index, classes, n_l, 0);

        // 1. Teacher forward on [x_l, x_u] (one view: x_uw = x_us).
        MlpGraph.Forward t = g.forward(t_w, g.op("Concat", Map.of("dim", "0", "num_args", "2"), x_l, x_u));
        Node t_logits_l = g.rows(t.logits(), 0, n_l);
        Node t_logits_u = g.rows(t.logits(), n_l, n_l + n_u);

        // 2. Hard pseudo labels ŷ: argmax T(x_u), or a sample by the Gumbel-max trick.
        Node t_argmax = g.op("argmax", Map.of("axis", "1"), t_logits_u);
        Node y_hat_index = gumbel_u == null ? t_argmax
                : g.op("argmax", Map.of("axis", "1"), g.op("elemwise_sub", t_logits_u,
                        g.op("log", g.op("negative", g.op("log", gumbel_u)))));
        Node y_hat = g.target(y_hat_index, classes, n_u, 0);

        // 3. Student: s_loss_l_old, then one SGD step on CE(ŷ, S(x_u)): w'_S = w_S − η_S ∇L_u.
        Node s_loss_l_old = g.crossEntropy(g.forward(s_w, x_l).logits(), y_l);
        MlpGraph.Forward s_u = g.forward(s_w, x_u);
        Node s_loss_u = g.crossEntropy(s_u.logits(), y_hat);
        List<Node> s_grad = g.backward(s_w, s_u, g.crossEntropyGradient(s_u.logits(), y_hat, n_u));
        List<Node> s_w_new = new ArrayList<>();
        for (int i = 0; i < s_w.size(); i++) {
            s_w_new.add(g.op("elemwise_sub", s_w.get(i), g.op("_npi_multiply", s_grad.get(i), s_lr_in)));
        }

        // 4. Feedback h: the change of the student's labeled loss.
        Node s_loss_l_new = g.crossEntropy(g.forward(s_w_new, x_l).logits(), y_l);
        Node h = switch (config.feedback()) {
            case NEW_MINUS_OLD -> g.op("elemwise_sub", s_loss_l_new, s_loss_l_old);
            case OLD_MINUS_NEW -> g.op("elemwise_sub", s_loss_l_old, s_loss_l_new);
            case OFF -> g.op("zeros_like", s_loss_l_old); // the ablation: the teacher learns from x_l alone
            case COSINE -> throw new IllegalStateException("unsupported() refuses the cosine");
        };

        // 5. Teacher: h · CE(ŷ_T, T(x_u)) · scale + w · CE(y_l, T(x_l)) and its gradient.
        Node t_target_mpl = config.reinforceTerm() == ReinforceTerm.STRONG_ARGMAX ? g.target(t_argmax, classes, n_u, 0)
                : y_hat;
        Node t_loss_mpl = g.crossEntropy(t_logits_u, t_target_mpl);
        Node t_loss_l = g.crossEntropy(t_logits_l, y_l);
        Node h_scaled = g.scale(h, config.feedbackScale());
        Node t_loss = g.op("elemwise_add", g.op("elemwise_mul", t_loss_mpl, h_scaled),
                g.scale(t_loss_l, config.teacherSupervisedWeight()));
        Node t_dlogits = g.op("Concat", Map.of("dim", "0", "num_args", "2"),
                g.scale(g.crossEntropyGradient(t_logits_l, y_l, n_l), config.teacherSupervisedWeight()),
                g.op("_npi_multiply", g.crossEntropyGradient(t_logits_u, t_target_mpl, n_u), h_scaled));
        List<Node> t_grad = g.backward(t_w, t, t_dlogits);

        List<Node> heads = new ArrayList<>(t_grad);
        heads.addAll(s_grad);
        heads.addAll(List.of(t_loss, t_loss_l, t_loss_mpl, s_loss_u, s_loss_l_old, s_loss_l_new, h));
        return g.compile(heads);
    }

    @Override
    public void close() {
        graph.close();
        state.close();
    }
}
