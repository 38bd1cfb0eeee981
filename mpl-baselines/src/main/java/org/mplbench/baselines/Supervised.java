package org.mplbench.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.mplbench.config.Check;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.StepWork;
import org.mplbench.train.BatchSource;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainedNetwork;

/** Supervised training on the labeled batch only (label-smoothed cross-entropy); unlabeled data is ignored. */
public final class Supervised extends OneNetworkMethod {

    private final double labelSmoothing;
    /** The same step as one compiled graph (TwoMoon's MLP on MXNet), or null. */
    private final FusedSupervisedStep fused;

    private Supervised(Builder b) {
        super(new TrainedNetwork(b.model, b.optimizer, b.average), b.micro);
        this.labelSmoothing = b.labelSmoothing;
        this.fused = b.fusedStep && FusedSupervisedStep.covers(model, b.micro.count())
                ? new FusedSupervisedStep(model, b.labelSmoothing, b.model.manager())
                : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "supervised";
    }

    @Override
    public StepLog step(SslBatch batch, long step) {
        if (fused != null) {
            return fused.step(batch, step);
        }
        NDManager scope = batch.scope();
        Network net = model.network();
        MicroBatches.GradientSum grads = micro.gradients(net, scope);
        MicroBatches.Mean loss = micro.mean(scope);
        micro.forEach(scope, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                NDArray logits = net.forward(micro.part(batch.x_l(), i, part), true);
                NDArray loss_i = Losses.labelSmoothedCrossEntropy(logits, micro.part(batch.y_l(), i, part), labelSmoothing);
                loss.add(loss_i.stopGradient());
                grads.backward(gc, loss_i);
            }
        });
        grads.finish();
        model.update(step, scope);
        return new StepLog().put("loss", loss.get());
    }

    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        return new StepWork(n_l, 0);
    }

    /**
     * Trains {@code net} on the first {@code steps} batches of {@code batches} as this baseline's steps
     * do (compiled where they can be), one scope per step, and leaves it open: the start of another
     * method ("a teacher started from the Supervised model").
     */
    public static void train(Network net, Sgd optimizer, BatchSource batches, long steps, NDManager scope) {
        Supervised s = builder().setModel(net, optimizer).build();
        try {
            for (long step = 0; step < steps; step++) {
                try (NDManager stepScope = scope.newSubManager()) {
                    s.step(batches.next(stepScope, step), step);
                }
            }
        } finally {
            if (s.fused != null) {
                s.fused.close(); // not s.close(): that would close the network
            }
        }
    }

    /** Whether steps run as one compiled graph ({@link FusedSupervisedStep}) rather than under autograd. */
    public boolean fusedStep() {
        return fused != null;
    }

    @Override
    public void close() {
        if (fused != null) {
            fused.close();
        }
        super.close();
    }

    /** The trained network itself (for a teacher that other methods freeze). */
    public Network model() {
        return model.network();
    }

    /** {@code setModel} is required; label smoothing defaults to 0. */
    public static final class Builder {
        private Network model;
        private Sgd optimizer;
        private double labelSmoothing;
        private TrainedNetwork.Average average;
        private MicroBatches micro = MicroBatches.ONE;
        private boolean fusedStep = true;

        private Builder() {}

        public Builder setModel(Network model, Sgd optimizer) {
            this.model = model;
            this.optimizer = optimizer;
            return this;
        }

        public Builder optLabelSmoothing(double eps) {
            this.labelSmoothing = Check.closedOpen("supervised.label_smoothing", eps, 0, 1);
            return this;
        }

        /** Evaluate a moving average of the weights, kept in {@code average} (same architecture). */
        public Builder optEma(Network average, double decay, boolean warmup) {
            this.average = new TrainedNetwork.Average(average, decay, warmup);
            return this;
        }

        /** Micro-batches per step, their gradients summed ({@link MicroBatches}; default none). */
        public Builder optMicroBatches(MicroBatches micro) {
            this.micro = Check.notNull("supervised.micro_batches", micro);
            return this;
        }

        /**
         * Whether a step the compiled graph covers (a float32 MLP on MXNet, {@link FusedSupervisedStep})
         * runs as that graph (default) or operator by operator under autograd; float32 rounding apart,
         * the same step.
         */
        public Builder optFusedStep(boolean fused) {
            this.fusedStep = fused;
            return this;
        }

        public Supervised build() {
            Check.notNull("supervised.model", model);
            Check.notNull("supervised.optimizer", optimizer);
            return new Supervised(this);
        }
    }
}
