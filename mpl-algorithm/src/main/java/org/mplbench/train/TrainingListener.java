package org.mplbench.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongPredicate;

/**
 * What happens around the training steps of a {@link TrainLoop} (after DJL's {@code TrainingListener}):
 * logs, evaluations, checkpoints and progress are listeners; the loop only runs steps. Listeners are
 * called in the order they were added.
 */
public interface TrainingListener {

    /**
     * The scalars of a logged step (every {@code logEvery} steps and the last), read while the step's
     * scope is open and already checked to be finite.
     */
    default void onLog(long step, Map<String, Double> scalars) {}

    /**
     * After a step's scope has closed: {@code done} steps are complete and {@code trainSeconds} is the
     * loop's training time so far (steps and logging, not what listeners do here).
     */
    default void onStepsDone(long done, double trainSeconds) {}

    /**
     * The loop is stopping early after {@code done} steps (its stop condition held, e.g. on SIGTERM):
     * after this step's {@link #onStepsDone}, before the loop returns.
     */
    default void onStopped(long done, double trainSeconds) {}

    /** A listener of logged scalars only. */
    static TrainingListener onLog(BiConsumer<Long, Map<String, Double>> f) {
        return new TrainingListener() {
            @Override
            public void onLog(long step, Map<String, Double> scalars) {
                f.accept(step, scalars);
            }
        };
    }

    /** An action that may fail with an I/O error (a checkpoint, a log line). */
    @FunctionalInterface
    interface Action {
        void run(long done, double trainSeconds) throws IOException;
    }

    /**
     * Runs {@code action} after the step counts {@code due} accepts (an evaluation, a checkpoint;
     * see {@link Cadence#due}). An I/O error stops training as an {@link UncheckedIOException}.
     */
    static TrainingListener at(LongPredicate due, Action action) {
        return new TrainingListener() {
            @Override
            public void onStepsDone(long done, double trainSeconds) {
                if (due.test(done)) {
                    try {
                        action.run(done, trainSeconds);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        };
    }

    /** Which step counts an action follows: every {@code every} steps, plus the listed ones. */
    record Cadence(long every, java.util.Set<Long> also) implements LongPredicate {

        public Cadence {
            if (every < 1) {
                throw new IllegalArgumentException("every must be at least 1, not " + every);
            }
            also = java.util.Set.copyOf(also);
        }

        public static Cadence every(long every) {
            return new Cadence(every, java.util.Set.of());
        }

        /** This cadence plus {@code done} counts (negative ones, meaning none, are dropped). */
        public Cadence and(long... done) {
            java.util.Set<Long> s = new java.util.HashSet<>(also);
            for (long d : done) {
                if (d >= 0) {
                    s.add(d);
                }
            }
            return new Cadence(every, s);
        }

        public boolean due(long done) {
            return done % every == 0 || also.contains(done);
        }

        @Override
        public boolean test(long done) {
            return due(done);
        }
    }
}
