package org.mplbench.baselines;

import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.config.Check;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.TrainedNetwork;

/** A method that trains one network (Supervised, UDA): evaluation, checkpoints and cleanup of that network. */
abstract class OneNetworkMethod implements SslMethod {

    protected final TrainedNetwork model;
    /** How a step's batch is split for gradient accumulation. */
    protected final MicroBatches micro;

    protected OneNetworkMethod(TrainedNetwork model, MicroBatches micro) {
        this.model = model;
        this.micro = Check.notNull("micro_batches", micro);
    }

    @Override
    public boolean drawsEngineRandomness() {
        return model.network().drawsRandomness();
    }

    @Override
    public Network evaluationModel() {
        return model.evaluated();
    }

    @Override
    public void save(Path dir) throws IOException {
        model.save(dir, "model");
    }

    @Override
    public void load(Path dir) throws IOException {
        model.load(dir, "model");
    }

    @Override
    public void close() {
        model.close();
    }
}
