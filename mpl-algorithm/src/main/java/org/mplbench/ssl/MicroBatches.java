package org.mplbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.engine.ArrayCopy;
import org.mplbench.engine.Scalars;

/**
 * A step's batch in {@code k} equal micro-batches whose gradients are summed before the step's one
 * optimiser update: a step of the paper's size on a device that cannot hold its activations.
 *
 * <p>Every loss of the suite is a mean over examples (masked terms keep their zeros in the
 * denominator), so micro-batch {@code i}'s loss enters with weight {@code 1/k} and the summed
 * gradient equals the whole batch's wherever batch norm does not interfere. Batch norm normalises
 * each micro-batch by its own statistics ("ghost" batch norm, as the official code's per-core batch
 * norm and its {@code --batch_norm_batch_size}), and its running statistics take one momentum
 * update per micro-batch. With {@code k = 1} nothing changes: no copy, no extra scope.
 *
 * <p>Each micro-batch runs in its own memory scope, closed when it is done: its activations are
 * freed before the next one is forwarded, which is what bounds the memory.
 */
public final class MicroBatches {

    /** The whole batch at once. */
    public static final MicroBatches ONE = new MicroBatches(1);

    private final int count;

    private MicroBatches(int count) {
        this.count = count;
    }

    /** {@code count} micro-batches per step (1: none). */
    public static MicroBatches of(int count) {
        return count == 1 ? ONE : new MicroBatches(Check.closed("micro_batches", count, 1, 1 << 16));
    }

    public int count() {
        return count;
    }

    /** Refuses a batch of {@code n} (named {@code what}) that does not split into equal micro-batches. */
    public void check(String what, long n) {
        if (n % count != 0) {
            throw new ConfigException("budget.micro_batches", count + " does not divide the " + n + " " + what
                    + " of a step: micro-batches must be equal for their mean losses to add up to the batch's");
        }
    }

    /** The work on micro-batch {@code part} in its own scope. */
    @FunctionalInterface
    public interface Body {
        void run(int part, NDManager partScope);
    }

    /**
     * Runs {@code body} on each micro-batch in turn, each in a sub-scope of {@code scope} closed after
     * it (with one micro-batch, in {@code scope} itself). What the body keeps must be attached to
     * {@code scope} ({@link #keep}).
     */
    public void forEach(NDManager scope, Body body) {
        if (count == 1) {
            body.run(0, scope);
            return;
        }
        for (int i = 0; i < count; i++) {
            try (NDManager partScope = scope.newSubManager()) {
                body.run(i, partScope);
            }
        }
    }

    /**
     * Rows of micro-batch {@code part} of {@code x} (split along axis 0), owned by {@code partScope}
     * so that everything computed from them is freed with it; {@code x} itself with one micro-batch.
     */
    public NDArray part(NDArray x, int part, NDManager partScope) {
        if (count == 1) {
            return x;
        }
        long n = x.getShape().get(0);
        check("rows", n);
        long size = n / count;
        NDArray rows = x.get(new NDIndex("{}:{}", part * size, (part + 1) * size));
        rows.attach(partScope);
        return rows;
    }

    /** {@code target} for each micro-batch: its rows, a mean over the micro-batch's examples. */
    public List<Target> split(Target target) {
        return count == 1 ? List.of(target) : target.split(count);
    }

    /** {@code a} (a detached result of a micro-batch) moved to {@code scope}, which outlives the micro-batch. */
    public static NDArray keep(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    /**
     * The mean of one scalar over the micro-batches, accumulated as they run (owned by {@code scope}).
     */
    public Mean mean(NDManager scope) {
        return new Mean(scope, count);
    }

    /** A running mean of a scalar over the micro-batches, detached from their graphs. */
    public static final class Mean {
        private final NDManager scope;
        private final int count;
        private NDArray sum;

        private Mean(NDManager scope, int count) {
            this.scope = scope;
            this.count = count;
        }

        /** Adds micro-batch's value (detached before it is kept). */
        public void add(NDArray value) {
            if (count == 1) {
                sum = value; // no copy on the common path: read before the step's scope closes
                return;
            }
            NDArray v = value.stopGradient();
            if (sum == null) {
                sum = keep(v, scope);
            } else {
                sum = keep(sum.add(v), scope);
            }
        }

        /** The mean; null when nothing was added. */
        public NDArray get() {
            if (sum == null || count == 1) {
                return sum;
            }
            return Scalars.div(sum, count);
        }
    }

    /** Gradients of {@code net} summed over the micro-batches' backward passes (owned by {@code scope}). */
    public GradientSum gradients(Network net, NDManager scope) {
        return new GradientSum(net, scope, count);
    }

    /**
     * One network's gradient accumulation: each micro-batch's {@link #backward} adds the gradient of
     * its loss / k, and {@link #finish} leaves the sum as the network's gradients for the optimiser.
     * PyTorch adds into the gradient buffers by itself; MXNet overwrites them on every backward, so
     * there the sum is kept aside and written back.
     */
    public static final class GradientSum {
        private final Network net;
        private final NDManager scope;
        private final int count;
        private final boolean engineAccumulates = Autograd.accumulates();
        private List<NDArray> sum;
        private int done;

        private GradientSum(Network net, NDManager scope, int count) {
            this.net = net;
            this.scope = scope;
            this.count = count;
        }

        /** Inside {@code gc}'s recording: backward of micro-batch's {@code loss} (a mean over its examples). */
        public void backward(GradientCollector gc, NDArray loss) {
            if (done == count) {
                throw new IllegalStateException("all " + count + " micro-batches are done");
            }
            if (count == 1) {
                net.clearGradients();
                gc.backward(loss);
                done++;
                return;
            }
            if (done == 0 || !engineAccumulates) {
                net.clearGradients();
            }
            gc.backward(Scalars.div(loss, count));
            if (!engineAccumulates) {
                addToSum();
            }
            done++;
        }

        private void addToSum() {
            List<NDArray> weights = net.weights();
            if (sum == null) {
                sum = new ArrayList<>(weights.size());
            }
            for (int i = 0; i < weights.size(); i++) {
                try (NDArray g = weights.get(i).getGradient()) {
                    if (sum.size() == i) {
                        NDArray copy = scope.create(g.getShape(), g.getDataType());
                        ArrayCopy.into(g, copy);
                        sum.add(copy);
                    } else {
                        sum.get(i).addi(g);
                    }
                }
            }
        }

        /** After the last micro-batch: the network's gradients are the sum. */
        public void finish() {
            if (done != count) {
                throw new IllegalStateException(done + " of " + count + " micro-batches done");
            }
            if (sum != null) {
                List<NDArray> weights = net.weights();
                for (int i = 0; i < weights.size(); i++) {
                    try (NDArray g = weights.get(i).getGradient()) {
                        ArrayCopy.into(sum.get(i), g);
                    }
                }
            }
        }
    }
}
