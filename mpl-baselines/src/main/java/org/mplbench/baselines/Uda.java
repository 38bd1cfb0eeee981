package org.mplbench.baselines;

import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import org.mplbench.config.Check;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
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
        super(new TrainedNetwork(b.model, b.optimizer, b.average));
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
        long n_l = batch.labeledSize();
        long n_u = batch.x_uw().getShape().get(0);
        UdaLoss.Terms terms;
        try (GradientCollector gc = Autograd.record()) {
            NDList logits = model.network().forward(NDArrays.concat(new NDList(batch.x_l(), batch.x_uw(), batch.x_us())), true)
                    .split(new long[] {n_l, n_l + n_u}, 0);
            terms = objective.loss(logits.get(0), batch.y_l(), logits.get(1), logits.get(2), step);
            model.network().clearGradients();
            gc.backward(terms.total());
        }
        model.update(step, batch.scope());
        return new StepLog()
                .put("loss", terms.total().stopGradient())
                .put("loss_l", terms.loss_l().stopGradient())
                .put("loss_uda", terms.loss_uda().stopGradient())
                .put("mask_rate", terms.maskRate());
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

        public Uda build() {
            Check.notNull("uda.model", model);
            Check.notNull("uda.optimizer", optimizer);
            Check.notNull("uda.config", uda);
            return new Uda(this);
        }
    }
}
