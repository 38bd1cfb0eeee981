package org.mplbench.reports;

import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation (n − 1 denominator, as papers report over seeds).
 *
 * @param n number of values
 * @param mean arithmetic mean
 * @param std sample standard deviation (0 for a single value)
 * @param min smallest value
 * @param max largest value
 */
public record Stats(int n, double mean, double std, double min, double max) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / values.size();
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double std = values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0;
        return new Stats(values.size(), mean, std, min, max);
    }

    /**
     * {@code "mean ± std"} of values scaled by {@code scale} (100 for percentages), with {@code digits}
     * decimals, or in scientific notation with 2 significant decimals when {@code digits} is negative.
     */
    public String format(double scale, int digits) {
        String f = digits < 0 ? "%.2e" : "%." + digits + "f";
        return String.format(Locale.ROOT, f + " ± " + f, mean * scale, std * scale);
    }
}
