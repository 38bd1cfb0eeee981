package org.mplbench.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mplbench.reports.ResultsCsv.ResultsFormatException;

/**
 * Compares a nightly run with the committed baseline ({@code results/<table>/nightly/baseline.csv},
 * same results schema) and decides whether it regressed.
 *
 * <p><b>Accuracy</b>: for every (cell, method, variant) and checked metric, with the baseline's
 * values over seeds having mean m_b, sample std s_b and count n_b, the nightly mean m regresses when
 * {@code m < m_b − tol}, {@code tol = max(floor, z · s_b / √n_b)}: z standard errors of the
 * baseline mean (z = 2), never less than an absolute floor (1 percentage point) so that a baseline
 * whose seeds agree exactly does not flag rounding noise.
 *
 * <p><b>Speed</b>: ms/step (mean over seeds) divided by a calibration workload timed in the same
 * process (row {@code method=calibration}, metric {@code calibration_ms}); the run regresses when
 * this normalised time exceeds the baseline's by more than the factor (1.25). A uniformly slower
 * machine slows the calibration alike and is not a regression.
 *
 * <p>A method, seed or metric present in the baseline but missing tonight, or a failed run, is a
 * regression; rows new tonight are reported but pass.
 */
public final class NightlyCheck {

    /** Method name and metric of the calibration row. */
    public static final String CALIBRATION = "calibration";
    public static final String CALIBRATION_MS = "calibration_ms";

    /**
     * The thresholds.
     *
     * @param z standard errors of the baseline mean an accuracy may drop
     * @param floor smallest accuracy tolerance (fraction; 0.01 = 1 percentage point)
     * @param speedFactor largest allowed ratio of normalised ms/step, nightly over baseline
     */
    public record Tolerance(double z, double floor, double speedFactor) {

        public static Tolerance defaults() {
            return new Tolerance(2, 0.01, 1.25);
        }

        public Tolerance {
            if (!(z >= 0) || !(floor >= 0) || !(speedFactor > 1)) {
                throw new IllegalArgumentException("tolerance needs z ≥ 0, floor ≥ 0, speed factor > 1");
            }
        }
    }

    /**
     * One comparison.
     *
     * @param check {@code accuracy}, {@code speed}, {@code missing}, {@code failed} or {@code new}
     * @param key {@code cell / method / variant}, plus the metric for accuracy
     * @param baseline the baseline's value (mean accuracy in %, normalised ms/step), NaN if none
     * @param current tonight's value, NaN if none
     * @param limit the threshold it is held to (lowest allowed accuracy, highest allowed ratio)
     * @param regression whether this is a regression
     * @param detail how it was judged, in words
     */
    public record Finding(String check, String key, double baseline, double current, double limit, boolean regression,
            String detail) {}

    /** The verdict with what it was based on. */
    public record Outcome(List<Finding> findings, String baselineCommit, String currentCommit, double baselineCalibrationMs,
            double currentCalibrationMs) {

        public boolean regressed() {
            return findings.stream().anyMatch(Finding::regression);
        }
    }

    /** A baseline that is missing or unusable. */
    public static final class BaselineException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        public BaselineException(String message) {
            super(message);
        }
    }

    private NightlyCheck() {}

    /**
     * Reads a baseline file; a missing file, a malformed row (file:line) or a baseline without its
     * calibration row fails with a message that says what to do.
     */
    public static List<ResultRow> readBaseline(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new BaselineException("no nightly baseline at " + file + ": review the nightly results (report.md, "
                    + "table.md) and run the same command with -Dnightly.accept to make them the baseline");
        }
        List<ResultRow> rows;
        try {
            rows = ResultsCsv.read(file);
        } catch (ResultsFormatException e) {
            throw new BaselineException("malformed nightly baseline: " + e.getMessage());
        }
        calibrationMs(rows, file.toString());
        return rows;
    }

    /** The calibration time of a nightly result set. */
    public static double calibrationMs(List<ResultRow> rows, String what) {
        return rows.stream().filter(r -> r.run().method().equals(CALIBRATION) && r.metric().equals(CALIBRATION_MS))
                .mapToDouble(ResultRow::value).findFirst()
                .orElseThrow(() -> new BaselineException(what + " has no calibration row (method '" + CALIBRATION
                        + "', metric '" + CALIBRATION_MS + "'), so its speeds cannot be compared"));
    }

    public static Outcome compare(List<ResultRow> baseline, List<ResultRow> current, List<String> metrics, Tolerance tol) {
        double calBase = calibrationMs(baseline, "the baseline");
        double calNow = calibrationMs(current, "tonight's results");
        String workloadBase = calibrationWorkload(baseline);
        String workloadNow = calibrationWorkload(current);
        if (!workloadBase.equals(workloadNow)) {
            throw new BaselineException("the baseline was calibrated with '" + workloadBase + "', tonight with '"
                    + workloadNow + "': speeds are not comparable; accept a new baseline");
        }
        Map<String, List<ResultRow>> base = groups(baseline);
        Map<String, List<ResultRow>> now = groups(current);
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<ResultRow>> e : base.entrySet()) {
            String key = e.getKey();
            List<ResultRow> b = e.getValue();
            List<ResultRow> c = now.getOrDefault(key, List.of());
            if (c.isEmpty()) {
                findings.add(new Finding("missing", key, Double.NaN, Double.NaN, Double.NaN, true,
                        "in the baseline, not run tonight"));
                continue;
            }
            Set<Long> failed = seeds(c, ComparisonTable.FAILED);
            if (!failed.isEmpty()) {
                findings.add(new Finding("failed", key, Double.NaN, Double.NaN, Double.NaN, true,
                        "run(s) failed tonight, seeds " + failed));
            }
            for (String metric : metrics) {
                List<Double> bv = values(b, metric);
                if (bv.isEmpty()) {
                    continue;
                }
                List<Double> cv = values(c, metric);
                Set<Long> missingSeeds = new LinkedHashSet<>(seeds(b, metric));
                missingSeeds.removeAll(seeds(c, metric));
                if (!missingSeeds.isEmpty()) {
                    findings.add(new Finding("missing", key + " " + metric, Double.NaN, Double.NaN, Double.NaN, true,
                            "seeds " + missingSeeds + " of the baseline have no " + metric + " tonight"));
                    if (cv.isEmpty()) {
                        continue;
                    }
                }
                Stats sb = Stats.of(bv);
                double mean = Stats.of(cv).mean();
                double t = Math.max(tol.floor(), tol.z() * sb.std() / Math.sqrt(sb.n()));
                double lowest = sb.mean() - t;
                boolean reg = mean < lowest;
                findings.add(new Finding("accuracy", key + " " + metric, 100 * sb.mean(), 100 * mean, 100 * lowest, reg,
                        String.format(Locale.ROOT, "Δ %+.2f pp; tolerance %.2f pp = max(%.2f, %.1f × %.2f / √%d)",
                                100 * (mean - sb.mean()), 100 * t, 100 * tol.floor(), tol.z(), 100 * sb.std(), sb.n())));
            }
            double msBase = meanMsPerStep(b);
            double msNow = meanMsPerStep(c);
            if (msBase > 0 && msNow > 0) {
                double ratio = (msNow / calNow) / (msBase / calBase);
                findings.add(new Finding("speed", key, msBase / calBase, msNow / calNow, tol.speedFactor(),
                        ratio > tol.speedFactor(), String.format(Locale.ROOT,
                                "%.2f ms/step tonight vs %.2f baseline; normalised ratio %.3f (limit %.2f)",
                                msNow, msBase, ratio, tol.speedFactor())));
            }
        }
        for (String key : now.keySet()) {
            if (!base.containsKey(key)) {
                findings.add(new Finding("new", key, Double.NaN, Double.NaN, Double.NaN, false,
                        "not in the baseline (accept a new baseline to check it)"));
            }
        }
        return new Outcome(findings, commit(baseline), commit(current), calBase, calNow);
    }

    /** {@code report.md}: the verdict, what regressed and by how much, then every comparison. */
    public static String markdown(String table, Outcome o, Tolerance tol) {
        StringBuilder sb = new StringBuilder();
        List<Finding> regressions = o.findings().stream().filter(Finding::regression).toList();
        sb.append("# Nightly check — ").append(table).append(": ")
                .append(regressions.isEmpty() ? "PASS" : "REGRESSION (" + regressions.size() + ")").append("\n\n");
        sb.append("Tonight: commit `").append(o.currentCommit()).append("`; baseline: commit `").append(o.baselineCommit())
                .append("` (`baseline.csv`).\n");
        sb.append(String.format(Locale.ROOT, "Calibration workload: %.3f ms tonight, %.3f ms in the baseline run "
                + "(machine speed ratio %.3f; ms/step below is divided by it).%n%n",
                o.currentCalibrationMs(), o.baselineCalibrationMs(), o.currentCalibrationMs() / o.baselineCalibrationMs()));
        sb.append(String.format(Locale.ROOT, "Rules: accuracy regresses when tonight's mean < baseline mean − max(%.2f pp, "
                + "%.1f × baseline std / √n); speed regresses when normalised ms/step > %.2f × the baseline's.%n%n",
                100 * tol.floor(), tol.z(), tol.speedFactor()));
        if (!regressions.isEmpty()) {
            sb.append("## Regressions\n\n");
            for (Finding f : regressions) {
                sb.append("- **").append(f.check()).append("** ").append(f.key()).append(": ").append(describe(f)).append('\n');
            }
            sb.append('\n');
        }
        sb.append("## All comparisons\n\n");
        MarkdownTable t = new MarkdownTable(List.of("check", "run", "baseline", "tonight", "limit", "verdict", "how"),
                List.of(false, false, true, true, true, false, false));
        for (Finding f : o.findings()) {
            String unit = f.check().equals("accuracy") ? "%.2f %%" : "%.4f";
            t.row(List.of(f.check(), f.key(), fmt(unit, f.baseline()), fmt(unit, f.current()),
                    f.check().equals("speed") ? fmt("%.2f×", f.limit()) : fmt(unit, f.limit()),
                    f.regression() ? "**regression**" : "ok", f.detail()));
        }
        sb.append(t.render());
        return sb.toString();
    }

    private static String describe(Finding f) {
        return switch (f.check()) {
            case "accuracy" -> String.format(Locale.ROOT, "%.2f %% tonight vs %.2f %% baseline (lowest allowed %.2f %%); %s",
                    f.current(), f.baseline(), f.limit(), f.detail());
            case "speed" -> f.detail();
            default -> f.detail();
        };
    }

    private static String fmt(String f, double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, f, v);
    }

    private static Map<String, List<ResultRow>> groups(List<ResultRow> rows) {
        Map<String, List<ResultRow>> g = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (r.run().method().equals(CALIBRATION)) {
                continue;
            }
            g.computeIfAbsent(r.run().cell() + " / " + r.run().method() + " / " + r.run().variant(), k -> new ArrayList<>())
                    .add(r);
        }
        return g;
    }

    private static List<Double> values(List<ResultRow> rows, String metric) {
        return rows.stream().filter(r -> r.metric().equals(metric)).map(ResultRow::value).toList();
    }

    private static Set<Long> seeds(List<ResultRow> rows, String metric) {
        Set<Long> s = new LinkedHashSet<>();
        rows.stream().filter(r -> r.metric().equals(metric)).forEach(r -> s.add(r.run().seed()));
        return s;
    }

    /** Mean over seeds of each run's ms/step (every metric row of a run carries the same value). */
    private static double meanMsPerStep(List<ResultRow> rows) {
        Map<Long, Double> perSeed = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            if (!r.metric().equals(ComparisonTable.FAILED)) {
                perSeed.putIfAbsent(r.run().seed(), r.msPerStep());
            }
        }
        return perSeed.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    private static String calibrationWorkload(List<ResultRow> rows) {
        return rows.stream().filter(r -> r.run().method().equals(CALIBRATION)).map(r -> r.run().variant()).findFirst()
                .orElse("");
    }

    private static String commit(List<ResultRow> rows) {
        Set<String> commits = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            commits.add(r.provenance().commit() + (r.provenance().dirty() ? " (dirty)" : ""));
        }
        return String.join(", ", commits);
    }
}
