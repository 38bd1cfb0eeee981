package org.mplbench.experiments.table2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mplbench.config.ConfigException;
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.SslSplit;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.executor.ExecutorOptions;
import org.mplbench.experiments.executor.LocalExecutor;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.ReportPlots;
import org.mplbench.experiments.run.RunOptions.DataSource;
import org.mplbench.experiments.run.RunOptions.Evaluation;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.experiments.run.Runner;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.ComparisonTable.ColumnSpec;
import org.mplbench.reports.ComparisonTable.RowSpec;
import org.mplbench.reports.ComparisonTable;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.PaperReference;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * {@code -Dtable=2}: the paper's Table 2 — Supervised, Pseudo Labels, UDA and MPL (plus three MPL
 * ablations) on CIFAR-10-4K, SVHN-1K (WRN-28-2) and ImageNet-10% (ResNet-50), over seeds.
 *
 * <p>Each run lives in {@code runs/<cell>/<row>/seed<k>/} under the profile's results directory; a
 * finished run is skipped, an interrupted one resumes from its checkpoint. {@code runs.csv} and
 * {@code table.md} are rebuilt from every finished run in the directory.
 */
public final class Table2Runner implements Runner {

    @Override
    public String name() {
        return "2";
    }

    @Override
    public List<String> aliases() {
        return List.of("table2");
    }

    @Override
    public String folder() {
        return "table2";
    }

    @Override
    public List<String> nightlyMetrics() {
        return List.of("acc_test");
    }

    @Override
    public Set<String> options() {
        // budget.* names are checked by Budget.withOverrides (an unknown field is an error naming the fields)
        Set<String> read = new java.util.HashSet<>(Set.of("steps", "data", "cells", "methods", "stop-after", "evaluate",
                "allow-cpu", "budget.*"));
        read.addAll(DatasetLocator.PROPERTIES);
        read.addAll(ExecutorOptions.OPTIONS);
        return Set.copyOf(read);
    }

    @Override
    public String description() {
        return "Table 2: Supervised, Pseudo Labels, UDA, MPL (+ ablations) on CIFAR-10-4K, SVHN-1K, ImageNet-10%";
    }

    @Override
    public void run(RunOptions o) throws Exception {
        LocalExecutor.sequential(plan(o, true).orElseThrow(), o);
    }

    @Override
    public Optional<Plan> plan(RunOptions o, boolean fetch) throws IOException {
        return Optional.of(Table2Plan.create(o, fetch));
    }

    /** Re-renders runs.csv, curves.csv, table.md, table.csv and the figures from the run directories. */
    @Override
    public void report(RunOptions o, List<String> notes) throws IOException {
        Path out = resultsDir(o, o.data().orElse(o.profile() == Profile.SMOKE ? DataSource.SYNTHETIC : DataSource.REAL));
        if (!Files.isDirectory(out.resolve("runs"))) {
            throw new ConfigException("-Dreport-only", out.resolve("runs") + " does not exist: nothing to "
                    + "report for this profile and budget (check -Dprofile, -Dsteps, -Dbudget.*)");
        }
        List<ResultRow> rows = Table2Results.collect(out);
        Map<Table2Cell, Budget> budgets = new LinkedHashMap<>();
        for (Table2Cell cell : Table2Cell.values()) {
            if (rows.stream().anyMatch(r -> r.run().cell().equals(cell.id()))) {
                Budget b = Budget.of(o.profile(), cell);
                budgets.put(cell, o.steps().map(b::withSteps).orElse(b).withOverrides(o.overrides()));
            }
        }
        DataSource source = rows.stream().allMatch(r -> r.run().dataSource().equals("synthetic"))
                ? DataSource.SYNTHETIC : DataSource.REAL;
        render(o, out, source, budgets, o.seeds().orElse(defaultSeeds(o.profile())), notes);
        System.out.println("re-rendered " + out.resolve("table.md") + " from " + rows.size() + " result rows");
    }

    /** runs.csv, curves.csv, table.md, table.csv and figures, all from what is on disk under {@code out}. */
    static void render(RunOptions o, Path out, DataSource source, Map<Table2Cell, Budget> budgets, List<Long> seeds,
            List<String> notes) throws IOException {
        List<ResultRow> rows = Table2Results.collect(out);
        List<CurvePoint> curves = Table2Results.curves(out);
        ResultsCsv.write(out.resolve("runs.csv"), rows);
        CurvesCsv.write(out.resolve("curves.csv"), curves);
        List<ColumnSpec> columns = Table2Layout.columns(budgets, rows);
        StringBuilder figures = new StringBuilder();
        for (ColumnSpec c : columns) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Table2Method m : Table2Method.table2()) {
                labels.put(c.cell() + "/" + m.id(), m.title());
            }
            String f = ReportPlots.write(out, c.cell() + "-", "Table 2, " + c.title() + " (" + o.profile().id() + ")",
                    curves, labels);
            if (!f.isEmpty()) {
                figures.append("\n").append(c.title()).append(":\n\n").append(f);
            }
        }
        PaperReference ref = PaperReference.load("table2");
        List<RowSpec> all = new ArrayList<>(Table2Layout.paperRows());
        all.addAll(Table2Layout.furtherRows());
        AtomicText.write(out.resolve("table.csv"), ComparisonTable.csv(all, columns, rows, ref));
        List<String> header = o.profile() == Profile.PAPER
                ? List.of(Table2Layout.PAPER_PRESETS, ComputeEstimate.of(budgets, methods(o), cell -> seeds(o, cell).size())
                        .markdown())
                : List.of();
        AtomicText.write(out.resolve("table.md"), Table2Layout.markdown(o, source, budgets, rows, seeds, columns, ref,
                figures.toString(), header) + Plan.notesSection(notes));
    }

    /**
     * {@code results/table2/<profile>}; under overrides {@code <profile>-steps<N>} and/or
     * {@code -custom-<hash of the budget overrides>}, so results of other budgets never mix.
     */
    static Path resultsDir(RunOptions o, DataSource source) {
        Path base = o.resultsDir("table2");
        String name = o.profile().id() + o.steps().map(s -> "-steps" + s).orElse("")
                + (o.overrides().isEmpty() ? "" : "-custom-" + ProvenanceProbe.hash(o.overrides().toString()).substring(0, 8))
                + (o.evaluate() == Evaluation.VALIDATION ? "-validation" : "")
                // real images are these profiles' default; stand-in results never mix with real ones
                + (source == DataSource.SYNTHETIC && o.profile() != Profile.SMOKE ? "-synthetic" : "");
        return base.resolveSibling(name);
    }

    /** {@code acc_test}, or {@code acc_val} for runs evaluated on the validation hold-out. */
    static String metric(RunOptions o) {
        return o.evaluate() == Evaluation.VALIDATION ? "acc_val" : "acc_test";
    }

    /** The rows an invocation runs: {@code -Dmethods}, or the profile's. */
    static List<Table2Method> methods(RunOptions o) {
        return o.methods().map(l -> l.stream().map(Table2Method::of).toList()).orElse(defaultMethods(o.profile()));
    }

    /** Quick: Supervised, UDA and MPL; every other profile: every row. */
    static List<Table2Method> defaultMethods(Profile p) {
        return p == Profile.QUICK ? List.of(Table2Method.SUPERVISED, Table2Method.UDA, Table2Method.MPL)
                : Table2Method.table2();
    }

    /** The seeds of {@code cell}'s runs: {@code -Dseeds}, or the profile's for the cell. */
    static List<Long> seeds(RunOptions o, Table2Cell cell) {
        return o.seeds().orElse(defaultSeeds(o.profile(), cell));
    }

    /** The paper profile runs ImageNet-10% once, as the paper (one run, no spread); else the profile's seeds. */
    static List<Long> defaultSeeds(Profile p, Table2Cell cell) {
        return p == Profile.PAPER && cell == Table2Cell.IMAGENET_10PCT ? List.of(0L) : defaultSeeds(p);
    }

    static List<Long> defaultSeeds(Profile p) {
        return switch (p) {
            case SMOKE, QUICK -> List.of(0L);
            case NIGHTLY -> List.of(0L, 1L);
            case CPU -> List.of(0L, 1L, 2L);
            case PAPER -> List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        };
    }

    /** What Table 2 resolves for a run besides its identity (the {@link RunSpec}'s config). */
    static Map<String, Object> resolved(Table2Method m, Budget b, VisionData data, SslSplit split, int threads,
            boolean verified) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("row", m.id());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("train_images", data.train().size());
        d.put("test_images", data.test().size());
        d.put("image_shape", List.of(data.train().height(), data.train().width(), data.train().channels()));
        d.put("normalization", data.normalization().toString());
        d.put("labeled", split.labeled().length);
        d.put("unlabeled", split.unlabeled().length);
        if (data.dataset().equals("fashion-mnist")) {
            d.put("checksums_verified", verified);
        }
        c.put("data", d);
        MethodFactory f = new MethodFactory(b, m, 0, data.train().classes(), data.train().channels());
        if (f.mplConfig() != null) {
            c.put("mpl", f.mplConfig());
        }
        c.put("randaugment", f.randAugmentVariant().name());
        c.put("budget", b);
        c.put("pipeline_threads", threads);
        return c;
    }

}
