package org.mplbench.train;

import java.util.Map;

/**
 * Stops training loudly when a logged scalar is NaN or infinite; every {@link TrainLoop} runs it
 * before its other listeners.
 */
public final class DivergenceCheck implements TrainingListener {

    private final String method;

    public DivergenceCheck(String method) {
        this.method = method;
    }

    @Override
    public void onLog(long step, Map<String, Double> scalars) {
        for (Map.Entry<String, Double> e : scalars.entrySet()) {
            if (!Double.isFinite(e.getValue())) {
                throw new TrainingDivergedException(method, step, e.getKey(), e.getValue());
            }
        }
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
}
