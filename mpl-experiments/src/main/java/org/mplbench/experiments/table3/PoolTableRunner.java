package org.mplbench.experiments.table3;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;
import org.mplbench.experiments.table2.Budget;
import org.mplbench.experiments.table2.ComputeEstimate;
import org.mplbench.experiments.table2.MethodFactory;
import org.mplbench.io.AtomicFiles;
import org.mplbench.nn.Network;
import org.mplbench.train.StopSignal;

/**
 * A runner of a {@link PoolTable} (Tables 3 and 4). Two stages: {@code -Dstage=filter} trains the Supervised
 * row's model of the first seed, scores the pool with it and writes the selection
 * ({@code filter/manifest.csv}); then {@code -Dstage=train} (the default) trains the rows on the labeled set
 * and the selection. Results: {@code results/<folder>/<profile>/}.
 */
public abstract class PoolTableRunner implements Runner, PoolTable {

    @Override
    public String name() {
        return table();
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
                PoolPlan plan = PoolPlan.create(this, o);
                plan.checkPaperProfile();
                LocalExecutor.sequential(plan, o);
            }
            default -> throw new AssertionError(stage);
        }
    }

    /**
     * {@code -Dstage}, checked with the options only one stage reads: {@code -Dtop-k} is the filtering
     * stage's, {@code -Dmethods} training's (the filtering stage trains the Supervised scorer alone).
     */
    private String stage(RunOptions o) {
        String stage = o.option("stage").orElse("train");
        if (!stage.equals("filter") && !stage.equals("train")) {
            throw new ConfigException("-Dstage", "'" + stage + "' is not a stage of Table " + table() + ": filter, train");
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
        PoolPlan plan = PoolPlan.create(this, o);
        if (fetch) {
            plan.checkPaperProfile();
        }
        return Optional.of(plan);
    }

    @Override
    public void report(RunOptions o, List<String> notes) throws IOException {
        Path out = resultsDir(this, o);
        if (!Files.isDirectory(out)) {
            throw new ConfigException("-Dreport-only", out + " does not exist: nothing to report for this profile");
        }
        PoolPlan plan = PoolPlan.create(this, o);
        render(o, out, plan.budget(), plan.seeds(), null, notes);
        System.out.println("re-rendered " + out.resolve("table.md"));
    }

    /** {@code results/<folder>/<profile>}, with {@code -steps<N>} and {@code -custom-<hash>} as Table 2's. */
    public static Path resultsDir(PoolTable table, RunOptions o) {
        return o.resultsDir(table.folder()).resolveSibling(o.profile().id() + o.steps().map(s -> "-steps" + s).orElse("")
                + (o.overrides().isEmpty() ? "" : "-custom-" + ProvenanceProbe.hash(o.overrides().toString()).substring(0, 8)));
    }

    /** The filtering stage: the scorer's run (trained here when missing), then scoring and selection. */
    private void filter(RunOptions o) throws Exception {
        PoolPlan scorer = PoolPlan.scorer(this, o);
        scorer.checkPaperProfile();
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
        }).orElse(topK(o.profile()));
        PoolFilter f = new PoolFilter("Table " + table(), resultsDir(this, o).resolve("filter"), topK, 64);
        System.out.printf(Locale.ROOT, "filtering %,d pool images of %s with %s: top %,d per class%n", pool.size(), l.pool(),
                scorer.scorerKey(), topK);
        StopSignal stop = StopSignal.onTermination(LocalExecutor.STOP_GRACE);
        stop.enter();
        try (NDManager base = NDManager.newBaseManager();
                Network net = new MethodFactory(b, scorer().method(), scorer.seeds().get(0), train.classes(), 3)
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
        render(o, resultsDir(this, o), scorer.budget(), scorer.seeds(), l, List.of());
    }


    /** Where the runs' images came from, as their {@code config.json} says (report-only has no data at hand). */
    protected static Optional<String> origin(Path out) throws IOException {
        return dataField(out, "origin").map(com.google.gson.JsonElement::getAsString);
    }

    /** A field of the runs' {@code data} (the first {@code config.json} that has it). */
    protected static Optional<com.google.gson.JsonElement> dataField(Path out, String field) throws IOException {
        Path runs = out.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (java.util.stream.Stream<Path> s = Files.walk(runs)) {
            for (Path p : s.filter(f -> f.getFileName().toString().equals("config.json")).sorted().toList()) {
                var data = com.google.gson.JsonParser.parseString(Files.readString(p)).getAsJsonObject().getAsJsonObject("data");
                if (data != null && data.has(field)) {
                    return Optional.of(data.get(field));
                }
            }
        }
        return Optional.empty();
    }

    protected static String filterSection(Path out) throws IOException {
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


    /** The cost of {@code rows} under {@code b} in one sentence (for refusing the paper profile). */
    protected static String computeSummary(Budget b, List<PoolRow> rows) {
        double total = 0;
        for (PoolRow r : rows) {
            total += ComputeEstimate.stepAndRunFlops(b, r.method(), 1000, 3)[1];
        }
        return String.format(Locale.ROOT, "%d runs, %,.0f EFLOP (about %,.0f GPU-hours at an assumed %.0f TFLOP/s)",
                rows.size(), total / 1e18, ComputeEstimate.gpuHours(total), ComputeEstimate.ASSUMED_GPU_FLOPS / 1e12);
    }
}
