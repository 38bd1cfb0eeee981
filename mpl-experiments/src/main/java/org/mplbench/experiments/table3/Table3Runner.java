package org.mplbench.experiments.table3;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
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
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.ImageNetFolder;
import org.mplbench.data.ImagePool;
import org.mplbench.data.Normalization;
import org.mplbench.experiments.executor.ExecutorOptions;
import org.mplbench.experiments.executor.LocalExecutor;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.ReportPlots;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;
import org.mplbench.experiments.table2.Budget;
import org.mplbench.experiments.table2.ComputeEstimate;
import org.mplbench.experiments.table2.MethodFactory;
import org.mplbench.experiments.table2.Table2Results;
import org.mplbench.io.AtomicFiles;
import org.mplbench.nn.Network;
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
import org.mplbench.train.StopSignal;

/**
 * {@code -Dtable=3}: the paper's Table 3 — ResNet-50 on ImageNet with a large unlabeled pool; the rows
 * this suite runs are Supervised, UDA and MPL, the others are reference only. Two stages:
 * {@code -Dstage=filter} trains the Supervised model of the first seed, scores the pool with it and
 * writes the selection ({@code filter/manifest.csv}); then {@code -Dtable=3} trains the rows on the
 * labeled set and the selection. Results: {@code results/table3/<profile>/}.
 */
public final class Table3Runner implements Runner {

    @Override
    public String name() {
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
    public Set<String> options() {
        // ImageNet and the pool, or (cpu profile) Fashion-MNIST for the written tree; never CIFAR-10 or SVHN
        Set<String> read = new HashSet<>(Set.of("steps", "methods", "stop-after", "allow-cpu", "stage", "top-k", "budget.*",
                Table3Data.POOL_PROPERTY, DatasetLocator.IMAGENET_PROPERTY, DatasetLocator.FASHION_MNIST_PROPERTY,
                DatasetLocator.CACHE_PROPERTY, DatasetLocator.OFFLINE_PROPERTY, DatasetLocator.VERIFY_PROPERTY));
        read.addAll(ExecutorOptions.OPTIONS);
        return Set.copyOf(read);
    }

    @Override
    public void run(RunOptions o) throws Exception {
        String stage = stage(o);
        switch (stage) {
            case "filter" -> filter(o);
            case "train" -> {
                Table3Plan plan = Table3Plan.create(o);
                plan.requireGpuForPaper();
                LocalExecutor.sequential(plan, o);
            }
            default -> throw new AssertionError(stage);
        }
    }

    /**
     * {@code -Dstage}, checked with the options only one stage reads: {@code -Dtop-k} is the filtering
     * stage's, {@code -Dmethods} training's (the filtering stage trains the Supervised scorer alone).
     */
    private static String stage(RunOptions o) {
        String stage = o.option("stage").orElse("train");
        if (!stage.equals("filter") && !stage.equals("train")) {
            throw new ConfigException("-Dstage", "'" + stage + "' is not a stage of Table 3: filter, train");
        }
        if (stage.equals("train") && o.option("top-k").isPresent()) {
            throw new ConfigException("-Dtop-k", "is read by the filtering stage only: add -Dstage=filter");
        }
        if (stage.equals("filter") && o.methods().isPresent()) {
            throw new ConfigException("-Dmethods", "the filtering stage trains the Supervised scorer only; -Dmethods is "
                    + "for training (-Dstage=train)");
        }
        return stage;
    }

    @Override
    public Optional<Plan> plan(RunOptions o, boolean fetch) {
        if (!stage(o).equals("train")) {
            throw new ConfigException("-Dstage", "the filtering stage runs in one process (-Dexecutor=local, no -Dparallel)");
        }
        Table3Plan plan = Table3Plan.create(o);
        if (fetch) {
            plan.requireGpuForPaper();
        }
        return Optional.of(plan);
    }

    @Override
    public void report(RunOptions o, List<String> notes) throws IOException {
        Path out = resultsDir(o);
        if (!Files.isDirectory(out)) {
            throw new ConfigException("-Dreport-only", out + " does not exist: nothing to report for this profile");
        }
        Table3Plan plan = Table3Plan.create(o);
        render(o, out, plan.budget(), plan.seeds(), null, notes);
        System.out.println("re-rendered " + out.resolve("table.md"));
    }

    /** {@code results/table3/<profile>}, with {@code -steps<N>} and {@code -custom-<hash>} as Table 2's. */
    static Path resultsDir(RunOptions o) {
        return o.resultsDir("table3").resolveSibling(o.profile().id() + o.steps().map(s -> "-steps" + s).orElse("")
                + (o.overrides().isEmpty() ? "" : "-custom-" + ProvenanceProbe.hash(o.overrides().toString()).substring(0, 8)));
    }

    /** The filtering stage: the scorer's run (trained here when missing), then scoring and selection. */
    private static void filter(RunOptions o) throws Exception {
        Table3Plan scorer = Table3Plan.scorer(o);
        scorer.requireGpuForPaper();
        // the pool is checked before hours of training, not after
        Table3Data.Located l = scorer.located();
        Budget b = scorer.budget();
        ImageNetFolder train = scorer.train();
        ImagePool pool = ImagePool.scan(l.pool(), train.classes(), b.imageSize());
        LocalExecutor.sequential(scorer, o);
        Path model = scorer.scorerModel();
        if (!Files.isRegularFile(model)) {
            throw new ConfigException("-Dstage", "the scorer " + scorer.scorerKey() + " has no saved model (" + model
                    + "): it did not finish; see its result.json");
        }
        int topK = o.option("top-k").map(t -> {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new ConfigException("-Dtop-k", "'" + t + "' is not an integer");
            }
        }).orElse(Table3Budgets.topK(o.profile()));
        PoolFilter f = new PoolFilter(resultsDir(o).resolve("filter"), topK, 64);
        System.out.printf(Locale.ROOT, "filtering %,d pool images of %s with %s: top %,d per class%n", pool.size(), l.pool(),
                scorer.scorerKey(), topK);
        StopSignal stop = StopSignal.onTermination(LocalExecutor.STOP_GRACE);
        stop.enter();
        try (NDManager base = NDManager.newBaseManager();
                Network net = new MethodFactory(b, Table3Row.SUPERVISED.method(), scorer.seeds().get(0), train.classes(), 3)
                        .network(base)) {
            AtomicFiles.read(model, in -> net.load(new DataInputStream(in)));
            long[] last = {0};
            PoolFilter.Summary s = f.run(net, scorer.scorerKey(), pool, scorer.val(), Normalization.IMAGENET, train.classNames(), base,
                    stop::requested, m -> {
                        if (o.progress() && System.nanoTime() - last[0] > 10_000_000_000L) {
                            last[0] = System.nanoTime();
                            System.out.println("  " + m);
                        }
                    });
            if (s == null) {
                System.out.println("stopped; the scores so far are kept: run -Dstage=filter again to continue");
                return;
            }
            System.out.printf(Locale.ROOT, "kept %,d of %,d pool images (%d classes, %d–%d each); %d unreadable, %d equal to a "
                    + "validation image; %.1f images/s scored; manifest %s%n", s.kept(), s.poolImages(), s.classesKept(),
                    s.minKeptPerClass(), s.maxKeptPerClass(), s.unreadable(), s.duplicatesOfValidation(), s.imagesPerSecond(),
                    f.manifest());
        } finally {
            stop.exit();
        }
        render(o, resultsDir(o), scorer.budget(), scorer.seeds(), l, List.of());
    }

    /** runs.csv, curves.csv, table.md and figures from what is on disk under {@code out}. */
    static void render(RunOptions o, Path out, Budget budget, List<Long> seeds, Table3Data.Located located,
            List<String> notes) throws IOException {
        List<ResultRow> rows = Files.isDirectory(out.resolve("runs")) ? Table2Results.collect(out) : List.of();
        List<CurvePoint> curves = Files.isDirectory(out.resolve("runs")) ? Table2Results.curves(out) : List.of();
        ResultsCsv.write(out.resolve("runs.csv"), rows);
        CurvesCsv.write(out.resolve("curves.csv"), curves);
        Map<String, String> labels = new LinkedHashMap<>();
        for (Table3Row r : Table3Row.values()) {
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
        for (Table3Row r : Table3Row.values()) {
            RowSpec top1 = RowSpec.ours(r.title(), r.method().method(), r.method().variant(), "acc_test", "final",
                    imagenet ? r.paperRow() : null);
            specs.add(top1);
            specs.add(top1.on(r.title() + ", top-5", "acc_test_top5", PaperReference.TOP5));
        }
        md.append(ComparisonTable.markdown(specs, List.of(new ColumnSpec("imagenet", imagenet ? "ImageNet" : dataset)), rows,
                ref));
        md.append("\nOurs: the final model (MPL: after finetuning), top-1 and top-5 on the test images (ImageNet's "
                + "validation set); the paper's MPL row was selected on the 25,000 held-out images.\n");
        List<PairedDifferences.Row> paired = Table3Row.all().stream()
                .map(r -> new PairedDifferences.Row(r.title(), r.method().method(), r.method().variant())).toList();
        md.append("\nPaired by seed (top-1, points):\n\n")
                .append(PairedDifferences.markdown(rows, "imagenet", "acc_test", paired, List.of(paired.get(0), paired.get(1))));
        if (!figures.isEmpty()) {
            md.append("\n").append(figures);
        }
        AtomicText.write(out.resolve("table.md"), md + Plan.notesSection(notes));
    }

    /** Where the runs' images came from, as their {@code config.json} says (report-only has no data at hand). */
    private static Optional<String> origin(Path out) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<Path> s = Files.walk(runs)) {
            for (Path p : s.filter(f -> f.getFileName().toString().equals("config.json")).sorted().toList()) {
                var data = com.google.gson.JsonParser.parseString(Files.readString(p)).getAsJsonObject().getAsJsonObject("data");
                if (data != null && data.has("origin")) {
                    return Optional.of(data.get("origin").getAsString());
                }
            }
        }
        return Optional.empty();
    }

    private static String filterSection(Path out) throws IOException {
        Path summary = out.resolve("filter").resolve(PoolFilter.SUMMARY);
        if (!Files.isRegularFile(summary)) {
            return "Filtering: not run yet (`-Dstage=filter`).\n\n";
        }
        var json = com.google.gson.JsonParser.parseString(Files.readString(summary)).getAsJsonObject();
        var s = json.getAsJsonObject("summary");
        return String.format(Locale.ROOT, "Filtering (`filter/manifest.csv`, SHA-256 %s…): %,d pool images scored by `%s`; "
                + "%,d unreadable and %,d equal to a test image removed; top %,d per predicted class kept: %,d images "
                + "(%d classes, %d–%d each). Scoring ran at %.1f images/s.%n%n",
                s.get("manifest").getAsString().substring(0, 12), s.get("poolImages").getAsInt(), s.get("scorer").getAsString(),
                s.get("unreadable").getAsInt(), s.get("duplicatesOfValidation").getAsInt(), s.get("topK").getAsInt(),
                s.get("kept").getAsInt(), s.get("classesKept").getAsInt(), s.get("minKeptPerClass").getAsInt(),
                s.get("maxKeptPerClass").getAsInt(), json.get("images_per_second_this_invocation").getAsDouble());
    }

    /** The paper profile's compute: FLOPs per step and per run of each row, GPU-hours at the assumed rate. */
    static String computeMarkdown(Budget b) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "**Compute of the paper's setup**, estimated from "
                + "the code as Table 2's (FLOPs from the network's definition, a training pass = 3 forwards, each row's "
                + "work per step), GPU-hours at an assumed %.0f TFLOP/s:%n%n| Row | TFLOP per step | EFLOP per run | "
                + "GPU-hours per run |%n|---|---:|---:|---:|%n", ComputeEstimate.ASSUMED_GPU_FLOPS / 1e12));
        for (Table3Row r : Table3Row.values()) {
            double[] f = ComputeEstimate.stepAndRunFlops(b, r.method(), 1000, 3);
            sb.append(String.format(Locale.ROOT, "| %s | %,.1f | %,.1f | %,.0f |%n", r.id(), f[0] / 1e12, f[1] / 1e18,
                    ComputeEstimate.gpuHours(f[1])));
        }
        return sb.toString();
    }

    /** One sentence for the refusal to start the paper profile on a CPU. */
    static String computeSummary(Budget b, List<Table3Row> rows) {
        double total = 0;
        for (Table3Row r : rows) {
            total += ComputeEstimate.stepAndRunFlops(b, r.method(), 1000, 3)[1];
        }
        return String.format(Locale.ROOT, "%d runs, %,.0f EFLOP (about %,.0f GPU-hours at an assumed %.0f TFLOP/s)",
                rows.size(), total / 1e18, ComputeEstimate.gpuHours(total), ComputeEstimate.ASSUMED_GPU_FLOPS / 1e12);
    }
}
