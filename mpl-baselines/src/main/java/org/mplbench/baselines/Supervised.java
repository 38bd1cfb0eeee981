package org.mplbench.baselines;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.config.Check;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;
import org.mplbench.train.Ema;
import org.mplbench.train.ModelState;
import org.mplbench.train.Sgd;

/** Supervised training on the labeled batch only (label-smoothed cross-entropy); unlabeled data is ignored. */
public final class Supervised implements SslMethod {

    private final Network model;
    private final Sgd optimizer;
    private final double labelSmoothing;
    private final Ema ema;

    private Supervised(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.labelSmoothing = b.labelSmoothing;
        this.ema = b.emaModel == null ? null : new Ema(b.model, b.emaModel, b.emaDecay, b.emaWarmup);
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
        NDArray loss;
        try (GradientCollector gc = Autograd.record()) {
            NDArray logits = model.forward(batch.x_l(), true);
            loss = Losses.labelSmoothedCrossEntropy(logits, batch.y_l(), labelSmoothing);
            model.clearGradients();
            gc.backward(loss);
        }
        optimizer.update(model, model.gradients(batch.scope()), step, batch.scope());
        if (ema != null) {
            ema.update(step, batch.scope());
        }
        return new StepLog().put("loss", loss.stopGradient());
    }

    /** The trained network itself (for a teacher that other methods freeze). */
    public Network model() {
        return model;
    }

    @Override
    public Network evaluationModel() {
        return ema == null ? model : ema.model();
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelState.save(dir, "model", model, optimizer);
        if (ema != null) {
            ema.save(dir, "model");
        }
    }

    @Override
    public void load(Path dir) throws IOException {
        ModelState.load(dir, "model", model, optimizer);
        if (ema != null) {
            ema.load(dir, "model");
        }
    }

    @Override
    public void close() {
        model.close();
        if (ema != null) {
            ema.model().close();
        }
    }

    /** {@code setModel} is required; label smoothing defaults to 0. */
    public static final class Builder {
        private Network model;
        private Sgd optimizer;
        private double labelSmoothing;
        private Network emaModel;
        private double emaDecay;
        private boolean emaWarmup;

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
            this.emaModel = Check.notNull("supervised.ema_model", average);
            this.emaDecay = Check.closedOpen("supervised.ema_decay", decay, 0, 1);
            this.emaWarmup = warmup;
            return this;
        }

        public Supervised build() {
            Check.notNull("supervised.model", model);
            Check.notNull("supervised.optimizer", optimizer);
            return new Supervised(this);
        }
    }
}
