package org.mplbench.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.config.Check;
import org.mplbench.nn.Network;

/**
 * A network in training: its optimiser and, optionally, the moving average that is evaluated in its
 * place. What every method does with a trained network — update, average, evaluate, save, load —
 * lives here once.
 */
public final class TrainedNetwork implements AutoCloseable {

    /**
     * A moving average to keep: the network that holds it (same architecture), its decay and whether
     * the decay warms up as {@code min(decay, (t + 1)/(t + 10))}.
     */
    public record Average(Network model, double decay, boolean warmup) {
        public Average {
            Check.notNull("ema.model", model);
            Check.closedOpen("ema.decay", decay, 0, 1);
        }
    }

    private final Network network;
    private final Sgd optimizer;
    private final Ema ema;

    /** {@code average} may be null: the network itself is evaluated. */
    public TrainedNetwork(Network network, Sgd optimizer, Average average) {
        this.network = Check.notNull("network", network);
        this.optimizer = Check.notNull("optimizer", optimizer);
        this.ema = average == null ? null : new Ema(network, average.model(), average.decay(), average.warmup());
    }

    public Network network() {
        return network;
    }

    public Sgd optimizer() {
        return optimizer;
    }

    /** The moving average's network, or null. */
    public Network average() {
        return ema == null ? null : ema.model();
    }

    /** One optimiser step with the gradients of the last backward pass, then the average follows. */
    public void update(long step, NDManager scope) {
        update(step, network.gradients(scope), scope);
    }

    /** One optimiser step with {@code grads} (in {@link Network#weights()} order), then the average follows. */
    public void update(long step, NDList grads, NDManager scope) {
        optimizer.update(network, grads, step, scope);
        if (ema != null) {
            ema.update(step, scope);
        }
    }

    /** The moving average when there is one, else the network. */
    public Network evaluated() {
        return ema == null ? network : ema.model();
    }

    public void save(Path dir, String role) throws IOException {
        ModelState.save(dir, role, network, optimizer);
        if (ema != null) {
            ema.save(dir, role);
        }
    }

    public void load(Path dir, String role) throws IOException {
        ModelState.load(dir, role, network, optimizer);
        if (ema != null) {
            ema.load(dir, role);
        }
    }

    @Override
    public void close() {
        network.close();
        if (ema != null) {
            ema.model().close();
        }
    }
}
