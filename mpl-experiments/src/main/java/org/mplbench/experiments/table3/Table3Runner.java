package org.mplbench.experiments.table3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mplbench.config.ConfigException;
import org.mplbench.data.SplitSpec;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ReportPlots;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.table2.Budget;
import org.mplbench.experiments.table2.ComputeEstimate;
import org.mplbench.experiments.table2.Table2Results;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.ComparisonTable;
import org.mplbench.reports.ComparisonTable.ColumnSpec;
import org.mplbench.reports.ComparisonTable.RowSpec;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.PairedDifferences;
import org.mplbench.reports.PaperReference;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * {@code -Dtable=3}: the paper's Table 3 — ResNet-50 on ImageNet with a large unlabeled pool; the rows
 * this suite runs are Supervised, UDA and MPL, the others are reference only. Two stages
 * ({@link PoolTableRunner}): {@code -Dstage=filter}, then training. Results: {@code results/table3/<profile>/}.
 */
public final class Table3Runner extends PoolTableRunner {

    @Override
    public String table() {
        return "3";
    }

    @Override
    public List<String> aliases() {
        return List.of("table3");
    }

    @Override
    public String folder() {
        return "table3";
    }

    @Override
    public String description() {
        return "Table 3: ResNet-50 with an unlabeled pool (filtering stage, then Supervised, UDA, MPL)";
    }

    @Override
    public Budget budget(Profile p) {
        return Table3Budgets.of(p);
    }

    @Override
    public List<Long> seeds(Profile p) {
        return Table3Budgets.seeds(p);
    }

    @Override
    public SplitSpec split(Profile p) {
        return Table3Budgets.split(p);
    }

    @Override
    public int topK(Profile p) {
        return Table3Budgets.topK(p);
    }

    @Override
    public List<PoolRow> rows() {
        return Table3Row.all();
    }

    /** The paper profile is sized for GPUs: on the CPU it starts only with {@code -Dallow-cpu=true}. */
    @Override
    public void checkPaperProfile(RunOptions o, Budget b, List<PoolRow> rows) {
        if (o.device() == RunOptions.Device.CPU && !o.allowCpu()) {
            throw new ConfigException("-Ddevice", "the paper profile is sized for GPUs and this invocation would train "
                    + "on the CPU: " + computeSummary(b, rows)
                    + ". Run it on GPUs (docs/executors.md), or pass -Dallow-cpu=true to start it here anyway");
        }
    }

    /** runs.csv, curves.csv, table.md and figures from what is on disk under {@code out}. */
    @Override
    public void render(RunOptions o, Path out, Budget budget, List<Long> seeds, Table3Data.Located located,
            List<String> notes) throws IOException {
        List<ResultRow> rows = Files.isDirectory(out.resolve("runs")) ? Table2Results.collect(out) : List.of();
        List<CurvePoint> curves = Files.isDirectory(out.resolve("runs")) ? Table2Results.curves(out) : List.of();
        ResultsCsv.write(out.resolve("runs.csv"), rows);
        CurvesCsv.write(out.resolve("curves.csv"), curves);
        Map<String, String> labels = new LinkedHashMap<>();
        for (PoolRow r : Table3Row.all()) {
            labels.put("imagenet/" + r.id(), r.title());
        }
        String figures = ReportPlots.write(out, "imagenet-", "Table 3 (" + o.profile().id() + ")", curves, labels);
        PaperReference ref = PaperReference.load("table3");
        String dataset = rows.isEmpty() ? (located == null ? "?" : located.dataset()) : rows.get(0).run().dataset();
        boolean imagenet = dataset.equals("imagenet");
        StringBuilder md = new StringBuilder();
        md.append("# Table 3 (").append(o.profile().id()).append("): ").append(budget.network()).append(" with an unlabeled pool");
        if (!imagenet) {
            md.append(" — on ").append(dataset).append(", NOT ImageNet and not at the paper's scale");
        }
        md.append("\n\n");
        if (!imagenet) {
            md.append("**Not the paper's data.** These runs train ").append(budget.network()).append(" on small images (")
                    .append(budget.imageSize()).append("×").append(budget.imageSize()).append(") of ").append(dataset)
                    .append(", written as an ImageNet-style tree and pool; they check the whole path (filtering, pool, three "
                            + "methods) and compare the methods with each other. The paper's numbers are not shown beside "
                            + "them: they are ImageNet's.\n\n");
        }
        Optional<String> origin = located != null ? Optional.of(located.origin()) : origin(out);
        origin.ifPresent(text -> md.append("Data: ").append(text).append(".\n\n"));
        md.append("Budget: ").append(budget.describe()).append(". Seeds: ").append(seeds).append(".\n\n");
        md.append(filterSection(out));
        if (o.profile() == Profile.PAPER) {
            md.append(computeMarkdown(budget)).append("\n\n");
        }
        List<RowSpec> specs = new ArrayList<>();
        if (imagenet) {
            for (String r : List.of("autoaugment", "dropblock", "fixres", "fixres-cutmix", "noisy-student",
                    "billion-scale-ssl")) {
                specs.add(RowSpec.reference(r));
            }
        }
        for (PoolRow r : Table3Row.all()) {
            RowSpec top1 = RowSpec.ours(r.title(), r.method().method(), r.method().variant(), "acc_test", "final",
                    imagenet ? r.paperRow() : null);
            specs.add(top1);
            specs.add(top1.on(r.title() + ", top-5", "acc_test_top5", PaperReference.TOP5));
        }
        md.append(ComparisonTable.markdown(specs, List.of(new ColumnSpec("imagenet", imagenet ? "ImageNet" : dataset)), rows,
                ref));
        md.append("\nOurs: the final model (MPL: after finetuning), top-1 and top-5 on the test images (ImageNet's "
                + "validation set); the paper's MPL row was selected on the 25,000 held-out images.\n");
        List<PairedDifferences.Row> paired = Table3Row.all().stream().map(PoolRow::paired).toList();
        md.append("\nPaired by seed (top-1, points):\n\n")
                .append(PairedDifferences.markdown(rows, "imagenet", "acc_test", paired, List.of(paired.get(0), paired.get(1))));
        if (!figures.isEmpty()) {
            md.append("\n").append(figures);
        }
        AtomicText.write(out.resolve("table.md"), md + Plan.notesSection(notes));
    }

    /** The paper profile's compute: FLOPs per step and per run of each row, GPU-hours at the assumed rate. */
    static String computeMarkdown(Budget b) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "**Compute of the paper's setup**, estimated from "
                + "the code as Table 2's (FLOPs from the network's definition, a training pass = 3 forwards, each row's "
                + "work per step), GPU-hours at an assumed %.0f TFLOP/s:%n%n| Row | TFLOP per step | EFLOP per run | "
                + "GPU-hours per run |%n|---|---:|---:|---:|%n", ComputeEstimate.ASSUMED_GPU_FLOPS / 1e12));
        for (PoolRow r : Table3Row.all()) {
            double[] f = ComputeEstimate.stepAndRunFlops(b, r.method(), 1000, 3);
            sb.append(String.format(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.0f |%n", r.id(), f[0] / 1e12, f[1] / 1e18,
                    ComputeEstimate.gpuHours(f[1])));
        }
        return sb.toString();
    }

}
