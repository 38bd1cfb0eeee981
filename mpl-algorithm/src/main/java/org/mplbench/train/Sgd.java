package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.MultiTensor;
import org.mplbench.nn.Network;
import org.mplbench.engine.ArrayCopy;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum and weight decay, written with
 * engine-neutral NDArray operations (DJL's PyTorch engine has no Nesterov update).
 *
 * <p>Per parameter: {@code g = grad + wd·w} (batch-norm scales and shifts are not decayed, as in
 * both MPL codes, unless {@link Builder#optDecayBatchNorm}); with momentum {@code v = μ·v + g} and
 * the step direction is {@code v}, or {@code g + μ·v} for Nesterov; then {@code w -= lr·direction}.
 * With a gradient-norm bound the raw gradients are first scaled by {@code min(1, bound/‖grad‖)}
 * (global norm, as the ImageNet settings' clip of 5). One instance serves one network and keeps
 * that network's momentum buffers.
 */
public final class Sgd {

    private final LearningRate learningRate;
    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;
    private final boolean decayBatchNorm;
    private final double clipGradNorm;
    private NDList velocity;

    private Sgd(Builder b) {
        this.learningRate = b.learningRate;
        this.momentum = b.momentum;
        this.nesterov = b.nesterov;
        this.weightDecay = b.weightDecay;
        this.decayBatchNorm = b.decayBatchNorm;
        this.clipGradNorm = b.clipGradNorm;
    }

    public static Builder builder() {
        return new Builder();
    }

    public double learningRate(long step) {
        return learningRate.at(step);
    }

    public double momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** Whether an update is exactly {@code w ← w − lr·g}: no momentum, weight decay or clipping. */
    public boolean isPlain() {
        return momentum == 0 && weightDecay == 0 && clipGradNorm == 0;
    }

    /**
     * The factor by which this step's update moves the weights along {@code -grad}: {@code lr} for
     * plain SGD and heavy-ball momentum, {@code lr·(1+μ)} for Nesterov. It is what a gradient through
     * the update needs (the soft-label teacher gradient of MPL).
     */
    public double effectiveStepScale(long step) {
        double lr = learningRate.at(step);
        return nesterov ? lr * (1 + momentum) : lr;
    }

    /** Applies one update to {@code net} with {@code grads} (as from {@link Network#gradients}). */
    public void update(Network net, NDList grads, long step, NDManager scope) {
        List<NDArray> weights = net.weights();
        double lr = learningRate.at(step);
        if (MultiTensor.applies(weights)) {
            updateMultiTensor(net, weights, grads, lr);
            return;
        }
        if (clipGradNorm > 0) {
            grads = clip(grads, scope);
        }
        if (momentum == 0 && (decayBatchNorm || weightDecay == 0) && net.dataType() == DataType.FLOAT32) {
            // Plain SGD in float32: the engines' fused update, one operation per parameter
            // (w -= lr·(g + wd·w)). It takes lr as a float, exact enough only for float32 weights.
            for (int i = 0; i < weights.size(); i++) {
                NDArray w = weights.get(i);
                w.getNDArrayInternal().sgdUpdate(new NDList(w, grads.get(i)), new NDList(w),
                        (float) lr, (float) weightDecay, 1f, -1f, 0f, false);
            }
            return;
        }
        // Momentum in the reference convention (v = μv + g; the learning rate is applied outside the
        // buffer, which MXNet's fused momentum update does not do), written with NDArray operations.
        if (momentum > 0) {
            ensureVelocity(net, weights);
        }
        for (int i = 0; i < weights.size(); i++) {
            NDArray w = weights.get(i);
            NDArray g = grads.get(i);
            if (weightDecay > 0 && (decayBatchNorm || !net.isBatchNorm(i))) {
                // Results of an op belong to its first operand's manager: keep temporaries in scope.
                NDArray decay = scope.create(w.getShape(), w.getDataType());
                ArrayCopy.into(w, decay);
                g = decay.muli(weightDecay).addi(g);
            }
            NDArray direction = g;
            if (momentum > 0) {
                NDArray v = velocity.get(i);
                v.muli(momentum).addi(g);
                direction = v;
                if (nesterov) {
                    NDArray lookahead = v.mul(momentum);
                    lookahead.attach(scope);
                    direction = lookahead.addi(g);
                }
            }
            NDArray delta = direction.mul(lr);
            delta.attach(scope);
            w.subi(delta);
        }
    }

    /**
     * The same update in four engine calls for the whole network (MXNet, float32; {@link MultiTensor}):
     * with {@code c} the clipping factor and {@code wd_i} the decay of parameter i,
     * {@code v ← μ·v + c·g + wd_i·w}, then {@code w ← (1 − lr·wd_i)·w − lr·c·g − lr·μ·v} (Nesterov),
     * {@code w ← w − lr·v} (heavy ball) or, without momentum, {@code w ← (1 − lr·wd_i)·w − lr·c·g}.
     */
    private void updateMultiTensor(Network net, List<NDArray> w, NDList grads, double lr) {
        int n = w.size();
        double c = 1;
        if (clipGradNorm > 0) {
            double norm = Math.sqrt(MultiTensor.sumOfSquares(grads));
            c = norm > clipGradNorm ? clipGradNorm / norm : 1;
        }
        double[] wd = new double[n];
        double[] keep = new double[n];
        double[] ones = new double[n];
        for (int i = 0; i < n; i++) {
            wd[i] = weightDecay > 0 && (decayBatchNorm || !net.isBatchNorm(i)) ? weightDecay : 0;
            keep[i] = 1 - lr * wd[i];
            ones[i] = 1;
        }
        if (momentum == 0) {
            MultiTensor.axpby(w, grads, keep, constant(n, -lr * c));
            return;
        }
        ensureVelocity(net, w);
        MultiTensor.axpby(velocity, grads, momentum, c);
        MultiTensor.axpby(velocity, w, ones, wd);
        if (nesterov) {
            MultiTensor.axpby(w, grads, keep, constant(n, -lr * c));
            MultiTensor.axpby(w, velocity, 1, -lr * momentum);
        } else {
            MultiTensor.axpby(w, velocity, 1, -lr);
        }
    }

    private static double[] constant(int n, double value) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, value);
        return a;
    }

    private void ensureVelocity(Network net, List<NDArray> weights) {
        if (velocity == null) {
            velocity = new NDList(weights.size());
            for (NDArray w : weights) {
                velocity.add(net.manager().zeros(w.getShape(), w.getDataType()));
            }
        }
    }

    /** Scales {@code grads} by {@code min(1, bound/‖grads‖)}, the global L2 norm over all of them. */
    private NDList clip(NDList grads, NDManager scope) {
        double norm = globalNorm(grads, scope);
        if (!(norm > clipGradNorm)) {
            return grads;
        }
        NDList out = new NDList(grads.size());
        for (NDArray g : grads) {
            NDArray c = g.mul(clipGradNorm / norm);
            c.attach(scope);
            out.add(c);
        }
        return out;
    }

    /** The L2 norm of all of {@code arrays} together (waits for the engine); temporaries live in {@code scope}. */
    public static double globalNorm(NDList arrays, NDManager scope) {
        if (MultiTensor.applies(arrays)) {
            return Math.sqrt(MultiTensor.sumOfSquares(arrays));
        }
        double sq = 0;
        for (NDArray a : arrays) {
            NDArray s = a.square().sum();
            s.attach(scope);
            sq += s.toType(DataType.FLOAT64, false).getDouble();
        }
        return Math.sqrt(sq);
    }

    /** Momentum buffers, for checkpoints (empty without momentum or before the first update). */
    public void save(DataOutputStream out) throws IOException {
        out.writeBoolean(velocity != null);
        if (velocity != null) {
            out.write(velocity.encode());
        }
    }

    public void load(Network net, DataInputStream in) throws IOException {
        if (in.readBoolean()) {
            NDList loaded = NDList.decode(net.manager(), in);
            if (velocity != null) {
                velocity.close();
            }
            velocity = loaded;
        } else {
            velocity = null;
        }
    }

    public static final class Builder {
        private LearningRate learningRate;
        private double momentum;
        private boolean nesterov;
        private double weightDecay;
        private boolean decayBatchNorm;
        private double clipGradNorm;

        private Builder() {}

        public Builder setLearningRate(double lr) {
            Check.openClosed("sgd.lr", lr, 0, 100);
            this.learningRate = LearningRate.constant(lr);
            return this;
        }

        public Builder setLearningRate(LearningRate schedule) {
            this.learningRate = Check.notNull("sgd.lr", schedule);
            return this;
        }

        public Builder optMomentum(double momentum) {
            this.momentum = Check.closedOpen("sgd.momentum", momentum, 0, 1);
            return this;
        }

        public Builder optNesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = Check.closed("sgd.weight_decay", weightDecay, 0, 1);
            return this;
        }

        /** Decay batch-norm scales and shifts too (neither MPL code does; off by default). */
        public Builder optDecayBatchNorm(boolean decay) {
            this.decayBatchNorm = decay;
            return this;
        }

        /** Bound on the global L2 norm of the gradients (0: no clipping). */
        public Builder optClipGradNorm(double bound) {
            this.clipGradNorm = Check.closed("sgd.clip_grad_norm", bound, 0, 1e12);
            return this;
        }

        public Sgd build() {
            Check.notNull("sgd.lr", learningRate);
            if (nesterov && momentum == 0) {
                throw new ConfigException(
                        "sgd.nesterov", "needs momentum > 0 (momentum is 0)");
            }
            return new Sgd(this);
        }
    }
}
