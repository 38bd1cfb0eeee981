package org.mplbench.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.mplbench.engine.CompiledGraph;
import org.mplbench.engine.Graph.Node;
import org.mplbench.engine.ShapedGraph;
import org.mplbench.nn.MlpGraph;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;
import org.mplbench.train.TrainedNetwork;

/**
 * {@link Supervised}'s step for a float32 MLP (TwoMoon) as one compiled MXNet graph: forward,
 * label-smoothed cross-entropy and its backward pass in one engine call instead of ~20 operator
 * dispatches and an autograd pass; the optimiser then applies the graph's gradients as in the recorded
 * step. Tested against the recorded step ({@code FusedSupervisedStepTest}).
 */
final class FusedSupervisedStep implements AutoCloseable {

    private final TrainedNetwork model;
    private final double labelSmoothing;
    private final NDManager state;
    /** What the graph writes, kept across steps: the gradients and the loss. */
    private final NDList grads;
    private final NDArray loss;
    /** The graph's outputs in its order: grads, loss (the same arrays every step). */
    private final NDArray[] outputs;
    /** The step's graph for batches of n labeled points. */
    private final ShapedGraph graph = new ShapedGraph(n -> compile(n.get(0)));

    FusedSupervisedStep(TrainedNetwork model, double labelSmoothing, NDManager parent) {
        this.model = model;
        this.labelSmoothing = labelSmoothing;
        this.state = parent.newSubManager();
        this.grads = model.network().zerosLikeWeights(state);
        this.loss = state.zeros(new Shape(), DataType.FLOAT32);
        List<NDArray> out = new ArrayList<>(grads);
        out.add(loss);
        this.outputs = out.toArray(new NDArray[0]);
    }

    /** Whether the graph covers this training: a float32 MLP on MXNet, whole batches. */
    static boolean covers(TrainedNetwork model, int microBatches) {
        return CompiledGraph.available() && MlpGraph.covers(model.network()) && microBatches == 1;
    }

    /** One step. Its log holds an array the next step overwrites (read within the step, like every log). */
    StepLog step(SslBatch batch, long step) {
        List<NDArray> in = new ArrayList<>(List.of(batch.x_l(), batch.y_l()));
        in.addAll(model.network().weights());
        graph.forShape(new Shape(batch.x_l().getShape().get(0))).run(in.toArray(new NDArray[0]), outputs);
        model.update(step, grads, batch.scope());
        return new StepLog().put("loss", loss);
    }

    private CompiledGraph compile(long n) {
        List<NDArray> weights = model.network().weights();
        int classes = Math.toIntExact(weights.get(weights.size() - 1).getShape().get(0));
        MlpGraph g = new MlpGraph(weights);
        Node x_l = g.input("x_l");
        Node y_l = g.target(g.input("y_l"), classes, n, labelSmoothing);
        List<Node> w = g.parameters("w_", weights.size());
        MlpGraph.Forward f = g.forward(w, x_l);
        List<Node> heads = new ArrayList<>(g.backward(w, f, g.crossEntropyGradient(f.logits(), y_l, n)));
        heads.add(g.crossEntropy(f.logits(), y_l));
        return g.compile(heads);
    }

    @Override
    public void close() {
        graph.close();
        state.close();
    }
}
