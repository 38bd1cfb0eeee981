package org.mplbench.experiments.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark table printed at the end of a run (and one line per case as it finishes). */
final class BenchTable {

    private static final String FORMAT = "%-27s %-7s %4s %11s %11s %11s %10s %8s %7s %6s %6s %8s%n";

    private BenchTable() {}

    static String render(List<BenchResult> rows) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, FORMAT, "case", "engine", "thr", "median ms", "min ms",
                "max ms", "ex/s", "GFLOP/s", "peak", "%peak", "other", "RSS +%"));
        for (BenchResult r : rows) {
            sb.append(row(r)).append(System.lineSeparator());
        }
        return sb.toString();
    }

    static String row(BenchResult r) {
        return String.format(Locale.ROOT, FORMAT, r.caseName(), r.engine(), r.threads(), ms(r.msMedian()), ms(r.msMin()),
                ms(r.msMax()), String.format(Locale.ROOT, "%.1f", r.examplesPerSecond()), opt(r.gflops(), "%.1f"),
                String.format(Locale.ROOT, "%.0f", r.peakGflops()), opt(100 * r.peakFraction(), "%.1f"),
                opt(r.otherLoad(), "%.2f"), r.rss() == null ? "" : String.format(Locale.ROOT, "%.2f", r.rss().growthPercent()))
                .stripTrailing();
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, v < 1 ? "%.4f" : v < 100 ? "%.3f" : "%.1f", v);
    }

    private static String opt(double v, String f) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, f, v);
    }
}
