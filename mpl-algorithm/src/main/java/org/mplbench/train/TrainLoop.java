package org.mplbench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.data.Seeds;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;

/**
 * Runs a method for a number of steps, one {@link NDManager} scope per step (memory stays flat),
 * reading the step's scalars only every {@code logEvery} steps and stopping loudly when one of them
 * is not finite.
 *
 * <p>With a seed, the engine's random generator is reseeded from (seed, step) before every step
 * whose method draws from it, so a step's randomness (dropout, sampled pseudo labels) depends on
 * nothing before it: a run resumed from a checkpoint continues exactly as the uninterrupted one.
 */
public final class TrainLoop {

    /** Receives the scalars of logged steps (read while the step's scope is still open). */
    @FunctionalInterface
    public interface Listener {
        void onLog(long step, Map<String, Double> scalars);
    }

    private static final long ENGINE_SALT = 0x3C6EF372FE94F82BL;

    private final SslMethod method;
    private final BatchSource batches;
    private final long steps;
    private final long logEvery;
    private final Listener listener;
    private final Long seed;
    private final boolean reseed;

    private TrainLoop(Builder b) {
        this.method = b.method;
        this.batches = b.batches;
        this.steps = b.steps;
        this.logEvery = b.logEvery;
        this.listener = b.listener;
        this.seed = b.seed;
        this.reseed = seed != null && method.drawsEngineRandomness();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs steps {@code [from, to)} and returns the wall time in seconds. */
    public double run(NDManager parent, long from, long to) {
        long t0 = System.nanoTime();
        for (long step = from; step < to; step++) {
            if (reseed) {
                Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, step, 0, ENGINE_SALT));
            }
            try (NDManager scope = parent.newSubManager()) {
                SslBatch batch = batches.next(scope, step);
                StepLog log = method.step(batch, step);
                boolean last = step == steps - 1;
                if (logEvery > 0 && !log.isEmpty() && ((step + 1) % logEvery == 0 || last)) {
                    Map<String, Double> scalars = log.read();
                    for (Map.Entry<String, Double> e : scalars.entrySet()) {
                        if (!Double.isFinite(e.getValue())) {
                            throw new TrainingDivergedException(method.name(), step, e.getKey(), e.getValue());
                        }
                    }
                    listener.onLog(step, scalars);
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Runs all steps. */
    public double run(NDManager parent) {
        return run(parent, 0, steps);
    }

    /** A loss or other logged scalar became NaN or infinite. */
    public static final class TrainingDivergedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final long step;

        TrainingDivergedException(String method, long step, String name, double value) {
            super(method + " diverged at step " + step + ": " + name + " = " + value);
            this.step = step;
        }

        /** The step whose scalars were not finite. */
        public long step() {
            return step;
        }
    }

    public static final class Builder {
        private SslMethod method;
        private BatchSource batches;
        private long steps = -1;
        private long logEvery;
        private Listener listener = (s, m) -> {};
        private Long seed;

        private Builder() {}

        public Builder setMethod(SslMethod method) {
            this.method = method;
            return this;
        }

        public Builder setBatches(BatchSource batches) {
            this.batches = batches;
            return this;
        }

        public Builder setSteps(long steps) {
            this.steps = Check.closed("train.steps", steps, 1L, Long.MAX_VALUE);
            return this;
        }

        /** Reads and checks the step scalars every {@code every} steps (0: never). */
        public Builder optLog(long every, Listener listener) {
            this.logEvery = Check.closed("train.log_every", every, 0L, Long.MAX_VALUE);
            this.listener = Check.notNull("train.listener", listener);
            return this;
        }

        /** Reseed the engine from ({@code seed}, step) before every step. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public TrainLoop build() {
            Check.notNull("train.method", method);
            Check.notNull("train.batches", batches);
            if (steps < 1) {
                throw new ConfigException("train.steps", "is required");
            }
            return new TrainLoop(this);
        }
    }
}
