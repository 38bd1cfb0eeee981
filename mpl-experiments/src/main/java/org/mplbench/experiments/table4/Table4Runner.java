package org.mplbench.experiments.table4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mplbench.config.ConfigException;
import org.mplbench.data.SplitSpec;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ReportPlots;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.table2.Budget;
import org.mplbench.experiments.table2.ComputeEstimate;
import org.mplbench.experiments.table2.MethodFactory;
import org.mplbench.experiments.table2.Table2Results;
import org.mplbench.experiments.table3.PoolRow;
import org.mplbench.experiments.table3.PoolTableRunner;
import org.mplbench.experiments.table3.Table3Data;
import org.mplbench.nn.EfficientNetSpec;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.PairedDifferences;
import org.mplbench.reports.PaperReference;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.Stats;

/**
 * {@code -Dtable=4}: the paper's Table 4 — EfficientNet students trained with a filtered unlabeled set —
 * as runs of Supervised, Meta Pseudo Labels and Reduced Meta Pseudo Labels on ImageNet and a pool
 * (Table 3's data path and filtering stage). The {@code paper} profile records the paper's setup
 * (EfficientNet-L2 at 512 px, 2,048 + 16,384 images per step, 1 M steps) and its compute, and starts only
 * with {@code -Dallow-paper-scale=true}; {@code cpu} and {@code smoke} run scaled versions here and say so.
 * {@code -Dtable=1} renders the headline from the same runs ({@link Table1Runner}).
 */
public final class Table4Runner extends PoolTableRunner {

    static final String ALLOW_PAPER_SCALE = "allow-paper-scale";

    @Override
    public String table() {
        return "4";
    }

    @Override
    public List<String> aliases() {
        return List.of("table4");
    }

    @Override
    public String folder() {
        return "table4";
    }

    @Override
    public String description() {
        return "Table 4: EfficientNet with a filtered pool — Supervised, MPL, Reduced MPL (paper setup recorded; "
                + "scaled profiles run)";
    }

    @Override
    public Set<String> options() {
        Set<String> read = new HashSet<>(super.options());
        read.add(ALLOW_PAPER_SCALE);
        return Set.copyOf(read);
    }

    @Override
    public Budget budget(Profile p) {
        return Table4Budgets.of(p);
    }

    @Override
    public List<Long> seeds(Profile p) {
        return Table4Budgets.seeds(p);
    }

    @Override
    public SplitSpec split(Profile p) {
        return Table4Budgets.split(p);
    }

    @Override
    public int topK(Profile p) {
        return Table4Budgets.topK(p);
    }

    @Override
    public List<PoolRow> rows() {
        return Table4Row.all();
    }

    /**
     * The paper's scale is refused unless asked for by name: it is what 2,048 TPUv3 cores did in about 11
     * days; on a CPU it also needs {@code -Dallow-cpu=true}.
     */
    @Override
    public void checkPaperProfile(RunOptions o, Budget b, List<PoolRow> rows) {
        boolean allowed = o.option(ALLOW_PAPER_SCALE).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException("-D" + ALLOW_PAPER_SCALE, "'" + v + "' is not true or false");
        }).orElse(false);
        if (!allowed) {
            throw new ConfigException("-Dprofile", "paper is Table 4 at the paper's scale: " + computeSummary(b, rows)
                    + "; the paper trained EfficientNet-L2 so on 2,048 TPUv3 cores for about 11 days. It is recorded and "
                    + "estimated in docs/table4.md; pass -D" + ALLOW_PAPER_SCALE + "=true to start it anyway, or run the "
                    + "cpu profile");
        }
        if (o.device() == RunOptions.Device.CPU && !o.allowCpu()) {
            throw new ConfigException("-Ddevice", "the paper profile would train on the CPU: " + computeSummary(b, rows)
                    + ". Run it on GPUs (docs/executors.md), or pass -Dallow-cpu=true as well");
        }
    }


    /** The student network of a budget with {@code classes} classes. */
    static EfficientNetSpec network(Budget b, int classes) {
        return MethodFactory.efficientNet(b.network(), classes, b.imageSize(), b.dropout());
    }

    @Override
    public void render(RunOptions o, Path out, Budget budget, List<Long> seeds, Table3Data.Located located,
            List<String> notes) throws IOException {
        List<ResultRow> rows = Files.isDirectory(out.resolve("runs")) ? Table2Results.collect(out) : List.of();
        List<CurvePoint> curves = Files.isDirectory(out.resolve("runs")) ? Table2Results.curves(out) : List.of();
        ResultsCsv.write(out.resolve("runs.csv"), rows);
        CurvesCsv.write(out.resolve("curves.csv"), curves);
        Map<String, String> labels = new LinkedHashMap<>();
        for (PoolRow r : Table4Row.all()) {
            labels.put("imagenet/" + r.id(), r.title());
        }
        String figures = ReportPlots.write(out, "imagenet-", "Table 4 (" + o.profile().id() + ")", curves, labels);
        String dataset = rows.isEmpty() ? (located == null ? "?" : located.dataset()) : rows.get(0).run().dataset();
        boolean imagenet = dataset.equals("imagenet");
        boolean paperScale = o.profile() == Profile.PAPER;
        int classes = dataField(out, "classes").map(com.google.gson.JsonElement::getAsInt).orElse(imagenet ? 1000 : 10);
        EfficientNetSpec student = network(budget, classes);
        StringBuilder md = new StringBuilder();
        md.append("# Table 4 (").append(o.profile().id()).append("): ").append(student.name())
                .append(" with a filtered unlabeled pool");
        if (!paperScale) {
            md.append(" — not run at the paper's scale").append(imagenet ? "" : ", on " + dataset + ", NOT ImageNet");
        }
        md.append("\n\n");
        if (!paperScale) {
            md.append("**Not the paper's scale.** The paper trained EfficientNet-L2 (480 M parameters) at 512×512 on "
                    + "ImageNet and 130 M filtered JFT images, 2,048 + 16,384 images per step for 1 M steps on 2,048 TPUv3 "
                    + "cores. These runs train ").append(student.name()).append(" (").append(String.format(Locale.ROOT,
                    "%,d", student.parameters())).append(" parameters) at ").append(budget.imageSize()).append("×")
                    .append(budget.imageSize()).append(imagenet ? " on ImageNet" : " on " + dataset + " (NOT ImageNet)")
                    .append(" with the same three-stage path — filtering, a large teacher's stored outputs, Supervised / "
                            + "MPL / Reduced MPL — and compare the methods with each other; the paper's rows below are "
                            + "ImageNet's, for reference, not comparable.\n\n");
        }
        Optional<String> origin = located != null ? Optional.of(located.origin()) : origin(out);
        origin.ifPresent(text -> md.append("Data: ").append(text).append(".\n\n"));
        md.append("Budget: ").append(budget.describe()).append(". Seeds: ").append(seeds).append(".\n\n");
        md.append("Reduced MPL's large teacher: the Supervised row's model of the first seed (the scorer of the "
                + "filtering stage)").append(paperScale ? "" : ", the student's own architecture here")
                .append("; its outputs on every training image are stored once under `large-teacher/`.\n\n");
        md.append(filterSection(out));
        md.append(oursTable(rows, student, out));
        List<PairedDifferences.Row> paired = Table4Row.all().stream().map(PoolRow::paired).toList();
        md.append("\nPaired by seed (top-1, points):\n\n")
                .append(PairedDifferences.markdown(rows, "imagenet", "acc_test", paired, List.of(paired.get(0))));
        md.append("\n").append(paperSetup()).append("\n");
        md.append("\n").append(referenceTable()).append("\n");
        if (!figures.isEmpty()) {
            md.append("\n").append(figures);
        }
        AtomicText.write(out.resolve("table.md"), md + Plan.notesSection(notes));
    }

    /** Our rows: params, extra data, top-1 and top-5 (mean ± sd over seeds), ReaL (not measurable here). */
    private static String oursTable(List<ResultRow> rows, EfficientNetSpec student, Path out) throws IOException {
        String pool = poolText(out);
        StringBuilder sb = new StringBuilder("| Row | Params | Extra data | Top-1 (%) | Top-5 (%) | ReaL P@1 | Seeds |\n"
                + "|---|---:|---|---:|---:|---|---:|\n");
        for (PoolRow r : Table4Row.all()) {
            List<Double> top1 = values(rows, r, "acc_test");
            List<Double> top5 = values(rows, r, "acc_test_top5");
            sb.append(String.format(Locale.ROOT, "| %s | %.2f M | %s | %s | %s | — | %d |%n", r.title(),
                    student.parameters() / 1e6, r.usesPool() ? pool : "—", meanSd(top1), meanSd(top5), top1.size()));
        }
        return sb + "\nOurs: the final model (MPL and Reduced MPL: after finetuning) on the test images; ReaL needs "
                + "ImageNet-ReaL's relabelled validation set, which this suite does not read.\n";
    }

    private static String meanSd(List<Double> v) {
        return v.isEmpty() ? "—" : Stats.of(v).format(100, 2);
    }

    private static List<Double> values(List<ResultRow> rows, PoolRow r, String metric) {
        List<Double> v = new ArrayList<>();
        for (ResultRow row : rows) {
            if (row.metric().equals(metric) && row.run().method().equals(r.method().method())
                    && row.run().variant().equals(r.method().variant())) {
                v.add(row.value());
            }
        }
        return v;
    }

    private static String poolText(Path out) throws IOException {
        Path summary = out.resolve("filter").resolve("filter.json");
        if (!Files.isRegularFile(summary)) {
            return "the filtered pool";
        }
        var s = com.google.gson.JsonParser.parseString(Files.readString(summary)).getAsJsonObject().getAsJsonObject("summary");
        return String.format(Locale.ROOT, "%,d filtered pool images", s.get("kept").getAsInt());
    }

    /** The paper profile's configuration and compute, from the code (no weights allocated). */
    static String paperSetup() {
        Budget b = Table4Budgets.paper();
        EfficientNetSpec l2 = network(b, 1000);
        EfficientNetSpec wide = EfficientNetSpec.of(EfficientNetSpec.Variant.B6_MPL, 1000, false);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "**The paper's setup** (`-Dprofile=paper`, refused "
                + "unless `-D%s=true`): %s (%,d parameters, %.1f GFLOP per 512×512 image), %s. The paper's "
                + "EfficientNet-B6-Wide is the code's `efficientnet-b6-mpl` (width 5.0, depth 2.6): %,d parameters from "
                + "its definition, not the 390 M of the paper's table.%n%n", ALLOW_PAPER_SCALE, l2.name(), l2.parameters(),
                2 * l2.forwardMacs(b.imageSize()) / 1e9, b.describe(), wide.parameters()));
        sb.append(String.format(Locale.ROOT, "Compute, estimated from the code as Tables 2 and 3 (a training pass = 3 "
                + "forwards, each row's work per step), GPU-hours at an assumed %.0f TFLOP/s:%n%n| Row | TFLOP per step | "
                + "EFLOP per run | GPU-hours per run | GPU-days per run |%n|---|---:|---:|---:|---:|%n",
                ComputeEstimate.ASSUMED_GPU_FLOPS / 1e12));
        for (PoolRow r : Table4Row.all()) {
            double[] f = ComputeEstimate.stepAndRunFlops(b, r.method(), 1000, 3);
            sb.append(String.format(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.0f | %,.0f |%n", r.id(), f[0] / 1e12, f[1] / 1e18,
                    ComputeEstimate.gpuHours(f[1]), ComputeEstimate.gpuHours(f[1]) / 24));
        }
        double outputs = 131.3e6 * 2 * l2.forwardMacs(b.imageSize());
        sb.append(String.format(Locale.ROOT, "%nReduced MPL's rows count the student only; the large teacher's outputs on "
                + "the 1.28 M labeled + 130 M filtered images cost one more forward each: %,.1f EFLOP (%,.0f GPU-hours).",
                outputs / 1e18, ComputeEstimate.gpuHours(outputs)));
        return sb.toString();
    }

    /** The paper's Table 4, for reference. */
    static String referenceTable() {
        PaperReference ref = PaperReference.load("table4");
        StringBuilder sb = new StringBuilder("The paper's Table 4 (ImageNet; reference only):\n\n| Method | Params (M) | "
                + "Top-1 (%) | Top-5 (%) | ReaL P@1 (%) |\n|---|---:|---:|---:|---:|\n");
        for (Map.Entry<String, String> row : ref.rows().entrySet()) {
            sb.append("| ").append(row.getValue());
            for (String metric : List.of("params_m", PaperReference.TOP1, PaperReference.TOP5, "real")) {
                sb.append(" | ").append(ref.find(row.getKey(), "imagenet", metric)
                        .map(v -> String.format(Locale.ROOT, "%s", trim(v.value()))).orElse("—"));
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
