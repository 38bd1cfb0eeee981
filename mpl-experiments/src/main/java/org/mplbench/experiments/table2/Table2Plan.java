package org.mplbench.experiments.table2;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.SslSplit;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.ResultsLock;
import org.mplbench.experiments.run.RunOptions.DataSource;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;

/**
 * Table 2 as runs: for each cell, seed-major (the first seed of every row finishes first, so a
 * partial table already compares all rows), one run per (row, seed) in {@code runs/<cell>/<row>/seed<k>/}.
 * A cell's images and split are loaded when its first run executes in this process.
 */
final class Table2Plan implements Plan {

    /** One planned run. */
    record Run(Table2Cell cell, Table2Method method, long seed) {
        String key() {
            return cell.id() + "/" + method.id() + "/seed" + seed;
        }
    }

    private final RunOptions options;
    private final DatasetLocator locator;
    private final DataSource source;
    private final boolean sourceResolved;
    private final List<Table2Cell> cells;
    private final Map<Table2Cell, Budget> budgets;
    private final List<Long> seeds;
    private final List<Table2Method> methods;
    private final List<Run> runs = new ArrayList<>();
    private final Path out;
    private final Map<String, VisionData> loaded;
    /** Drawn splits by cell and split seed. */
    private final Map<String, SslSplit> splits = new LinkedHashMap<>();
    /** Cells whose data this process has described and checked. */
    private final java.util.Set<Table2Cell> described = java.util.EnumSet.noneOf(Table2Cell.class);
    private ProvenanceProbe probe;

    private Table2Plan(RunOptions o, DatasetLocator locator, DataSource source, boolean sourceResolved,
            List<Table2Cell> cells, Map<String, VisionData> loaded) {
        this.options = o;
        this.locator = locator;
        this.source = source;
        this.sourceResolved = sourceResolved;
        this.cells = cells;
        this.loaded = loaded;
        this.methods = Table2Runner.methods(o);
        this.seeds = o.seeds().orElse(Table2Runner.defaultSeeds(o.profile()));
        this.out = Table2Runner.resultsDir(o, source);
        this.budgets = new LinkedHashMap<>();
        for (Table2Cell cell : cells) {
            Budget b = Budget.of(o.profile(), cell);
            budgets.put(cell, o.steps().map(b::withSteps).orElse(b).withOverrides(o.overrides()));
            for (long seed : Table2Runner.seeds(o, cell)) {
                for (Table2Method m : methods) {
                    runs.add(new Run(cell, m, seed));
                }
            }
        }
    }

    /**
     * The plan of {@code o}. With {@code fetch}, Fashion-MNIST is downloaded when a default cell
     * needs it and it is not installed, and the stand-in replaces it when it cannot be had (what a
     * run does); without, nothing is fetched (status, report).
     */
    static Table2Plan create(RunOptions o, boolean fetch) throws IOException {
        DatasetLocator locator = DatasetLocator.fromSystemProperties(
                fetch && o.progress() ? Table2Data.downloadReport() : n -> {});
        DataSource source = o.data().orElse(Table2Data.defaultSource(o.profile(), locator));
        List<Table2Cell> cells = o.cells().map(l -> l.stream().map(Table2Cell::of).toList())
                .orElse(Table2Data.defaultCells(o.profile(), source, locator));
        Map<String, VisionData> loaded = new LinkedHashMap<>();
        if (fetch && source == DataSource.REAL && o.data().isEmpty() && cells.stream().anyMatch(Table2Cell::fashionMnist)
                && !locator.present("fashion-mnist")) {
            // the cpu/quick default: real images when they can be had, and the stand-in only when not
            try {
                System.out.println("Fashion-MNIST: not installed; downloading into " + locator.fashionMnistOrigin());
                loaded.put("fashion-mnist", locator.fashionMnist());
            } catch (IOException e) {
                if (o.cells().isPresent()) {
                    throw e; // cells asked for by name are never swapped for the stand-in's
                }
                System.out.println(Table2Data.SYNTHETIC_BANNER + "\n(Fashion-MNIST could not be had: " + e.getMessage() + ")");
                source = DataSource.SYNTHETIC;
                cells = Table2Data.defaultCells(o.profile(), source, locator);
            }
        }
        if (fetch && source == DataSource.SYNTHETIC && o.data().isEmpty()) {
            System.out.println(Table2Data.SYNTHETIC_BANNER);
        }
        Table2Plan plan = new Table2Plan(o, locator, source, fetch, List.copyOf(cells), loaded);
        if (fetch) {
            plan.requireGpuForPaper();
        }
        return plan;
    }

    /**
     * The paper profile is sized for GPUs: on the CPU it starts only with {@code -Dallow-cpu=true},
     * and the refusal says what the table would cost.
     */
    private void requireGpuForPaper() {
        if (options.profile() != org.mplbench.experiments.run.Profile.PAPER
                || options.device() != org.mplbench.experiments.run.RunOptions.Device.CPU || options.allowCpu()) {
            return;
        }
        ComputeEstimate c = ComputeEstimate.of(budgets, methods, cell -> Table2Runner.seeds(options, cell).size());
        throw new org.mplbench.config.ConfigException("-Ddevice", "the paper profile is sized for GPUs and this "
                + "invocation would train on the CPU: " + c.summary() + ". Run it on a GPU (-Ddevice=gpu with "
                + "-Dengine=pytorch -Dgpu, or -Dexecutor=slurm -Ddevice=gpu; docs/executors.md), or pass "
                + "-Dallow-cpu=true to start it here anyway");
    }

    @Override
    public String table() {
        return "2";
    }

    @Override
    public Path resultsDir() {
        return out;
    }

    @Override
    public List<Item> runs() {
        return runs.stream().map(r -> new Item(r.key(), ResultsLock.fileOf(runDir(r).path()), totalSteps(r))).toList();
    }

    @Override
    public Map<String, String> pinnedOptions() {
        if (!sourceResolved) {
            return Map.of();
        }
        return Map.of("data", source.name().toLowerCase(Locale.ROOT),
                "cells", String.join(",", cells.stream().map(Table2Cell::id).toList()));
    }

    private RunDir runDir(Run r) {
        return new RunDir(out.resolve("runs").resolve(r.cell().id()).resolve(r.method().id()).resolve("seed" + r.seed()));
    }

    private long totalSteps(Run r) {
        // the step count does not depend on the data's classes or channels
        return new MethodFactory(budgets.get(r.cell()), r.method(), 0, 10, 1).totalSteps();
    }

    /** Loads (and so checks) every cell's images before any run directory exists. */
    @Override
    public void prepare() throws IOException {
        Context quiet = new Context(n -> {}, m -> {}, System.out::println, null);
        for (Table2Cell cell : cells) {
            Table2Data.checkImageSize(cell, data(cell, quiet), budgets.get(cell));
        }
    }

    @Override
    public State state(int index) throws IOException {
        return runDir(runs.get(index)).state(totalSteps(runs.get(index)), this::describe);
    }


    private String describe(RunResult r) {
        String metric = Table2Runner.metric(options);
        Double v = r.metrics().get(metric);
        return v == null ? "" : String.format(Locale.ROOT, "%s %.2f %% (%.0f ms/step)", metric, 100 * v, r.msPerStep());
    }

    @Override
    public State execute(int index, Context ctx) throws Exception {
        Run run = runs.get(index);
        Table2Cell cell = run.cell();
        Budget budget = budgets.get(cell);
        VisionData data = data(cell, ctx);
        long splitSeed = Table2Data.splitSeed(budget, run.seed());
        String splitKey = cell.id() + "/" + splitSeed;
        SslSplit split = splits.get(splitKey);
        if (split == null) {
            if (described.add(cell)) {
                ctx.println().accept(cell.id() + ": " + Table2Data.describeData(cell, data, locator));
                Table2Data.checkImageSize(cell, data, budget);
            }
            split = Table2Data.split(cell, data, budget, options.profile(), out, splitSeed);
            splits.put(splitKey, split);
        }
        if (probe == null) {
            probe = ProvenanceProbe.of(options.root());
        }
        int threads = Runtime.getRuntime().availableProcessors();
        RunDir dir = runDir(run);
        Table2Method m = run.method();
        MethodFactory factory = new MethodFactory(budget, m, run.seed(), data.train().classes(), data.train().channels());
        RunSpec spec = new RunSpec("2", cell.id(), data.dataset(), data.source(), m.method(), m.variant(), run.seed(),
                splitSeed, options.profile().id(), probe.engine().engine() + " " + probe.engine().version(),
                Table2Runner.resolved(m, budget, data, split, threads, locator.verifies()));
        String hash = spec.configHash();
        dir.writeConfig(spec.toJson());
        Table2Run t = new Table2Run(spec.id(), dir, factory, budget, data, Table2Data.evaluationSet(options, data, split),
                Table2Runner.metric(options), cell.reportsTop5(), split, threads, hash);
        RunResult r = t.execute(options.stopAfter().orElse(Long.MAX_VALUE), ctx.stop(), probe.forConfig(hash), ctx.steps(),
                msg -> ctx.message().accept(cell.id() + " " + m.id() + " s" + run.seed() + ": " + msg));
        return dir.state(r, this::describe);
    }

    private VisionData data(Table2Cell cell, Context ctx) throws IOException {
        String dataKey = source == DataSource.SYNTHETIC ? "synthetic" : cell.dataset();
        VisionData data = loaded.get(dataKey);
        if (data == null) {
            ctx.message().accept("loading " + dataKey);
            data = Table2Data.load(cell, source, budgets.get(cell), locator);
            loaded.put(dataKey, data);
        }
        return data;
    }

    @Override
    public void render(List<String> notes) throws IOException {
        Table2Runner.render(options, out, source, budgets, seeds, notes);
    }
}
