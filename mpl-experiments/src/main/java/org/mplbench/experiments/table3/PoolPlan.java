package org.mplbench.experiments.table3;

import ai.djl.ndarray.NDManager;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
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
import org.mplbench.data.ImageSet;
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
import org.mplbench.io.AtomicFiles;
import org.mplbench.mpl.LargeTeacherOutputs;
import org.mplbench.nn.Network;

/**
 * A {@link PoolTable} as runs: for each seed, its rows ({@code runs/imagenet/<row>/seed<k>/}). The labeled
 * set is ImageNet's training images less a class-balanced hold-out; the rows that use the pool also train
 * on the images the filtering stage selected ({@code filter/manifest.csv}), whose scorer is the Supervised
 * row's model of the first seed — so that run comes first and saves its model. Reduced MPL reads that
 * model's outputs on every training image, computed once into {@code large-teacher/}.
 */
public final class PoolPlan implements Plan {

    /** The run whose final model scores the pool. */
    static final String FINAL_MODEL = "final-model.params";

    record Run(PoolRow row, long seed) {
        String key() {
            return "imagenet/" + row.id() + "/seed" + seed;
        }
    }

    static final long SPLIT_SEED = 1;

    private final PoolTable table;
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

    private PoolPlan(PoolTable table, RunOptions o, List<PoolRow> rows) {
        this.table = table;
        this.options = o;
        Budget b = table.budget(o.profile());
        this.budget = o.steps().map(b::withSteps).orElse(b).withOverrides(o.overrides());
        this.out = PoolTableRunner.resultsDir(table, o);
        this.seeds = o.seeds().orElse(table.seeds(o.profile()));
        for (long seed : seeds) {
            for (PoolRow r : rows) {
                runs.add(new Run(r, seed));
            }
        }
    }

    /** The table's runs ({@code -Dmethods}, or every row). */
    static PoolPlan create(PoolTable table, RunOptions o) {
        return new PoolPlan(table, o, rows(table, o));
    }

    /** The Supervised run of the first seed alone: the filtering stage's scorer. */
    static PoolPlan scorer(PoolTable table, RunOptions o) {
        PoolPlan p = new PoolPlan(table, o, List.of(table.scorer()));
        p.runs.subList(1, p.runs.size()).clear();
        return p;
    }

    static List<PoolRow> rows(PoolTable table, RunOptions o) {
        return o.methods().map(l -> l.stream().map(table::row).toList()).orElse(table.rows());
    }

    Budget budget() {
        return budget;
    }

    List<Long> seeds() {
        return seeds;
    }

    /** The scorer's run directory and its saved model. */
    Path scorerModel() {
        return runDir(new Run(table.scorer(), seeds.get(0))).path().resolve(FINAL_MODEL);
    }

    String scorerKey() {
        return new Run(table.scorer(), seeds.get(0)).key();
    }

    @Override
    public String table() {
        return table.table();
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
        var spec = table.split(options.profile());
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
            throw new ConfigException("-Dstage", "the rows with unlabeled data train on the filtered pool, and " + manifest
                    + " does not exist: run -Dtable=" + table.table() + " -Dstage=filter first (with the same -Dprofile and "
                    + "data options)");
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
        d.put("classes", train.classes());
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
        if (run.row().needsLargeTeacher()) {
            Path outputs = largeTeacherOutputs(data.train(), train.classes(), ctx);
            factory.withLargeTeacherOutputs(outputs);
            d.put("large_teacher", scorerKey());
            d.put("large_teacher_outputs", out.relativize(outputs).toString());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("row", run.row().id());
        config.put("data", d);
        if (factory.mplConfig() != null) {
            config.put("mpl", factory.mplConfig());
        }
        config.put("budget", budget);
        config.put("pipeline_threads", threads);
        RunSpec spec = new RunSpec(table.table(), "imagenet", located().dataset(), located().source(), run.row().method().method(),
                run.row().method().variant(), run.seed(), split.splitSeed(), options.profile().id(),
                probe.engine().engine() + " " + probe.engine().version(), config);
        String hash = spec.configHash();
        RunDir dir = runDir(run);
        dir.writeConfig(spec.toJson());
        Table2Run t = new Table2Run(spec.id(), dir, factory, budget, data, val, "acc_test", true, runSplit, threads, hash);
        if (run.row() == table.scorer()) {
            t.saveFinalModelTo(dir.path().resolve(FINAL_MODEL));
        }
        RunResult r = t.execute(options.stopAfter().orElse(Long.MAX_VALUE), ctx.stop(), probe.forConfig(hash), ctx.steps(),
                msg -> ctx.message().accept(run.row().id() + " s" + run.seed() + ": " + msg));
        return dir.state(r, this::describe);
    }

    /**
     * The large teacher's outputs on every image of {@code images} (labeled set and pool), computed once from
     * the scorer's model ({@code large-teacher/<scorer>.outputs}, resumable, one writer at a time).
     */
    private Path largeTeacherOutputs(ImageSet images, int classes, Context ctx) throws IOException {
        Path model = scorerModel();
        if (!Files.isRegularFile(model)) {
            throw new ConfigException("-Dmethods", "Reduced MPL's large teacher is " + scorerKey() + ", whose model " + model
                    + " does not exist: run that row first (it is the first run of the first seed)");
        }
        Path file = out.resolve("large-teacher").resolve(scorerKey().replace('/', '-') + ".outputs");
        Files.createDirectories(file.getParent());
        try (FileChannel lockFile = FileChannel.open(file.resolveSibling(file.getFileName() + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (!LargeTeacherOutputs.isComplete(file, images.size(), classes)) {
                computeLargeTeacherOutputs(model, images, classes, file, ctx); // once, by the first run that needs it
            }
        }
        return file;
    }

    private void computeLargeTeacherOutputs(Path model, ImageSet images, int classes, Path file, Context ctx)
            throws IOException {
        try (NDManager base = NDManager.newBaseManager();
                Network net = new MethodFactory(budget, table.scorer().method(), seeds.get(0), classes, 3).network(base)) {
            AtomicFiles.read(model, in -> net.load(new DataInputStream(in)));
            long done = LargeTeacherOutputs.compute(net, images, Normalization.IMAGENET, classes, 64, file, base,
                    rows -> ctx.message().accept("large teacher's outputs: " + rows + " of " + images.size() + " images"));
            ctx.message().accept("stored the large teacher's outputs on " + done + " images in " + file);
        }
    }

    @Override
    public void render(List<String> notes) throws IOException {
        table.render(options, out, budget, seeds, located == null ? null : located, notes);
    }

    /** The paper profile starts only where the table allows it ({@link PoolTable#checkPaperProfile}). */
    void checkPaperProfile() {
        if (options.profile() == Profile.PAPER) {
            table.checkPaperProfile(options, budget, runs.stream().map(Run::row).distinct().toList());
        }
    }
}
