package org.mplbench.reports;

import java.util.Objects;

/**
 * One logged value of a run during training: a point of a training curve.
 *
 * @param series the curve family, e.g. {@code mpl/paper} (one line in a plot after averaging seeds)
 * @param seed the run's training seed
 * @param step the training step at which it was logged
 * @param metric what was logged ({@code acc_test}, {@code t_loss}, {@code h}, ...)
 * @param value the value
 */
public record CurvePoint(String series, long seed, long step, String metric, double value) {

    public CurvePoint {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(metric, "metric");
    }
}
