package org.mplbench.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.EngineInfo;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;
import org.mplbench.io.Trees;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.NightlyCheck.BaselineException;
import org.mplbench.reports.NightlyCheck.Outcome;
import org.mplbench.reports.NightlyCheck.Tolerance;
import org.mplbench.reports.NightlyCheck;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.RunId;

/**
 * {@code -Dnightly}: runs a runner's fixed nightly budget from scratch, times a calibration workload
 * in the same process, and compares with the committed {@code results/<folder>/nightly/baseline.csv}
 * ({@link NightlyCheck}). Writes {@code current.csv} (tonight's rows plus the calibration row) and
 * {@code report.md}. {@code -Dnightly.accept} makes the last {@code current.csv} the baseline.
 *
 * <p>Exit codes: 0 no regression, 1 a regression (or a failed run), 2 no usable baseline.
 */
public final class Nightly {

    private Nightly() {}

    static int run(Runner runner, RunOptions o, PrintStream out, PrintStream err) throws Exception {
        return run(runner, o, out, err, Calibration::measure);
    }

    /**
     * As {@link #run(Runner, RunOptions, PrintStream, PrintStream)} with the machine-speed calibration
     * taken from {@code calibration} (tests give a fixed one: a test must not depend on the machine's speed).
     */
    static int run(Runner runner, RunOptions o, PrintStream out, PrintStream err,
            Supplier<Calibration.Measurement> calibration) throws Exception {
        requireNightly(runner, o);
        Path dir = o.resultsDir(runner.folder());
        Path baselineFile = dir.resolve("baseline.csv");
        // A malformed baseline fails before the (long) run; a missing one after it, so that the
        // results can be reviewed and accepted.
        List<ResultRow> baseline = null;
        if (Files.exists(baselineFile)) {
            baseline = NightlyCheck.readBaseline(baselineFile);
            requireSameThreads(baseline, baselineFile);
        }
        Calibration.Measurement before = calibration.get();
        Trees.delete(dir.resolve("runs"));
        long t0 = System.nanoTime();
        runner.run(o);
        double wall = (System.nanoTime() - t0) / 1e9;
        Calibration.Measurement after = calibration.get();
        double calibrationMs = Math.min(before.minMs(), after.minMs());

        List<ResultRow> current = new ArrayList<>(ResultsCsv.read(dir.resolve("runs.csv")));
        if (current.isEmpty()) {
            throw new IllegalStateException(dir.resolve("runs.csv") + " holds no results");
        }
        ResultRow any = current.get(0);
        current.add(new ResultRow(
                new RunId(any.run().table(), NightlyCheck.CALIBRATION, "-", NightlyCheck.CALIBRATION, Calibration.WORKLOAD,
                        0, 0, Profile.NIGHTLY.id(), "synthetic"),
                NightlyCheck.CALIBRATION_MS, calibrationMs, 0, wall, 0, any.provenance()));
        ResultsCsv.write(dir.resolve("current.csv"), current);
        String footer = String.format(Locale.ROOT,
                "%nNightly run: %.1f s wall (training and evaluation of every run); calibration workload `%s`, "
                        + "fastest repetition %.3f ms before and %.3f ms after training (the smaller is used). "
                        + "Tonight's rows: `current.csv`; table: `table.md`. After review, "
                        + "`-Dtable=%s -Dnightly.accept` makes them the baseline.%n",
                wall, Calibration.WORKLOAD, before.minMs(), after.minMs(), runner.name());
        out.printf(Locale.ROOT, "nightly %s: %.1f s, calibration %.3f ms%n", runner.name(), wall, calibrationMs);
        if (baseline == null) {
            AtomicText.write(dir.resolve("report.md"), "# Nightly check — " + runner.name()
                    + ": NO BASELINE\n\nThere is no `baseline.csv` to compare with.\n" + footer);
            throw new BaselineException("no nightly baseline at " + baselineFile + ": review " + dir.resolve("table.md")
                    + " and run -Dtable=" + runner.name() + " -Dnightly.accept to make tonight's results the baseline");
        }
        Outcome outcome = NightlyCheck.compare(baseline, current, runner.nightlyMetrics(), Tolerance.defaults());
        AtomicText.write(dir.resolve("report.md"),
                NightlyCheck.markdown(runner.name(), outcome, Tolerance.defaults()) + footer);
        long regressions = outcome.findings().stream().filter(NightlyCheck.Finding::regression).count();
        if (regressions > 0) {
            err.println("NIGHTLY REGRESSION: " + regressions + " finding(s); see " + dir.resolve("report.md"));
            outcome.findings().stream().filter(NightlyCheck.Finding::regression)
                    .forEach(f -> err.println("  " + f.check() + " " + f.key() + ": " + f.detail()));
            return 1;
        }
        out.println("nightly " + runner.name() + ": PASS against baseline commit " + outcome.baselineCommit()
                + " (" + dir.resolve("report.md") + ")");
        return 0;
    }

    /** Copies the last nightly results to the baseline (after a human has reviewed them). */
    static void accept(Runner runner, RunOptions o, PrintStream out) throws IOException {
        requireNightly(runner, o);
        Path dir = o.resultsDir(runner.folder());
        Path current = dir.resolve("current.csv");
        if (!Files.isRegularFile(current)) {
            throw new BaselineException("nothing to accept: " + current + " does not exist; run -Dtable=" + runner.name()
                    + " -Dnightly first");
        }
        List<ResultRow> rows = ResultsCsv.read(current);
        NightlyCheck.calibrationMs(rows, current.toString());
        ResultsCsv.write(dir.resolve("baseline.csv"), rows);
        out.println("accepted " + current + " as " + dir.resolve("baseline.csv") + " (" + rows.size() + " rows); commit it");
    }

    /**
     * Native thread count changes both speed and (through reduction order) the numbers; a baseline
     * only compares with runs under the same setting.
     */
    private static void requireSameThreads(List<ResultRow> baseline, Path file) {
        String now = EngineInfo.current().threads();
        String then = baseline.get(0).provenance().threads();
        if (!now.equals(then)) {
            throw new BaselineException(file + " was recorded with threads " + then + ", this process has " + now
                    + ": set OMP_NUM_THREADS as the baseline did, or accept a new baseline");
        }
    }

    private static void requireNightly(Runner runner, RunOptions o) {
        if (runner.nightlyMetrics().isEmpty()) {
            throw new ConfigException("-Dnightly", "runner '" + runner.name() + "' has no nightly budget");
        }
        if (o.profile() != Profile.NIGHTLY) {
            throw new ConfigException("-Dnightly", "runs the nightly profile only, not " + o.profile().id());
        }
    }
}
