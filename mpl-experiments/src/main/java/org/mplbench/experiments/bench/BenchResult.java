package org.mplbench.experiments.bench;

import java.util.List;
import java.util.Locale;

/**
 * One row of {@code results/bench/<machine-id>.csv}: the case, how and where it ran, and what it
 * measured. Throughput and GFLOP/s are taken at the median step time; {@code peakFraction} divides
 * the achieved rate by the engine's best dense-GEMM rate measured in the same process, with the
 * same threads ({@link PeakProbe}). {@code otherLoad} is the CPU time other processes used during
 * the run, in cores ({@link LoadMonitor}).
 */
public record BenchResult(String timestamp, String machine, String caseName, String description, String commit,
        boolean dirty, String engine, String engineVersion, String device, int threads, String threadsSource,
        String java, int cores, int warmupReps, int reps, long stepsPerRep, double msMedian, double msMin,
        double msMax, double examplesPerSecond, double gflops, double peakGflops, double otherLoad,
        Measurement.Rss rss, String detail) {

    public static final List<String> HEADER = List.of("timestamp", "machine", "case", "description", "commit",
            "dirty", "engine", "engine_version", "device", "threads", "threads_source", "java", "cores", "warmup_reps",
            "reps", "steps_per_rep", "ms_per_step_median", "ms_per_step_min", "ms_per_step_max", "examples_per_s",
            "gflops", "peak_gflops", "peak_fraction", "other_load_cores", "rss_after_warmup_mb", "rss_end_mb",
            "rss_max_mb", "rss_growth_pct", "detail");

    /** Resident memory may grow at most this much over a long run after warm-up. */
    public static final double RSS_GROWTH_LIMIT_PERCENT = 5.0;

    /** Fraction of the measured peak, or {@code NaN} where no FLOPs are counted. */
    public double peakFraction() {
        return gflops / peakGflops;
    }

    /** Whether the run broke a limit the suite enforces (resident-memory growth). */
    public boolean failed() {
        return rss != null && rss.growthPercent() >= RSS_GROWTH_LIMIT_PERCENT;
    }

    public List<String> values() {
        return List.of(timestamp, machine, caseName, description, commit, Boolean.toString(dirty), engine,
                engineVersion, device, Integer.toString(threads), threadsSource, java, Integer.toString(cores),
                Integer.toString(warmupReps), Integer.toString(reps), Long.toString(stepsPerRep), num(msMedian, 4),
                num(msMin, 4), num(msMax, 4), num(examplesPerSecond, 1), num(gflops, 1), num(peakGflops, 1),
                num(peakFraction(), 3), num(otherLoad, 2), rss == null ? "" : mb(rss.afterWarmupKb()),
                rss == null ? "" : mb(rss.endKb()), rss == null ? "" : mb(rss.maxKb()),
                rss == null ? "" : num(rss.growthPercent(), 2), detail);
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String mb(long kb) {
        return String.format(Locale.ROOT, "%.1f", kb / 1024.0);
    }
}
