package org.mplbench.experiments.twomoon;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.mplbench.data.TwoMoon;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.experiments.run.Progress;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.ReportPlots;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.experiments.run.Runner;
import org.mplbench.mpl.MplConfig;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.DecisionBoundaryPlot;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.RunId;
import org.mplbench.reports.TwoMoonReport;

/**
 * The small-scale experiment (paper §3.1, Figure 2): Supervised, Pseudo Labels and MPL variants on
 * TwoMoon, every method × seed, with a table and a decision-boundary figure.
 */
public final class TwoMoonRunner implements Runner {

    static final String TABLE = "twomoon";

    /** A registry entry as this runner shows it. */
    record Variant(MethodRegistry.Entry entry, String description) {
        String method() {
            return entry.method();
        }

        String variant() {
            return entry.variant();
        }

        /** The MPL configuration as trained here (null for the baselines). */
        MplConfig mpl() {
            return entry.mpl() == null ? null : entry.mpl().toBuilder().optOldLoss(OLD_LOSS).build();
        }
    }

    /**
     * The MLP has neither batch norm nor dropout, so the joint forward measures the same {@code h} as
     * paired forwards (up to float rounding) without their cost; it also keeps the committed TwoMoon
     * results reproducible.
     */
    public static final MplConfig.OldLoss OLD_LOSS = MplConfig.OldLoss.JOINT_FORWARD;

    private static Variant variant(String method, String variant, String description) {
        return new Variant(MethodRegistry.get(method, variant), description);
    }

    static List<Variant> variants() {
        return List.of(
                variant("supervised", "default", "trained on the 6 labeled points only"),
                variant("pseudo-labels", "default",
                        "student on the frozen supervised teacher's argmax labels of the unlabeled points"),
                variant("mpl", "paper", "h = old − new, sampled hard labels"),
                variant("mpl", "paper-argmax", "h = old − new, argmax hard labels"),
                variant("mpl", "reference-code", "h = new − old, argmax hard labels"),
                variant("mpl", "soft", "soft labels, exact one-step teacher gradient (FD-JVP)"),
                variant("mpl", "no-feedback",
                        "ablation: h = 0, teacher trained on labeled data only, sampled hard labels"),
                variant("mpl", "paper-mpl-only",
                        "ablation: as paper, but the teacher learns from the MPL feedback alone (§2's objective, "
                                + "no supervised loss)"));
    }

    @Override
    public String name() {
        return TABLE;
    }

    @Override
    public List<String> aliases() {
        return List.of("fig2");
    }

    /** An 8×8 network: a second OpenMP thread makes every step 1.4–1.6× slower (docs/performance.md). */
    @Override
    public int defaultThreads(int cores) {
        return 1;
    }

    /**
     * Its arrays are a few hundred bytes; one shared arena only adds lock contention between the
     * engine thread and Java (+15 % per step), so TwoMoon keeps glibc's default arenas.
     */
    public static final boolean TUNE_ALLOCATOR = false;

    @Override
    public boolean tuneAllocator() {
        return TUNE_ALLOCATOR;
    }

    @Override
    public String folder() {
        return TABLE;
    }

    @Override
    public List<String> nightlyMetrics() {
        // the teacher's accuracy too: at the nightly length most students have not left 50 % yet
        return List.of("acc_test", "acc_all", "teacher_acc_all");
    }

    @Override
    public Set<String> options() {
        return Set.of("steps");
    }

    @Override
    public String description() {
        return "Sec. 3.1 / Figure 2: Supervised, Pseudo Labels and MPL on TwoMoon (MLP 2-8-8-2)";
    }

    @Override
    public void run(RunOptions options) throws IOException {
        TwoMoonSettings settings = TwoMoonSettings.resolve(options);
        Path out = options.resultsDir(TABLE);
        ProvenanceProbe provenance = ProvenanceProbe.of(options.root());
        List<Variant> variants = variants();
        List<ResultRow> rows = new ArrayList<>();
        List<CurvePoint> curves = new ArrayList<>();
        List<DecisionBoundaryPlot.Panel> panels = new ArrayList<>();
        // The figure's window: both moons with their noise.
        DecisionBoundaryPlot.Grid grid =
                new DecisionBoundaryPlot.Grid(-1.6, 2.6, -1.1, 1.6, settings.gridSize(), settings.gridSize());
        TwoMoon.Data figureData = null;

        long t0 = System.nanoTime();
        try (Progress progress = Progress.start("twomoon/" + options.profile().id(),
                        (long) settings.seeds().size() * variants.size(), options.progress());
                NDManager base = NDManager.newBaseManager()) {
            for (long seed : settings.seeds()) {
                TwoMoon.Data data = TwoMoon.generate(settings.data(), seed);
                boolean figure = seed == settings.seeds().get(0);
                if (figure) {
                    figureData = data;
                }
                for (Variant v : variants) {
                    progress.message(v.method() + "/" + v.variant() + " seed " + seed);
                    TwoMoonRun.RunOutcome r = TwoMoonRun.train(settings, v, data, seed, base, figure ? grid : null);
                    RunSpec spec = spec(settings, v, seed, options.profile().id(), provenance);
                    String configHash = spec.configHash();
                    RunId id = spec.id();
                    List<ResultRow> runRows = new ArrayList<>();
                    for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                        runRows.add(new ResultRow(id, m.getKey(), m.getValue(), r.steps(), r.wallSeconds(),
                                1000 * r.wallSeconds() / r.steps(), provenance.forConfig(configHash)));
                    }
                    // One file per run, written atomically: a crash loses at most the run in progress.
                    ResultsCsv.write(out.resolve("runs").resolve(id.fileKey() + ".csv"), runRows);
                    AtomicText.write(out.resolve("runs").resolve(id.fileKey() + ".json"), spec.toJson());
                    rows.addAll(runRows);
                    curves.addAll(r.curves());
                    if (figure) {
                        panels.add(new DecisionBoundaryPlot.Panel(
                                v.method() + " / " + v.variant() + " (" + pct(r.metrics().get("acc_all")) + ")",
                                r.gridProbabilities()));
                    }
                    progress.step();
                }
            }
        }
        double totalSeconds = (System.nanoTime() - t0) / 1e9;

        ResultsCsv.write(out.resolve("runs.csv"), rows);
        CurvesCsv.write(out.resolve("curves.csv"), curves);
        removeStaleRunFiles(out.resolve("runs"), rows);
        AtomicText.write(out.resolve("config.json"), resolvedConfig(settings, variants, options, provenance));
        DecisionBoundaryPlot.write(out.resolve("twomoon.png"),
                "TwoMoon, seed " + settings.seeds().get(0) + ": model p(class 1); squares = the 6 labeled points",
                grid, panels, new DecisionBoundaryPlot.Points(figureData.all().xy(), figureData.all().label(),
                        figureData.labeledIndex()), 300);
        render(out, settings, options, rows, curves);
        System.err.printf(Locale.ROOT, "twomoon/%s: %d runs in %.1f s -> %s%n",
                options.profile().id(), rows.stream().map(r -> r.run().fileKey()).distinct().count(), totalSeconds, out);
    }

    /** Re-renders {@code table.md}, {@code table.csv} and the curve figures from {@code runs.csv} and {@code curves.csv}. */
    @Override
    public void report(RunOptions options) throws IOException {
        Path out = options.resultsDir(TABLE);
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        Path curvesFile = out.resolve("curves.csv");
        List<CurvePoint> curves = Files.isRegularFile(curvesFile) ? CurvesCsv.read(curvesFile) : List.of();
        render(out, TwoMoonSettings.resolve(options), options, rows, curves);
        System.out.println("re-rendered " + out.resolve("table.md") + " from " + rows.size() + " result rows");
    }

    private static void render(Path out, TwoMoonSettings settings, RunOptions options, List<ResultRow> rows,
            List<CurvePoint> curves) throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Variant v : variants()) {
            labels.put(v.method() + "/" + v.variant(), v.method() + " / " + v.variant());
        }
        String figures = ReportPlots.write(out, "", "TwoMoon (" + options.profile().id() + ")", curves, labels);
        if (Files.isRegularFile(out.resolve("twomoon.png"))) {
            figures += "![TwoMoon decision boundaries](twomoon.png)\n";
        }
        AtomicText.write(out.resolve("table.csv"), TwoMoonReport.csv(rows));
        AtomicText.write(out.resolve("table.md"), table(rows, settings, options, variants(), figures));
    }


    /** Per-run files (rows, config) of earlier invocations (other seeds or variants) would contradict runs.csv. */
    private static void removeStaleRunFiles(Path runsDir, List<ResultRow> rows) throws IOException {
        Set<String> keep = new HashSet<>();
        for (ResultRow r : rows) {
            keep.add(r.run().fileKey() + ".csv");
            keep.add(r.run().fileKey() + ".json");
        }
        try (Stream<Path> files = Files.list(runsDir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!keep.contains(f.getFileName().toString())) {
                    Files.delete(f);
                }
            }
        }
    }

    /** One TwoMoon run (its data, labeled points and initial weights all follow the seed). */
    static RunSpec spec(TwoMoonSettings s, Variant v, long seed, String profile, ProvenanceProbe p) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("data", s.data());
        c.put("steps", s.steps());
        c.put("unlabeled_batch", s.unlabeledBatch());
        c.put("lr", s.lr());
        c.put("init_range", s.initRange());
        c.put("model", "mlp 2-8-8-2 sigmoid");
        c.put("mpl", v.mpl());
        return new RunSpec(TABLE, TABLE, "twomoon", "synthetic", v.method(), v.variant(), seed, seed, profile,
                p.engine().engine() + " " + p.engine().version(), c);
    }

    private static String resolvedConfig(TwoMoonSettings s, List<Variant> variants, RunOptions o, ProvenanceProbe p) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("table", TABLE);
        c.put("profile", o.profile().id());
        c.put("settings", s);
        List<Map<String, Object>> vs = new ArrayList<>();
        for (Variant v : variants) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", v.method());
            m.put("variant", v.variant());
            m.put("description", v.description());
            m.put("mpl", v.mpl());
            m.put("config_hash", spec(s, v, 0, o.profile().id(), p).configHash());
            vs.add(m);
        }
        c.put("variants", vs);
        c.put("engine", p.engine());
        c.put("commit", p.commit());
        c.put("dirty", p.dirty());
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(c) + "\n";
    }

    /** The table's text is {@link TwoMoonReport}'s; this says what the runner resolved for it. */
    private static String table(List<ResultRow> rows, TwoMoonSettings s, RunOptions o, List<Variant> variants,
            String figures) {
        Map<String, String> described = new LinkedHashMap<>();
        for (Variant v : variants) {
            described.put(v.method() + " / " + v.variant(), v.description());
        }
        TwoMoonReport.Setup setup = new TwoMoonReport.Setup(o.profile().id(), s.steps(), s.data().pointsPerMoon(),
                s.data().noise(), s.data().labeledPerMoon(), s.data().testPointsPerMoon(), s.initRange(), s.lr(),
                s.unlabeledBatch(), s.seeds().get(0), described);
        return TwoMoonReport.markdown(setup, rows, figures);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
