package org.mplbench.reports;

import java.util.Objects;

/**
 * One measured number: a metric of a run, with the budget it took and where it came from.
 *
 * @param run the run's identity
 * @param metric metric name, e.g. {@code acc_all}, {@code acc_test}
 * @param value the value (accuracies as fractions in [0, 1])
 * @param steps training steps the run took
 * @param wallSeconds wall time of the run's training
 * @param msPerStep training wall time per step in milliseconds
 * @param provenance commit, engine, device, ...
 */
public record ResultRow(
        RunId run, String metric, double value, long steps, double wallSeconds, double msPerStep, Provenance provenance) {

    public ResultRow {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(provenance, "provenance");
    }
}
