package org.mplbench.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.mplbench.config.Check;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.StepWork;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.ssl.UdaLoss;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainedNetwork;

/**
 * Unsupervised Data Augmentation (Xie et al. 2020) as MPL's codes configure it: one network, one
 * forward over {@code [x_l, x_uw, x_us]} (shared batch-norm statistics), label-smoothed CE on
 * labeled data plus {@code w_u · CE(softmax(f(x_uw)/τ), f(x_us))} masked by confidence. The same
 * {@link UdaLoss} is MPL's teacher objective, so this baseline is exactly MPL's teacher without the
 * student's feedback.
 */
public final class Uda extends OneNetworkMethod {

    private final UdaLoss objective;

    private Uda(Builder b) {
        super(new TrainedNetwork(b.model, b.optimizer, b.average), b.micro);
        this.objective = new UdaLoss(b.uda, b.labelSmoothing);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "uda";
    }

    @Override
    public StepLog step(SslBatch batch, long step) {
        NDManager scope = batch.scope();
        Network net = model.network();
        MicroBatches.GradientSum grads = micro.gradients(net, scope);
        MicroBatches.Mean loss = micro.mean(scope);
        MicroBatches.Mean loss_l = micro.mean(scope);
        MicroBatches.Mean loss_uda = micro.mean(scope);
        MicroBatches.Mean mask_rate = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            NDArray x_l = micro.part(batch.x_l(), i, part);
            long n_l = x_l.getShape().get(0);
            NDArray x_uw = micro.part(batch.x_uw(), i, part);
            long n_u = x_uw.getShape().get(0);
            try (GradientCollector gc = Autograd.record()) {
                NDList logits = net.forward(NDArrays.concat(new NDList(x_l, x_uw, micro.part(batch.x_us(), i, part))), true)
                        .split(new long[] {n_l, n_l + n_u}, 0);
                UdaLoss.Terms terms = objective.loss(logits.get(0), micro.part(batch.y_l(), i, part), logits.get(1),
                        logits.get(2), step);
                loss.add(terms.total().stopGradient());
                loss_l.add(terms.loss_l().stopGradient());
                loss_uda.add(terms.loss_uda().stopGradient());
                mask_rate.add(terms.maskRate());
                grads.backward(gc, terms.total());
            }
        });
        grads.finish();
        model.update(step, scope);
        return new StepLog()
                .put("loss", loss.get())
                .put("loss_l", loss_l.get())
                .put("loss_uda", loss_uda.get())
                .put("mask_rate", mask_rate.get());
    }

    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        return new StepWork(n_l + 2 * n_u, 0); // [x_l, x_uw, x_us] even when the views coincide
    }

    /** {@code setModel} and {@code setUda} are required. */
    public static final class Builder {
        private Network model;
        private Sgd optimizer;
        private UdaConfig uda;
        private double labelSmoothing;
        private TrainedNetwork.Average average;
        private MicroBatches micro = MicroBatches.ONE;

        private Builder() {}

        public Builder setModel(Network model, Sgd optimizer) {
            this.model = model;
            this.optimizer = optimizer;
            return this;
        }

        public Builder setUda(UdaConfig uda) {
            this.uda = uda;
            return this;
        }

        public Builder optLabelSmoothing(double eps) {
            this.labelSmoothing = Check.closedOpen("uda.label_smoothing", eps, 0, 1);
            return this;
        }

        /** Evaluate a moving average of the weights, kept in {@code average} (same architecture). */
        public Builder optEma(Network average, double decay, boolean warmup) {
            this.average = new TrainedNetwork.Average(average, decay, warmup);
            return this;
        }

        /** Micro-batches per step, their gradients summed ({@link MicroBatches}; default none). */
        public Builder optMicroBatches(MicroBatches micro) {
            this.micro = Check.notNull("uda.micro_batches", micro);
            return this;
        }

        public Uda build() {
            Check.notNull("uda.model", model);
            Check.notNull("uda.optimizer", optimizer);
            Check.notNull("uda.config", uda);
            return new Uda(this);
        }
    }
}
