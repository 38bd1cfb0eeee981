package org.mplbench.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.random.Seeds;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;

/**
 * Runs a method for a number of steps, one {@link NDManager} scope per step (memory stays flat). Every
 * {@code logEvery} steps (and at the last) it reads the step's scalars and hands them to its
 * listeners, the first of which is always a {@link DivergenceCheck}; after every step it tells its
 * listeners how many steps are done, which is where evaluations and checkpoints happen.
 *
 * <p>With a seed, the engine's random generator is reseeded from (seed, step) before every step
 * whose method draws from it, so a step's randomness (dropout, sampled pseudo labels) depends on
 * nothing before it: a run resumed from a checkpoint continues exactly as the uninterrupted one.
 */
public final class TrainLoop {

    private static final long ENGINE_SALT = 0x3C6EF372FE94F82BL;

    private final SslMethod method;
    private final BatchSource batches;
    private final long steps;
    private final long logEvery;
    private final List<TrainingListener> listeners;
    private final Long seed;
    private final boolean reseed;
    private final BooleanSupplier stopWhen;
    private double trainSeconds;
    private boolean stopped;

    private TrainLoop(Builder b) {
        this.method = b.method;
        this.batches = b.batches;
        this.steps = b.steps;
        this.logEvery = b.logEvery;
        List<TrainingListener> all = new ArrayList<>();
        all.add(new DivergenceCheck(method.name()));
        all.addAll(b.listeners);
        this.listeners = List.copyOf(all);
        this.seed = b.seed;
        this.reseed = seed != null && method.drawsEngineRandomness();
        this.stopWhen = b.stopWhen;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs steps {@code [from, to)} and returns their wall time in seconds (steps and logging; what
     * listeners do after a step is not counted). Ends early, after the listeners' {@code onStopped},
     * at the first step boundary where the stop condition holds ({@link #stopped}).
     */
    public double run(NDManager parent, long from, long to) {
        double before = trainSeconds;
        stopped = false;
        for (long step = from; step < to; step++) {
            long t0 = System.nanoTime();
            if (reseed) {
                Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, step, 0, ENGINE_SALT));
            }
            try (NDManager scope = parent.newSubManager()) {
                SslBatch batch = batches.next(scope, step);
                StepLog log = method.step(batch, step);
                boolean last = step == steps - 1;
                if (logEvery > 0 && !log.isEmpty() && ((step + 1) % logEvery == 0 || last)) {
                    Map<String, Double> scalars = log.read();
                    for (TrainingListener l : listeners) {
                        l.onLog(step, scalars);
                    }
                }
            }
            trainSeconds += (System.nanoTime() - t0) / 1e9;
            for (TrainingListener l : listeners) {
                l.onStepsDone(step + 1, trainSeconds);
            }
            // sampled once, so every listener sees the same decision
            if (step + 1 < to && stopWhen.getAsBoolean()) {
                for (TrainingListener l : listeners) {
                    l.onStopped(step + 1, trainSeconds);
                }
                stopped = true;
                break;
            }
        }
        return trainSeconds - before;
    }

    /** Whether the last {@link #run} ended early on the stop condition. */
    public boolean stopped() {
        return stopped;
    }

    /** Runs all steps. */
    public double run(NDManager parent) {
        return run(parent, 0, steps);
    }

    /** Training seconds so far (of every {@link #run} call, plus what {@link #resumeClock} set). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** A run resumed from a checkpoint continues its clock from the seconds stored there. */
    public void resumeClock(double seconds) {
        this.trainSeconds = seconds;
    }

    public static final class Builder {
        private SslMethod method;
        private BatchSource batches;
        private long steps = -1;
        private long logEvery;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private Long seed;
        private BooleanSupplier stopWhen = () -> false;

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

        /** Reads and checks the step scalars every {@code every} steps and at the last (0: never, the default). */
        public Builder optLogEvery(long every) {
            this.logEvery = Check.closed("train.log_every", every, 0L, Long.MAX_VALUE);
            return this;
        }

        public Builder addListener(TrainingListener listener) {
            listeners.add(Check.notNull("train.listener", listener));
            return this;
        }

        /** Reseed the engine from ({@code seed}, step) before every step. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Ends a run early at the first step boundary where {@code stop} holds, e.g. on a
         * {@link StopSignal} (listeners get {@code onStopped}: a checkpoint is saved there).
         */
        public Builder optStopWhen(BooleanSupplier stop) {
            this.stopWhen = Check.notNull("train.stop_when", stop);
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
