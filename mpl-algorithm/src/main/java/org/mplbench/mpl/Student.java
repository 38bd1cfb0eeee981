package org.mplbench.mpl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.mplbench.engine.Autograd;
import java.util.List;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.train.Sgd;

/**
 * What an MPL step does with the student besides its optimiser update: the step's forward and
 * backward on pseudo labels, and the measurements of its labeled loss around that step, each over
 * the step's micro-batches ({@link MicroBatches}) in turn. A dropout
 * seed, where given, reseeds the engine first so that two measurements with the same seed draw the
 * same dropout masks (a student without dropout draws nothing and the reseed is skipped).
 */
final class Student {

    private final Network net;
    private final MicroBatches micro;

    Student(Network net, MicroBatches micro) {
        this.net = net;
        this.micro = micro;
    }

    Network network() {
        return net;
    }

    /** The losses of the student's forward on {@code [x_l, x_us]}: labeled CE and pseudo-label CE. */
    record StepLosses(NDArray loss_l, NDArray loss_u) {}

    /**
     * One forward on {@code [x_l, x_us]} and the backward of the pseudo-label loss, micro-batch by
     * micro-batch; the (summed) gradients are left for the optimiser.
     */
    StepLosses forwardBackward(NDArray x_l, Target y_l, NDArray x_us, Target y_hat, NDManager scope) {
        List<Target> y_l_parts = micro.split(y_l);
        List<Target> y_hat_parts = micro.split(y_hat);
        MicroBatches.GradientSum grads = micro.gradients(net, scope);
        MicroBatches.Mean loss_l = micro.mean(scope);
        MicroBatches.Mean loss_u = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            NDArray x_l_i = micro.part(x_l, i, part);
            long n_l = x_l_i.getShape().get(0);
            try (GradientCollector gc = Autograd.record()) {
                // its own concatenation: an input shared by two recorded graphs loses its node when the
                // first is backpropagated (MXNet)
                NDList s_logits = net.forward(x_l_i.concat(micro.part(x_us, i, part)), true).split(new long[] {n_l}, 0);
                NDArray s_loss_u = y_hat_parts.get(i).loss(s_logits.get(1));
                loss_l.add(y_l_parts.get(i).loss(s_logits.get(0)));
                loss_u.add(s_loss_u);
                grads.backward(gc, s_loss_u);
            }
        });
        grads.finish();
        return new StepLosses(loss_l.get(), loss_u.get());
    }

    /** CE on {@code x_l} in training mode, without gradient. */
    NDArray labeledLoss(NDArray x_l, Target y_l, Integer dropoutSeed, NDManager scope) {
        reseed(dropoutSeed);
        List<Target> y_l_parts = micro.split(y_l);
        MicroBatches.Mean loss = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            // Training mode needs recording on MXNet; no backward follows, so running statistics stay.
            try (GradientCollector gc = Autograd.record()) {
                loss.add(y_l_parts.get(i).loss(net.forward(micro.part(x_l, i, part), true)).stopGradient());
            }
        });
        return loss.get();
    }

    /** CE on {@code x_l} in training mode, its gradient {@code g'} left in the network. */
    NDArray labeledLossWithGradient(NDArray x_l, Target y_l, Integer dropoutSeed, NDManager scope) {
        reseed(dropoutSeed);
        List<Target> y_l_parts = micro.split(y_l);
        MicroBatches.GradientSum grads = micro.gradients(net, scope);
        MicroBatches.Mean loss = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                NDArray s_loss_l = y_l_parts.get(i).loss(net.forward(micro.part(x_l, i, part), true));
                loss.add(s_loss_l);
                grads.backward(gc, s_loss_l);
            }
        });
        grads.finish();
        return loss.get();
    }

    /** Copies of the gradients left by the last backward (the next one overwrites them). */
    NDList gradientCopies(NDManager scope) {
        NDList g = net.gradients(scope);
        NDList copy = new NDList(g.size());
        for (NDArray x : g) {
            copy.add(x.duplicate());
        }
        return copy;
    }

    /** {@code aᵀb / (|a| |b|)} over all tensors, a scalar; 0 when either is 0. */
    static NDArray cosine(NDList a, NDList b) {
        NDArray dot = null;
        NDArray aa = null;
        NDArray bb = null;
        for (int i = 0; i < a.size(); i++) {
            NDArray x = a.get(i);
            NDArray y = b.get(i);
            dot = dot == null ? x.mul(y).sum() : dot.add(x.mul(y).sum());
            aa = aa == null ? x.square().sum() : aa.add(x.square().sum());
            bb = bb == null ? y.square().sum() : bb.add(y.square().sum());
        }
        // a zero gradient has dot 0: 0 / 1e-30 = 0, no direction (1e-30 is normal in float32)
        return dot.div(aa.mul(bb).sqrt().maximum(1e-30));
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
        NDArray logp_plus = logProbsAt(weightsOld, g_new, eps, x_u, dropoutSeed, scope);
        NDArray logp_minus = logProbsAt(weightsOld, g_new, -eps, x_u, dropoutSeed, scope);
        net.restore(weightsNew);
        return logp_plus.sub(logp_minus).div(2 * eps);
    }

    /** log softmax at weights {@code base + eps·dir}, in training mode like the student's step. */
    private NDArray logProbsAt(NDList base, NDList dir, double eps, NDArray x_u, int dropoutSeed, NDManager scope) {
        NDList shifted = new NDList(base.size());
        for (int i = 0; i < base.size(); i++) {
            shifted.add(dir.get(i).mul(eps).addi(base.get(i)));
        }
        net.restore(shifted);
        reseed(dropoutSeed);
        NDList parts = new NDList(micro.count());
        micro.forEach(scope, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                parts.add(MicroBatches.keep(net.forward(micro.part(x_u, i, part), true).logSoftmax(1).stopGradient(), scope));
            }
        });
        return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
    }

    /** About 1.2 ms of engine time on MXNet, so skipped when the student draws nothing. */
    private void reseed(Integer dropoutSeed) {
        if (dropoutSeed != null && net.drawsRandomness()) {
            Engine.getInstance().setRandomSeed(dropoutSeed);
        }
    }
}
