package org.mplbench.experiments.twomoon;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mplbench.data.TwoMoon;
import org.mplbench.experiments.executor.ExecutorOptions;
import org.mplbench.experiments.executor.LocalExecutor;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.ReportPlots;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.experiments.run.Runner;
import org.mplbench.mpl.MplConfig;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
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
        Set<String> read = new java.util.HashSet<>(Set.of("steps"));
        read.addAll(ExecutorOptions.OPTIONS);
        return Set.copyOf(read);
    }

    @Override
    public String description() {
        return "Sec. 3.1 / Figure 2: Supervised, Pseudo Labels and MPL on TwoMoon (MLP 2-8-8-2)";
    }

    @Override
    public void run(RunOptions options) throws Exception {
        LocalExecutor.sequential(new TwoMoonPlan(options), options);
    }

    @Override
    public Optional<Plan> plan(RunOptions options, boolean fetch) {
        return Optional.of(new TwoMoonPlan(options));
    }

    /** Merges the per-run files into {@code runs.csv}, {@code curves.csv} and the figure, then renders the table. */
    @Override
    public void report(RunOptions options, List<String> notes) throws IOException {
        new TwoMoonPlan(options).render(notes);
        System.out.println("re-rendered " + options.resultsDir(TABLE).resolve("table.md"));
    }

    /** {@code table.md}, {@code table.csv} and the curve figures from {@code runs.csv} and {@code curves.csv}. */
    static void renderTable(Path out, TwoMoonSettings settings, RunOptions options, List<String> notes)
            throws IOException {
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        Path curvesFile = out.resolve("curves.csv");
        List<CurvePoint> curves = Files.isRegularFile(curvesFile) ? CurvesCsv.read(curvesFile) : List.of();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Variant v : variants()) {
            labels.put(v.method() + "/" + v.variant(), v.method() + " / " + v.variant());
        }
        String figures = ReportPlots.write(out, "", "TwoMoon (" + options.profile().id() + ")", curves, labels);
        if (Files.isRegularFile(out.resolve("twomoon.png"))) {
            figures += "![TwoMoon decision boundaries](twomoon.png)\n";
        }
        AtomicText.write(out.resolve("table.csv"), TwoMoonReport.csv(rows));
        AtomicText.write(out.resolve("table.md"), table(rows, settings, options, variants(), figures)
                + Plan.notesSection(notes));
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

    static String resolvedConfig(TwoMoonSettings s, List<Variant> variants, RunOptions o, ProvenanceProbe p) {
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
}
