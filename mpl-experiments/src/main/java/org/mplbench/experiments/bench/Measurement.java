package org.mplbench.experiments.bench;

import java.util.Arrays;

/**
 * What a case measured: the wall time of each timed repetition (after warm-up), each of
 * {@code stepsPerRep} steps; the examples and FLOPs of one step (FLOPs {@code NaN} where no
 * network runs); and, for the memory cases, resident memory after warm-up, at the end and at most.
 */
public record Measurement(double[] secondsPerRep, long stepsPerRep, int warmupReps, double examplesPerStep,
        double flopsPerStep, Rss rss, String detail) {

    /** Resident set size in kB: after warm-up, at the end, the maximum seen after warm-up. */
    public record Rss(long afterWarmupKb, long endKb, long maxKb) {

        /** Growth from the end of warm-up to the end of the run, in percent. */
        public double growthPercent() {
            return 100.0 * (endKb - afterWarmupKb) / afterWarmupKb;
        }
    }

    public Measurement {
        if (secondsPerRep.length == 0 || stepsPerRep < 1) {
            throw new IllegalArgumentException("a measurement needs at least one repetition of one step");
        }
        secondsPerRep = secondsPerRep.clone();
    }

    /** Milliseconds per step of each repetition, sorted. */
    public double[] sortedMsPerStep() {
        double[] ms = new double[secondsPerRep.length];
        for (int i = 0; i < ms.length; i++) {
            ms[i] = secondsPerRep[i] * 1000 / stepsPerRep;
        }
        Arrays.sort(ms);
        return ms;
    }

    /** The median of the sorted values (the mean of the middle two for an even count). */
    public static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
