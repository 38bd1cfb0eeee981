package org.mplbench.experiments.table2;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.mplbench.config.ConfigException;
import org.mplbench.data.ConcatImages;
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SplitSpec;
import org.mplbench.data.SslSplit;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.Progress;
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
import org.mplbench.reports.PairedDifferences;
import org.mplbench.reports.PaperReference;
import org.mplbench.reports.Provenance;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.RunId;
import org.mplbench.reports.Table2Report;

/**
 * {@code -Dtable=2}: the paper's Table 2 — Supervised, Pseudo Labels, UDA and MPL (plus three MPL
 * ablations) on CIFAR-10-4K, SVHN-1K (WRN-28-2) and ImageNet-10% (ResNet-50), over seeds.
 *
 * <p>Each run lives in {@code runs/<cell>/<row>/seed<k>/} under the profile's results directory; a
 * finished run is skipped, an interrupted one resumes from its checkpoint. {@code runs.csv} and
 * {@code table.md} are rebuilt from every finished run in the directory.
 */
public final class Table2Runner implements Runner {

    /** Seed of the synthetic images and of the labeled/unlabeled draw (separate from training seeds). */
    static final long DATA_SEED = 1;
    static final long SPLIT_SEED = 1;

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
        return Set.of("steps", "data", "cells", "methods", "stop-after", "evaluate", "budget.*", "data.*");
    }

    @Override
    public String description() {
        return "Table 2: Supervised, Pseudo Labels, UDA, MPL (+ ablations) on CIFAR-10-4K, SVHN-1K, ImageNet-10%";
    }

    @Override
    public void run(RunOptions o) throws Exception {
        DatasetLocator locator = DatasetLocator.fromSystemProperties(o.progress() ? downloadReport() : n -> {});
        DataSource source = o.data().orElse(defaultSource(o.profile(), locator));
        List<Table2Cell> cells = o.cells().map(l -> l.stream().map(Table2Cell::of).toList())
                .orElse(defaultCells(o.profile(), source, locator));
        Map<String, VisionData> loaded = new LinkedHashMap<>();
        if (source == DataSource.REAL && o.data().isEmpty() && cells.stream().anyMatch(Budget::fashion)
                && !locator.present("fashion-mnist")) {
            // the cpu/quick default: real images when they can be had, and the stand-in only when not
            try {
                System.out.println("Fashion-MNIST: not installed; downloading into " + locator.fashionMnistOrigin());
                loaded.put("fashion-mnist", locator.fashionMnist());
            } catch (IOException e) {
                if (o.cells().isPresent()) {
                    throw e; // cells asked for by name are never swapped for the stand-in's
                }
                System.out.println(SYNTHETIC_BANNER + "\n(Fashion-MNIST could not be had: " + e.getMessage() + ")");
                source = DataSource.SYNTHETIC;
                cells = defaultCells(o.profile(), source, locator);
            }
        }
        if (source == DataSource.SYNTHETIC && o.data().isEmpty()) {
            System.out.println(SYNTHETIC_BANNER);
        }
        List<Table2Method> methods = o.methods().map(l -> l.stream().map(Table2Method::of).toList())
                .orElse(defaultMethods(o.profile()));
        List<Long> seeds = o.seeds().orElse(defaultSeeds(o.profile()));
        Path out = resultsDir(o, source);
        int threads = Runtime.getRuntime().availableProcessors();
        ProvenanceProbe probe = ProvenanceProbe.of(o.root());
        String engine = probe.engine().engine() + " " + probe.engine().version();
        long stopAt = o.stopAfter().orElse(Long.MAX_VALUE);

        Map<Table2Cell, Budget> budgets = new LinkedHashMap<>();
        long totalSteps = 0;
        for (Table2Cell cell : cells) {
            Budget b = Budget.of(o.profile(), cell);
            b = o.steps().map(b::withSteps).orElse(b).withOverrides(o.overrides());
            budgets.put(cell, b);
            for (Table2Method m : methods) {
                totalSteps += new MethodFactory(b, m, 0, 10, 1).totalSteps() * seeds.size();
            }
        }
        List<String> failures = new ArrayList<>();
        int stopped = 0;
        try (Progress progress = Progress.start("table 2 (" + o.profile().id() + ")", totalSteps, o.progress())) {
            for (Table2Cell cell : cells) {
                Budget budget = budgets.get(cell);
                String dataKey = source == DataSource.SYNTHETIC ? "synthetic" : cell.dataset();
                VisionData data = loaded.get(dataKey);
                if (data == null) {
                    progress.message("loading " + dataKey);
                    data = load(cell, source, budget, locator);
                    loaded.put(dataKey, data);
                }
                System.out.println(cell.id() + ": " + describeData(cell, data, locator));
                checkImageSize(cell, data, budget);
                SslSplit split = split(cell, data, budget, o.profile(), out);
                // seed-major: the first seed of every row finishes first, so a partial run already
                // compares all rows
                for (long seed : seeds) {
                    for (Table2Method m : methods) {
                        RunDir dir = new RunDir(out.resolve("runs").resolve(cell.id()).resolve(m.id()).resolve("seed" + seed));
                        MethodFactory factory = new MethodFactory(budget, m, seed, data.train().classes(),
                                data.train().channels());
                        Optional<RunResult> done = dir.result();
                        if (done.isPresent()) {
                            progress.step(factory.totalSteps());
                            if (!done.get().ok()) {
                                failures.add(dir.path() + ": " + done.get().message());
                            }
                            continue;
                        }
                        RunSpec spec = new RunSpec("2", cell.id(), data.dataset(), data.source(), m.method(), m.variant(),
                                seed, SPLIT_SEED, o.profile().id(), engine,
                                resolved(m, budget, data, split, threads, locator.verifies()));
                        RunId id = spec.id();
                        String hash = spec.configHash();
                        dir.writeConfig(spec.toJson());
                        progress.message(cell.id() + " " + m.id() + " seed " + seed);
                        Provenance prov = probe.forConfig(hash);
                        Table2Run run = new Table2Run(id, dir, factory, budget, data, evaluationSet(o, data, split),
                                metric(o), split, threads, hash);
                        RunResult r = run.execute(stopAt, prov, progress::step,
                                msg -> progress.message(cell.id() + " " + m.id() + " s" + seed + ": " + msg));
                        if (r == null) {
                            stopped++;
                        } else if (!r.ok()) {
                            failures.add(dir.path() + ": " + r.message());
                            System.err.println("FAILED " + dir.path() + ": " + r.message());
                        } else {
                            System.out.printf(Locale.ROOT, "%s %s seed %d: %s %.2f %% (%.0f ms/step)%n",
                                    cell.id(), m.id(), seed, metric(o), 100 * r.metrics().get(metric(o)), r.msPerStep());
                        }
                    }
                }
            }
        }
        render(o, out, source, budgets, seeds);
        System.out.println("wrote " + out.resolve("runs.csv") + " and table.md" + (stopped > 0 ? "; " + stopped
                + " runs stopped at -Dstop-after=" + stopAt + " (rerun to resume)" : ""));
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " run(s) failed (rows marked failed in runs.csv):\n  "
                    + String.join("\n  ", failures));
        }
    }

    /** Re-renders runs.csv, curves.csv, table.md, table.csv and the figures from the run directories. */
    @Override
    public void report(RunOptions o) throws IOException {
        Path out = resultsDir(o, o.data().orElse(o.profile() == Profile.SMOKE ? DataSource.SYNTHETIC : DataSource.REAL));
        if (!Files.isDirectory(out.resolve("runs"))) {
            throw new ConfigException("-Dreport-only", out.resolve("runs") + " does not exist: nothing to "
                    + "report for this profile and budget (check -Dprofile, -Dsteps, -Dbudget.*)");
        }
        List<ResultRow> rows = collect(out);
        Map<Table2Cell, Budget> budgets = new LinkedHashMap<>();
        for (Table2Cell cell : Table2Cell.values()) {
            if (rows.stream().anyMatch(r -> r.run().cell().equals(cell.id()))) {
                Budget b = Budget.of(o.profile(), cell);
                budgets.put(cell, o.steps().map(b::withSteps).orElse(b).withOverrides(o.overrides()));
            }
        }
        DataSource source = rows.stream().allMatch(r -> r.run().dataSource().equals("synthetic"))
                ? DataSource.SYNTHETIC : DataSource.REAL;
        render(o, out, source, budgets, o.seeds().orElse(defaultSeeds(o.profile())));
        System.out.println("re-rendered " + out.resolve("table.md") + " from " + rows.size() + " result rows");
    }

    /** runs.csv, curves.csv, table.md, table.csv and figures, all from what is on disk under {@code out}. */
    private static void render(RunOptions o, Path out, DataSource source, Map<Table2Cell, Budget> budgets, List<Long> seeds)
            throws IOException {
        List<ResultRow> rows = collect(out);
        List<CurvePoint> curves = curves(out);
        ResultsCsv.write(out.resolve("runs.csv"), rows);
        CurvesCsv.write(out.resolve("curves.csv"), curves);
        List<ColumnSpec> columns = columns(budgets, rows);
        StringBuilder figures = new StringBuilder();
        for (ColumnSpec c : columns) {
            Map<String, String> labels = new LinkedHashMap<>();
            for (Table2Method m : Table2Method.values()) {
                labels.put(c.cell() + "/" + m.id(), m.title());
            }
            String f = ReportPlots.write(out, c.cell() + "-", "Table 2, " + c.title() + " (" + o.profile().id() + ")",
                    curves, labels);
            if (!f.isEmpty()) {
                figures.append("\n").append(c.title()).append(":\n\n").append(f);
            }
        }
        PaperReference ref = PaperReference.load("table2");
        List<RowSpec> all = new ArrayList<>(paperRows());
        all.addAll(furtherRows());
        AtomicText.write(out.resolve("table.csv"), ComparisonTable.csv(all, columns, rows, ref));
        AtomicText.write(out.resolve("table.md"), markdown(o, source, budgets, rows, seeds, columns, ref, figures.toString()));
    }

    /** Training curves of every run: test accuracy at each evaluation, losses as logged. */
    static List<CurvePoint> curves(Path out) throws IOException {
        List<CurvePoint> points = new ArrayList<>();
        for (Path f : runFiles(out, "metrics.jsonl")) {
            Path seedDir = f.getParent();
            String row = seedDir.getParent().getFileName().toString();
            String cell = seedDir.getParent().getParent().getFileName().toString();
            long seed = Long.parseLong(seedDir.getFileName().toString().replace("seed", ""));
            String series = cell + "/" + row;
            RunDir run = new RunDir(seedDir);
            List<JsonObject> trainLog = run.trainLog();
            for (JsonObject line : run.metrics()) {
                String key = line.has("acc_test") ? "acc_test" : "acc_val";
                points.add(new CurvePoint(series, seed, line.get("step").getAsLong(), key, line.get(key).getAsDouble()));
            }
            // losses every few steps from train.jsonl; runs from before it existed have them per evaluation only
            for (JsonObject line : trainLog.isEmpty() ? run.metrics() : trainLog) {
                long step = line.get("step").getAsLong();
                if (line.has("train")) {
                    for (Map.Entry<String, JsonElement> e : line.getAsJsonObject("train").entrySet()) {
                        points.add(new CurvePoint(series, seed, step, e.getKey(), e.getValue().getAsDouble()));
                    }
                }
            }
        }
        return points;
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

    /** The test set, or (-Devaluate=validation) the split's held-out labeled training images. */
    private static ImageSet evaluationSet(RunOptions o, VisionData data, SslSplit split) {
        if (o.evaluate() == Evaluation.TEST) {
            return data.test();
        }
        if (split.validation().length == 0) {
            throw new ConfigException("-Devaluate", "validation needs a validation hold-out, and " + split.name()
                    + " has none");
        }
        return new org.mplbench.data.Subset(data.train(), split.validation());
    }

    /** A line for every further 5 MB of a download (Fashion-MNIST's training images are 26 MB). */
    private static java.util.function.LongConsumer downloadReport() {
        long[] shown = {-1};
        return bytes -> {
            long step = bytes / (5L << 20);
            if (step != shown[0]) {
                shown[0] = step;
                System.out.printf(Locale.ROOT, "  downloaded %.1f MB%n", bytes / 1048576.0);
            }
        };
    }

    /** Printed, and put in the table's title, whenever a run trains on the synthetic stand-in. */
    static final String SYNTHETIC_BANNER = "*** SYNTHETIC STAND-IN DATA: this table trains on synthetic-cifar, not on real "
            + "images; its accuracies say nothing about the methods on real data. Install Fashion-MNIST "
            + "(apt-get install " + org.mplbench.data.FashionMnist.DEBIAN_PACKAGE + ") or pass -Ddata.fashion-mnist=<dir>. ***";

    /**
     * Smoke: synthetic. Quick, cpu: real (Fashion-MNIST, found or downloaded; the runner falls back to
     * the synthetic stand-in, with a banner, only when it can be neither). Nightly and paper: real.
     */
    static DataSource defaultSource(Profile p, DatasetLocator locator) {
        return switch (p) {
            case SMOKE -> DataSource.SYNTHETIC;
            case QUICK, CPU -> locator.present("fashion-mnist") || !locator.offline() ? DataSource.REAL
                    : DataSource.SYNTHETIC;
            case NIGHTLY, PAPER -> DataSource.REAL;
        };
    }

    /** One line on where a cell's images come from (printed at the start of the cell). */
    private static String describeData(Table2Cell cell, VisionData data, DatasetLocator locator) {
        String where = data.synthetic() ? "synthetic stand-in (synthetic-cifar), NOT real images"
                : cell.dataset().equals("fashion-mnist") ? "Fashion-MNIST from " + locator.fashionMnistOrigin()
                        + (locator.verifies() ? ", checksums verified" : ", checksums NOT verified (-Ddata.verify=false)")
                : data.dataset() + " (real)";
        return where + "; " + data.train().size() + " training and " + data.test().size() + " test images of "
                + data.train().height() + "x" + data.train().width() + "x" + data.train().channels();
    }

    /** The network is built for the budget's side; the cell's images must have it (ImageNet is resized to it). */
    private static void checkImageSize(Table2Cell cell, VisionData data, Budget budget) {
        if (cell != Table2Cell.IMAGENET_10PCT && data.train().height() != budget.imageSize()) {
            throw new ConfigException("-Dbudget.image_size", budget.imageSize() + " does not match " + cell.id()
                    + "'s " + data.train().height() + "x" + data.train().width() + " images");
        }
    }

    /**
     * On the stand-in: CIFAR-10-4K only (for SVHN-1K it would be the same images with fewer labels).
     * Smoke: CIFAR-10-4K. Quick, nightly: Fashion-MNIST-1K. Cpu: Fashion-MNIST-1K, plus CIFAR-10-4K and
     * SVHN-1K when their files are present. Paper: the paper's three.
     */
    static List<Table2Cell> defaultCells(Profile p, DataSource source, DatasetLocator locator) {
        if (source == DataSource.SYNTHETIC) {
            return List.of(Table2Cell.CIFAR10_4K);
        }
        return switch (p) {
            case SMOKE -> List.of(Table2Cell.CIFAR10_4K);
            case QUICK, NIGHTLY -> List.of(Table2Cell.FASHION_MNIST_1K);
            case CPU -> {
                List<Table2Cell> cells = new ArrayList<>(List.of(Table2Cell.FASHION_MNIST_1K));
                if (locator.present("cifar10")) {
                    cells.add(Table2Cell.CIFAR10_4K);
                }
                if (locator.present("svhn")) {
                    cells.add(Table2Cell.SVHN_1K);
                }
                yield List.copyOf(cells);
            }
            case PAPER -> Table2Cell.paperCells();
        };
    }

    /** Quick: Supervised, UDA and MPL; every other profile: every row. */
    static List<Table2Method> defaultMethods(Profile p) {
        return p == Profile.QUICK ? List.of(Table2Method.SUPERVISED, Table2Method.UDA, Table2Method.MPL)
                : List.of(Table2Method.values());
    }

    static List<Long> defaultSeeds(Profile p) {
        return switch (p) {
            case SMOKE, QUICK -> List.of(0L);
            case NIGHTLY -> List.of(0L, 1L);
            case CPU -> List.of(0L, 1L, 2L);
            case PAPER -> List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        };
    }

    /**
     * The cell's data: the real data set (located or downloaded), or the synthetic stand-in, whose
     * CIFAR-10-sized train set serves both CIFAR-sized cells (SVHN-1K then has no {@code extra}).
     */
    static VisionData load(Table2Cell cell, DataSource source, Budget budget, DatasetLocator locator) throws IOException {
        if (source == DataSource.SYNTHETIC) {
            if (cell != Table2Cell.CIFAR10_4K && cell != Table2Cell.SVHN_1K) {
                throw new ConfigException("-Ddata", cell.id() + " has no synthetic stand-in (synthetic-cifar stands in "
                        + "for the CIFAR-sized cells only); use -Ddata=real");
            }
            return SyntheticCifar.generate(DATA_SEED, budget.syntheticScale());
        }
        return switch (cell) {
            case CIFAR10_4K -> locator.cifar10();
            case SVHN_1K -> locator.svhn();
            case IMAGENET_10PCT -> locator.imagenet(budget.imageSize());
            case FASHION_MNIST_1K, FASHION_MNIST_4K -> locator.fashionMnist();
        };
    }

    /** The cell's split, drawn once and kept as a label map beside the runs (reloaded and checked later). */
    static SslSplit split(Table2Cell cell, VisionData data, Budget budget, Profile profile, Path out) throws IOException {
        ImageSet images = data.extra() == null ? data.train() : new ConcatImages(data.dataset() + "-train+extra",
                List.of(data.train(), data.extra()));
        SplitSpec spec = cell.split();
        if (profile == Profile.SMOKE) {
            // the smoke budget's data sets are small (1,000 synthetic images, or the tests' tiny real files)
            spec = switch (cell) {
                case CIFAR10_4K -> spec.withLabeledPerClass(20, 10);
                case FASHION_MNIST_1K, FASHION_MNIST_4K -> spec.withLabeledPerClass(4, 2);
                default -> spec.withLabeledPerClass(10, 0);
            };
        }
        Path file = out.resolve("splits").resolve(cell.id() + "-" + data.dataset() + ".csv");
        if (Files.isRegularFile(file)) {
            return SslSplit.read(file, images);
        }
        SslSplit split = SslSplit.draw(spec, images, data.train().size(), SPLIT_SEED);
        split.write(file, images);
        return split;
    }

    /** What Table 2 resolves for a run besides its identity (the {@link RunSpec}'s config). */
    private static Map<String, Object> resolved(Table2Method m, Budget b, VisionData data, SslSplit split, int threads,
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

    /** Every file called {@code name} under {@code out/runs}, in path order. */
    private static List<Path> runFiles(Path out, String name) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(runs)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).sorted().toList();
        }
    }

    /** One row per metric of every finished run under {@code out/runs}, in a fixed order. */
    static List<ResultRow> collect(Path out) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        for (Path p : runFiles(out, "result.json")) {
            RunResult r = new RunDir(p.getParent()).result().orElseThrow();
            if (r.ok()) {
                for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
                    rows.add(new ResultRow(r.run(), e.getKey(), e.getValue(), r.steps(), r.trainSeconds(), r.msPerStep(),
                            r.provenance()));
                }
            } else {
                rows.add(new ResultRow(r.run(), ComparisonTable.FAILED, r.steps(), r.steps(), r.trainSeconds(),
                        r.msPerStep(), r.provenance()));
            }
        }
        return rows;
    }

    /** The rows of the paper's Table 2 in its order; ours beside the paper's UDA* and MPL. */
    static List<RowSpec> paperRows() {
        List<RowSpec> specs = new ArrayList<>();
        for (String r : List.of("temporal-ensemble", "mean-teacher", "vat-entmin", "lga-vat", "ict", "mixmatch", "remixmatch",
                "enaet", "fixmatch")) {
            specs.add(RowSpec.reference(r));
        }
        specs.add(ours(Table2Method.UDA, "acc_test", "final", "uda", "UDA (ours vs the paper's UDA*)"));
        for (String r : List.of("simclr", "mocov2", "pcl", "pirl", "byol")) {
            specs.add(RowSpec.reference(r));
        }
        specs.add(ours(Table2Method.MPL, "acc_test", "final", "mpl", "Meta Pseudo Labels (after finetuning)"));
        specs.add(RowSpec.reference("supervised-full"));
        return specs;
    }

    /**
     * The precursor's same-protocol baselines, the paper's teacher study, UDA's own report, the
     * best-known PyTorch reproduction (best-test protocol) and our ablations.
     */
    static List<RowSpec> furtherRows() {
        List<RowSpec> specs = new ArrayList<>();
        specs.add(ours(Table2Method.SUPERVISED_WEAK, "acc_test", "final", "supervised", null));
        specs.add(ours(Table2Method.SUPERVISED, "acc_test", "final", "supervised-randaugment", null));
        specs.add(RowSpec.reference("label-smoothing"));
        specs.add(ours(Table2Method.PSEUDO_LABELS, "acc_test", "final", "pseudo-labels", null));
        specs.add(RowSpec.reference("torchssl-pseudo-labels"));
        specs.add(RowSpec.reference("uda-own"));
        specs.add(RowSpec.reference("torchssl-uda"));
        specs.add(ours(Table2Method.MPL, "acc_test_before_finetune", "final", "mpl-before-finetune",
                "Meta Pseudo Labels before finetuning"));
        specs.add(ours(Table2Method.MPL, "acc_test_best", "best-test", "mpl-pytorch-reproduction",
                "Meta Pseudo Labels, best test accuracy during training (vs the PyTorch reproduction)"));
        specs.add(RowSpec.reference("mpl-pytorch-reproduction-before-finetune"));
        specs.add(RowSpec.reference("supervised-mpl"));
        specs.add(RowSpec.reference("randaugment-mpl"));
        for (Table2Method m : List.of(Table2Method.MPL_REFERENCE_CODE, Table2Method.MPL_SOFT, Table2Method.MPL_NO_FEEDBACK)) {
            specs.add(ours(m, "acc_test", "final", null, m.title() + " (ablation)"));
        }
        return specs;
    }

    private static RowSpec ours(Table2Method m, String metric, String protocol, String paperRow, String title) {
        return RowSpec.ours(title == null ? m.title() : title, m.method(), m.variant(), metric, protocol, paperRow);
    }

    private static List<ColumnSpec> columns(Map<Table2Cell, Budget> budgets, List<ResultRow> rows) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (Table2Cell c : Table2Cell.values()) {
            if (budgets.containsKey(c) || rows.stream().anyMatch(r -> r.run().cell().equals(c.id()))) {
                columns.add(new ColumnSpec(c.id(), c.title()));
            }
        }
        return columns;
    }

    /** The table's text is {@link Table2Report}'s; this says what the runner resolved for it. */
    private static String markdown(RunOptions o, DataSource source, Map<Table2Cell, Budget> budgets, List<ResultRow> rows,
            List<Long> seeds, List<ColumnSpec> columns, PaperReference ref, String figures) {
        String profileNote = o.profile() == Profile.QUICK
                ? ", a quick look (one seed, half the cpu budget's steps; the full table: -Dprofile=cpu)" : "";
        String titleBudget = o.steps().map(st -> ", " + st + " steps").orElse("")
                + (o.overrides().isEmpty() ? "" : ", budget overrides " + o.overrides())
                + (budgets.size() == 1 ? " (" + shortBudget(budgets.values().iterator().next()) + ")" : "");
        Map<String, String> described = new LinkedHashMap<>();
        budgets.forEach((cell, b) -> described.put(cell.id(), describe(b)));
        Table2Report.Setup setup = new Table2Report.Setup(o.profile().id(), profileNote, titleBudget,
                source == DataSource.SYNTHETIC, o.evaluate() == Evaluation.VALIDATION, metric(o), SPLIT_SEED, seeds,
                described);
        return Table2Report.markdown(setup, rows, columns, ref, paperRows(), furtherRows(), pairedRows(), figures);
    }

    /** The paired-differences rows: every row, against both Supervised rows, UDA and the h = 0 row. */
    static Table2Report.Paired pairedRows() {
        List<PairedDifferences.Row> all = new ArrayList<>();
        for (Table2Method m : Table2Method.values()) {
            all.add(new PairedDifferences.Row(m.title(), m.method(), m.variant()));
        }
        return new Table2Report.Paired(all, List.of(all.get(Table2Method.SUPERVISED.ordinal()),
                all.get(Table2Method.SUPERVISED_WEAK.ordinal()), all.get(Table2Method.UDA.ordinal()),
                all.get(Table2Method.MPL_NO_FEEDBACK.ordinal())));
    }

    static String shortBudget(Budget b) {
        return String.format(Locale.ROOT, "%s, %d steps of %d labeled + %d unlabeled images", b.network(), b.steps(),
                b.labeledBatch(), b.unlabeledBatch());
    }

    static String describe(Budget b) {
        return String.format(Locale.ROOT,
                "%s (dropout %.2g, BN decay %.3g), %d steps of %d labeled + %d unlabeled (μ %d) images, "
                        + "Nesterov %.2g, lr teacher %.3g / student %.3g, warm-up %d, student wait %d, cosine to 0, "
                        + "wd %.2g (not BN), label smoothing %.2g, EMA %.4g, UDA τ %.2g threshold %.2g weight %.3g ramp %d, "
                        + "Pseudo Labels threshold %.2g, finetune %d steps of %d at lr %.2g; eval every %d on %s test images",
                b.network(), b.dropout(), b.bnDecay(), b.steps(), b.labeledBatch(), b.unlabeledBatch(), b.mu(), b.momentum(),
                b.lrTeacher(), b.lrStudent(), b.warmupSteps(), b.studentWaitSteps(), b.weightDecay(), b.labelSmoothing(),
                b.emaDecay(), b.uda().temperature(), b.uda().threshold(), b.uda().weight(), b.uda().rampSteps(),
                b.plThreshold(), b.finetuneSteps(), b.finetuneBatch(), b.finetuneLr(), b.evalEvery(),
                b.testImages() == 0 ? "all" : Integer.toString(b.testImages()));
    }
}
