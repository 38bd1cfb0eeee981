package org.mplbench.experiments.table3;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.mplbench.config.ConfigException;
import org.mplbench.data.ConcatImages;
import org.mplbench.data.DataFormatException;
import org.mplbench.data.ImageNetFolder;
import org.mplbench.data.ImagePool;
import org.mplbench.data.Normalization;
import org.mplbench.data.SslSplit;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.ResultsLock;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.experiments.table2.Budget;
import org.mplbench.experiments.table2.MethodFactory;
import org.mplbench.experiments.table2.RunDir;
import org.mplbench.experiments.table2.RunResult;
import org.mplbench.experiments.table2.Table2Run;

/**
 * Table 3 as runs: for each seed, Supervised, UDA and MPL on ResNet-50 ({@code runs/imagenet/<row>/seed<k>/}).
 * The labeled set is ImageNet's training images less a class-balanced hold-out; UDA and MPL also train
 * on the pool the filtering stage selected ({@code filter/manifest.csv}), whose scorer is the
 * Supervised row's model of the first seed — so that run comes first and saves its model.
 */
final class Table3Plan implements Plan {

    /** The run whose final model scores the pool. */
    static final String FINAL_MODEL = "final-model.params";

    record Run(Table3Row row, long seed) {
        String key() {
            return "imagenet/" + row.id() + "/seed" + seed;
        }
    }

    static final long SPLIT_SEED = 1;

    private final RunOptions options;
    private final Budget budget;
    private final Path out;
    private final List<Run> runs = new ArrayList<>();
    private final List<Long> seeds;
    private Table3Data.Located located;
    private ImageNetFolder train;
    private ImageNetFolder val;
    private SslSplit split;
    private ImagePool pool;
    private String manifestHash;
    private ProvenanceProbe probe;

    private Table3Plan(RunOptions o, List<Table3Row> rows) {
        this.options = o;
        Budget b = Table3Budgets.of(o.profile());
        this.budget = o.steps().map(b::withSteps).orElse(b).withOverrides(o.overrides());
        this.out = Table3Runner.resultsDir(o);
        this.seeds = o.seeds().orElse(Table3Budgets.seeds(o.profile()));
        for (long seed : seeds) {
            for (Table3Row r : rows) {
                runs.add(new Run(r, seed));
            }
        }
    }

    /** The table's runs ({@code -Dmethods}, or all three rows). */
    static Table3Plan create(RunOptions o) {
        return new Table3Plan(o, rows(o));
    }

    /** The Supervised run of the first seed alone: the filtering stage's scorer. */
    static Table3Plan scorer(RunOptions o) {
        Table3Plan p = new Table3Plan(o, List.of(Table3Row.SUPERVISED));
        p.runs.subList(1, p.runs.size()).clear();
        return p;
    }

    static List<Table3Row> rows(RunOptions o) {
        return o.methods().map(l -> l.stream().map(Table3Row::of).toList()).orElse(Table3Row.all());
    }

    Budget budget() {
        return budget;
    }

    List<Long> seeds() {
        return seeds;
    }

    /** The scorer's run directory and its saved model. */
    Path scorerModel() {
        return runDir(new Run(Table3Row.SUPERVISED, seeds.get(0))).path().resolve(FINAL_MODEL);
    }

    String scorerKey() {
        return new Run(Table3Row.SUPERVISED, seeds.get(0)).key();
    }

    @Override
    public String table() {
        return "3";
    }

    @Override
    public Path resultsDir() {
        return out;
    }

    @Override
    public List<Item> runs() {
        return runs.stream().map(r -> new Item(r.key(), ResultsLock.fileOf(runDir(r).path()), steps(r))).toList();
    }

    private long steps(Run r) {
        return new MethodFactory(budget, r.row().method(), 0, 10, 3).totalSteps();
    }

    private RunDir runDir(Run r) {
        return new RunDir(out.resolve("runs").resolve("imagenet").resolve(r.row().id()).resolve("seed" + r.seed()));
    }

    /** Locates the data and checks it; UDA and MPL need the filtered pool. */
    @Override
    public void prepare() throws IOException {
        labeled();
        if (runs.stream().anyMatch(r -> r.row().usesPool())) {
            pool();
        }
    }

    Table3Data.Located located() throws IOException {
        if (located == null) {
            located = Table3Data.locate(options, out);
        }
        return located;
    }

    /** ImageNet's training folder (listed once per process). */
    ImageNetFolder train() throws IOException {
        labeled();
        return train;
    }

    /** ImageNet's validation folder: the test images. */
    ImageNetFolder val() throws IOException {
        labeled();
        return val;
    }

    /** ImageNet's training and validation folders and the labeled/held-out split (drawn once, kept beside the runs). */
    private void labeled() throws IOException {
        if (train != null) {
            return;
        }
        Table3Data.Located l = located();
        train = ImageNetFolder.open(l.train(), budget.imageSize());
        val = ImageNetFolder.open(l.val(), budget.imageSize());
        if (!val.classNames().equals(train.classNames())) {
            throw new DataFormatException(l.val().toString(), "has classes " + val.classNames() + ", train/ has "
                    + train.classNames());
        }
        var spec = Table3Budgets.split(options.profile());
        Path file = out.resolve("splits").resolve(spec.name() + ".csv");
        if (Files.isRegularFile(file)) {
            split = SslSplit.read(file, train);
            if (!split.name().equals(spec.name()) || split.splitSeed() != SPLIT_SEED) {
                throw new DataFormatException(file.toString(), "holds split " + split.name() + " (seed " + split.splitSeed()
                        + "), not " + spec.name() + " (seed " + SPLIT_SEED + "); delete it and the runs that used it");
            }
        } else {
            split = SslSplit.draw(spec, train, train.size(), SPLIT_SEED);
            split.write(file, train);
        }
    }

    /** The selected pool of the manifest. */
    private void pool() throws IOException {
        if (pool != null) {
            return;
        }
        Path manifest = out.resolve("filter").resolve(PoolFilter.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new ConfigException("-Dstage", "UDA and MPL train on the filtered pool, and " + manifest + " does not "
                    + "exist: run -Dtable=3 -Dstage=filter first (with the same -Dprofile and data options)");
        }
        PoolManifest.Selection s = PoolManifest.read(manifest, train.classes());
        pool = ImagePool.of(located().pool(), s.paths(), s.classes(), train.classes(), budget.imageSize());
        manifestHash = PoolManifest.fileHash(manifest);
    }

    @Override
    public State state(int index) throws IOException {
        return runDir(runs.get(index)).state(steps(runs.get(index)), this::describe);
    }


    private String describe(RunResult r) {
        Double top1 = r.metrics().get("acc_test");
        Double top5 = r.metrics().get("acc_test_top5");
        return top1 == null ? "" : String.format(Locale.ROOT, "top-1 %.2f %%, top-5 %.2f %% (%.0f ms/step)", 100 * top1,
                100 * (top5 == null ? Double.NaN : top5), r.msPerStep());
    }

    @Override
    public State execute(int index, Context ctx) throws Exception {
        Run run = runs.get(index);
        labeled();
        VisionData data;
        SslSplit runSplit;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("origin", located().origin());
        d.put("train_images", train.size());
        d.put("labeled", split.labeled().length);
        d.put("held_out", split.validation().length);
        d.put("test_images", val.size());
        d.put("image_side", budget.imageSize());
        if (run.row().usesPool()) {
            pool();
            data = new VisionData("imagenet+pool", new ConcatImages("imagenet-train+pool", List.of(train, pool)), null, val,
                    located().source(), Normalization.IMAGENET);
            int[] unlabeled = IntStream.range(train.size(), train.size() + pool.size()).toArray();
            runSplit = new SslSplit(split.name() + "+pool", split.splitSeed(), split.labeled(), unlabeled, split.validation());
            d.put("pool_images", pool.size());
            d.put("pool_root", pool.root().toString());
            d.put("manifest_sha256", manifestHash);
        } else {
            data = new VisionData("imagenet", train, null, val, located().source(), Normalization.IMAGENET);
            runSplit = split;
        }
        if (probe == null) {
            probe = ProvenanceProbe.of(options.root());
        }
        int threads = Runtime.getRuntime().availableProcessors();
        MethodFactory factory = new MethodFactory(budget, run.row().method(), run.seed(), train.classes(), 3);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("row", run.row().id());
        config.put("data", d);
        if (factory.mplConfig() != null) {
            config.put("mpl", factory.mplConfig());
        }
        config.put("budget", budget);
        config.put("pipeline_threads", threads);
        RunSpec spec = new RunSpec("3", "imagenet", located().dataset(), located().source(), run.row().method().method(),
                run.row().method().variant(), run.seed(), split.splitSeed(), options.profile().id(),
                probe.engine().engine() + " " + probe.engine().version(), config);
        String hash = spec.configHash();
        RunDir dir = runDir(run);
        dir.writeConfig(spec.toJson());
        Table2Run t = new Table2Run(spec.id(), dir, factory, budget, data, val, "acc_test", true, runSplit, threads, hash);
        if (run.row() == Table3Row.SUPERVISED) {
            t.saveFinalModelTo(dir.path().resolve(FINAL_MODEL));
        }
        RunResult r = t.execute(options.stopAfter().orElse(Long.MAX_VALUE), ctx.stop(), probe.forConfig(hash), ctx.steps(),
                msg -> ctx.message().accept(run.row().id() + " s" + run.seed() + ": " + msg));
        return dir.state(r, this::describe);
    }

    @Override
    public void render(List<String> notes) throws IOException {
        Table3Runner.render(options, out, budget, seeds, located == null ? null : located, notes);
    }

    /** The paper profile is sized for GPUs: on the CPU it starts only with {@code -Dallow-cpu=true}. */
    void requireGpuForPaper() {
        if (options.profile() == Profile.PAPER && options.device() == RunOptions.Device.CPU && !options.allowCpu()) {
            throw new ConfigException("-Ddevice", "the paper profile is sized for GPUs and this invocation would train "
                    + "on the CPU: " + Table3Runner.computeSummary(budget, runs.stream().map(Run::row).toList())
                    + ". Run it on GPUs (docs/executors.md), or pass -Dallow-cpu=true to start it here anyway");
        }
    }
}
