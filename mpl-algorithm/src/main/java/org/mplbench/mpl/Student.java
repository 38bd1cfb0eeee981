package org.mplbench.mpl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.train.Sgd;

/**
 * What an MPL step does with the student besides its optimiser update: the step's forward and
 * backward on pseudo labels, and the measurements of its labeled loss around that step. A dropout
 * seed, where given, reseeds the engine first so that two measurements with the same seed draw the
 * same dropout masks (a student without dropout draws nothing and the reseed is skipped).
 */
final class Student {

    private final Network net;

    Student(Network net) {
        this.net = net;
    }

    Network network() {
        return net;
    }

    /** The losses of the student's forward on {@code [x_l, x_us]}: labeled CE and pseudo-label CE. */
    record StepLosses(NDArray loss_l, NDArray loss_u) {}

    /**
     * One forward on {@code [x_l, x_us]} and the backward of the pseudo-label loss; the gradients are
     * left for the optimiser.
     */
    StepLosses forwardBackward(NDArray x_l, Target y_l, NDArray x_us, Target y_hat) {
        long n_l = x_l.getShape().get(0);
        try (GradientCollector gc = Autograd.record()) {
            // its own concatenation: an input shared by two recorded graphs loses its node when the
            // first is backpropagated (MXNet)
            NDList s_logits = net.forward(x_l.concat(x_us), true).split(new long[] {n_l}, 0);
            NDArray loss_l = y_l.loss(s_logits.get(0));
            NDArray loss_u = y_hat.loss(s_logits.get(1));
            net.clearGradients();
            gc.backward(loss_u);
            return new StepLosses(loss_l, loss_u);
        }
    }

    /** CE on {@code x_l} in training mode, without gradient. */
    NDArray labeledLoss(NDArray x_l, Target y_l, Integer dropoutSeed) {
        reseed(dropoutSeed);
        // Training mode needs recording on MXNet; no backward follows, so running statistics stay.
        try (GradientCollector gc = Autograd.record()) {
            return y_l.loss(net.forward(x_l, true)).stopGradient();
        }
    }

    /** CE on {@code x_l} in training mode, its gradient {@code g'} left in the network. */
    NDArray labeledLossWithGradient(NDArray x_l, Target y_l, Integer dropoutSeed) {
        reseed(dropoutSeed);
        try (GradientCollector gc = Autograd.record()) {
            NDArray loss = y_l.loss(net.forward(x_l, true));
            net.clearGradients();
            gc.backward(loss);
            return loss;
        }
    }

    NDList weights(NDManager scope) {
        return net.snapshot(scope);
    }

    /**
     * {@code d_ik = g'ᵀ ∇_S log s_ik(θ)} at weights {@code θ = weightsOld}, by central differences
     * along {@code g'} (the gradients left by {@link #labeledLossWithGradient}) with step
     * {@code epsilon / |g'|}. The current weights are restored afterwards. Both forwards draw the
     * same dropout masks; otherwise mask noise divided by 2ε would swamp {@code d}.
     */
    NDArray jvp(NDList weightsOld, NDArray x_u, double epsilon, NDManager scope, int dropoutSeed) {
        NDList g_new = net.gradients(scope);
        double norm = Sgd.globalNorm(g_new, scope);
        if (norm == 0) {
            return scope.zeros(new Shape(x_u.getShape().get(0), 1), x_u.getDataType());
        }
        double eps = epsilon / norm;
        NDList weightsNew = net.snapshot(scope);
        NDArray logp_plus = logProbsAt(weightsOld, g_new, eps, x_u, dropoutSeed);
        NDArray logp_minus = logProbsAt(weightsOld, g_new, -eps, x_u, dropoutSeed);
        net.restore(weightsNew);
        return logp_plus.sub(logp_minus).div(2 * eps);
    }

    /** log softmax at weights {@code base + eps·dir}, in training mode like the student's step. */
    private NDArray logProbsAt(NDList base, NDList dir, double eps, NDArray x_u, int dropoutSeed) {
        NDList shifted = new NDList(base.size());
        for (int i = 0; i < base.size(); i++) {
            shifted.add(dir.get(i).mul(eps).addi(base.get(i)));
        }
        net.restore(shifted);
        reseed(dropoutSeed);
        try (GradientCollector gc = Autograd.record()) {
            return net.forward(x_u, true).logSoftmax(1).stopGradient();
        }
    }

    /** About 1.2 ms of engine time on MXNet, so skipped when the student draws nothing. */
    private void reseed(Integer dropoutSeed) {
        if (dropoutSeed != null && net.drawsRandomness()) {
            Engine.getInstance().setRandomSeed(dropoutSeed);
        }
    }
}
