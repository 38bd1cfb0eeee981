package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mplbench.config.Check;
import org.mplbench.engine.MultiTensor;
import org.mplbench.io.AtomicFiles;
import org.mplbench.nn.Network;
import org.mplbench.engine.ArrayCopy;

/**
 * An exponential moving average of a network's weights, kept in a second network of the same
 * architecture that is used for evaluation (both MPL codes evaluate the student's average).
 *
 * <p>After each update of the source: {@code avg ← d·avg + (1 − d)·w} for trainable weights, and
 * batch-norm running statistics are copied (the PyTorch code's buffers rule). The decay is
 * {@code decay}, or with {@code warmup} the official code's {@code min(decay, (t + 1)/(t + 10))},
 * which lets the average follow the fast early changes.
 */
public final class Ema {

    private final Network source;
    private final Network average;
    private final double decay;
    private final boolean warmup;

    /** Starts the average at the source's current weights. */
    public Ema(Network source, Network average, double decay, boolean warmup) {
        this.source = Check.notNull("ema.source", source);
        this.average = Check.notNull("ema.average", average);
        this.decay = Check.closedOpen("ema.decay", decay, 0, 1);
        this.warmup = warmup;
        if (source == average) {
            throw new IllegalArgumentException("the average needs its own network");
        }
        average.copyFrom(source);
    }

    /** The decay used after update number {@code step} (counted from 0). */
    public double decayAt(long step) {
        return warmup ? Math.min(decay, (step + 1.0) / (step + 10.0)) : decay;
    }

    /** Folds the source's current weights into the average; temporaries live in {@code scope}. */
    public void update(long step, NDManager scope) {
        double d = decayAt(step);
        List<NDArray> w = source.weights();
        List<NDArray> avg = average.weights();
        if (MultiTensor.applies(avg)) {
            // two engine calls for the whole network (MXNet, float32)
            MultiTensor.axpby(avg, w, d, 1 - d);
            MultiTensor.copy(source.buffers(), average.buffers());
            return;
        }
        for (int i = 0; i < w.size(); i++) {
            // results attach to the first operand's manager: keep the temporary in the step scope
            NDArray part = w.get(i).mul(1 - d);
            part.attach(scope);
            avg.get(i).muli(d).addi(part);
        }
        List<NDArray> b = source.buffers();
        List<NDArray> avgB = average.buffers();
        for (int i = 0; i < b.size(); i++) {
            ArrayCopy.into(b.get(i), avgB.get(i));
        }
    }

    public Network model() {
        return average;
    }

    public void save(Path dir, String role) throws IOException {
        AtomicFiles.write(dir.resolve(role + ".ema.params"), average::save);
    }

    public void load(Path dir, String role) throws IOException {
        AtomicFiles.read(dir.resolve(role + ".ema.params"), average::load);
    }
}
