package org.mplbench.experiments.twomoon;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mplbench.data.TwoMoon;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.ComparisonTable;
import org.mplbench.reports.DecisionBoundaryPlot;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.RunId;
import org.mplbench.reports.TwoMoonSweepReport;
import org.mplbench.train.DivergenceCheck.TrainingDivergedException;

/**
 * A sweep grid as runs: seed-major; per seed and condition its Supervised and Pseudo Labels runs (shared
 * by the conditions with the same data and schedule, {@link SweepCondition#baselineKey}) and its MPL run.
 * Run {@code <group>/<method>/seed<k>} leaves {@code runs/<group>/<method>/seed<k>.json} (its
 * specification), {@code .grid.csv} (first seed: p(moon 1) on the figure's grid) and last {@code .csv}
 * (its result rows); seconds long, so an interrupted run starts again.
 */
final class TwoMoonSweepPlan implements Plan {

    static final String TABLE = "twomoon-sweep";
    private static final String SUPERVISED = "supervised";
    private static final String PSEUDO_LABELS = "pseudo-labels";

    /** One run: a baseline of a group of conditions, or a condition's MPL. */
    record Run(String group, String method, SweepCondition condition, long seed) {
        String key() {
            return group + "/" + method + "/seed" + seed;
        }
    }

    private final RunOptions options;
    private final String gridName;
    private final List<SweepCondition> conditions;
    private final List<Long> seeds;
    private final long stepCap;
    private final Path out;
    private final ProvenanceProbe provenance;
    private final List<Run> runs = new ArrayList<>();
    private final DecisionBoundaryPlot.Grid grid;
    /** Each run's specification (states, execution and the file check compare against it), made once. */
    private final Map<Run, RunSpec> specs = new java.util.HashMap<>();

    TwoMoonSweepPlan(RunOptions options, String gridName) {
        this.options = options;
        this.gridName = gridName;
        this.conditions = SweepGrids.grid(gridName);
        boolean smoke = options.profile() == Profile.SMOKE;
        this.seeds = options.seeds().orElse(smoke ? List.of(0L, 1L) : List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
        // smoke: every path, 40 steps a model
        this.stepCap = options.steps().orElse(smoke ? 40L : Long.MAX_VALUE);
        String dir = (options.profile() == Profile.CPU ? "" : options.profile().id() + "-") + gridName
                + options.steps().map(s -> "-steps" + s).orElse("");
        this.out = options.resultsDir(TABLE).resolveSibling(dir);
        this.provenance = ProvenanceProbe.of(options.root());
        this.grid = new DecisionBoundaryPlot.Grid(-1.6, 2.6, -1.1, 1.6, SweepCondition.GRID, SweepCondition.GRID);
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            Set<String> baselines = new LinkedHashSet<>();
            for (SweepCondition c : conditions) {
                if (!c.runs(i)) {
                    continue;
                }
                if (baselines.add(c.baselineKey())) {
                    runs.add(new Run(c.baselineKey(), SUPERVISED, c, seed));
                    runs.add(new Run(c.baselineKey(), PSEUDO_LABELS, c, seed));
                }
                runs.add(new Run(c.name(), "mpl", c, seed));
            }
        }
    }

    @Override
    public String table() {
        return TABLE;
    }

    @Override
    public Path resultsDir() {
        return out;
    }

    @Override
    public Map<String, String> pinnedOptions() {
        return Map.of("grid", gridName);
    }

    @Override
    public List<Item> runs() {
        return runs.stream().map(r -> new Item(r.key(), file(r, ".lock"), steps(r))).toList();
    }

    private TwoMoonRunner.Variant variant(Run r) {
        return r.method().equals("mpl") ? r.condition().mpl()
                : new TwoMoonRunner.Variant(MethodRegistry.get(r.method(), "default"), r.method());
    }

    private TwoMoonSettings settings(Run r) {
        return r.condition().settings(seeds, stepCap);
    }

    private long steps(Run r) {
        return variant(r).entry().totalSteps(settings(r).steps(), 0);
    }

    private Path file(Run r, String suffix) {
        return out.resolve("runs").resolve(r.group()).resolve(r.method()).resolve("seed" + r.seed() + suffix);
    }

    private boolean figureRun(Run r) {
        return r.seed() == seeds.get(0);
    }

    private RunSpec spec(Run r) {
        return specs.computeIfAbsent(r, this::makeSpec);
    }

    private RunSpec makeSpec(Run r) {
        TwoMoonSettings s = settings(r);
        TwoMoonRunner.Variant v = variant(r);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("data", s.data());
        c.put("labels", r.condition().figureStars() ? "the figure's stars" : "random per seed");
        c.put("steps", s.steps());
        c.put("unlabeled_batch", s.unlabeledBatch());
        c.put("lr_teacher", s.lr());
        c.put("lr_student", r.condition().lrStudent());
        c.put("init_range", s.initRange());
        c.put("model", "mlp 2-8-8-2 sigmoid");
        c.put("mpl", v.mpl());
        if (r.method().equals("mpl") && r.condition().teacherFromSupervised()) {
            c.put("teacher_init", "the Supervised model (trained first, same steps and rate)");
        }
        if (r.method().equals("mpl") && r.condition().uda() != null) {
            c.put("teacher_uda", r.condition().uda());
        }
        if (r.method().equals("mpl") && r.condition().heldOutPerMoon() > 0) {
            c.put("held_out_per_moon", r.condition().heldOutPerMoon());
        }
        return new RunSpec(TABLE, r.group(), "twomoon", "synthetic", v.method(), v.variant(), r.seed(), r.seed(),
                gridName, provenance.engine().engine() + " " + provenance.engine().version(), c);
    }

    @Override
    public void prepare() {
        // nothing to load: every run generates its own data
    }

    @Override
    public State state(int index) throws IOException {
        Run r = runs.get(index);
        Path rows = file(r, ".csv");
        Path json = file(r, ".json");
        boolean current = Files.isRegularFile(json)
                && Files.readString(json, StandardCharsets.UTF_8).equals(spec(r).toJson());
        List<ResultRow> result = current && Files.isRegularFile(rows) ? ResultsCsv.read(rows) : List.of();
        if (result.stream().anyMatch(x -> x.metric().equals(ComparisonTable.FAILED))) {
            return new State(Status.FAILED, "diverged at step " + (long) result.get(0).value());
        }
        if (!result.isEmpty() && (!figureRun(r) || Files.isRegularFile(file(r, ".grid.csv")))) {
            return new State(Status.DONE, result.stream().filter(x -> x.metric().equals("acc_test"))
                    .map(x -> String.format(Locale.ROOT, "acc_test %.1f %%", 100 * x.value())).findFirst().orElse(""));
        }
        return new State(Files.isRegularFile(json) ? Status.PARTIAL : Status.NOT_STARTED, "");
    }

    @Override
    public State execute(int index, Context ctx) throws IOException {
        Run r = runs.get(index);
        RunSpec spec = spec(r);
        RunId id = spec.id();
        String hash = spec.configHash();
        Files.createDirectories(file(r, ".json").getParent());
        AtomicText.write(file(r, ".json"), spec.toJson());
        ctx.message().accept(r.key());
        TwoMoonSettings s = settings(r);
        TwoMoon.Data data = TwoMoon.generate(s.data(), r.seed(), r.condition().stars());
        TwoMoonRun.RunOutcome o;
        try (NDManager base = NDManager.newBaseManager()) {
            boolean mpl = r.method().equals("mpl");
            SweepCondition c = r.condition();
            TwoMoonRun.Options options = new TwoMoonRun.Options(c.lrStudent(), mpl && c.teacherFromSupervised(),
                    mpl ? c.uda() : null, mpl ? c.heldOutPerMoon() : 0);
            o = TwoMoonRun.train(s, options, variant(r), data, r.seed(), base, figureRun(r) ? grid : null);
        } catch (TrainingDivergedException e) {
            TwoMoonRun.writeFailure(file(r, ".csv"), id, e, provenance.forConfig(hash));
            ctx.steps().accept(steps(r));
            return new State(Status.FAILED, e.getMessage());
        }
        // last: its rows, whose presence (under the current specification) means the run is done
        TwoMoonRun.writeResult(file(r, ".csv"), file(r, ".grid.csv"), id, o, provenance.forConfig(hash));
        ctx.steps().accept(steps(r));
        return state(index);
    }

    /**
     * {@code runs.csv} (each condition's rows under its name: a shared baseline's rows appear under
     * every condition that shares it), {@code table.md}, {@code table.csv} and a three-panel figure per
     * condition.
     */
    @Override
    public void render(List<String> notes) throws IOException {
        List<ResultRow> all = new ArrayList<>();
        List<TwoMoonSweepReport.Condition> shown = new ArrayList<>();
        StringBuilder figures = new StringBuilder();
        for (SweepCondition c : conditions) {
            shown.add(new TwoMoonSweepReport.Condition(c.name(), c.name(), c.describe()));
            List<DecisionBoundaryPlot.Panel> panels = new ArrayList<>();
            for (int i = 0; i < seeds.size() && c.runs(i); i++) {
                long seed = seeds.get(i);
                for (Run r : List.of(new Run(c.baselineKey(), SUPERVISED, c, seed),
                        new Run(c.baselineKey(), PSEUDO_LABELS, c, seed), new Run(c.name(), "mpl", c, seed))) {
                    if (!Files.isRegularFile(file(r, ".csv"))) {
                        continue;
                    }
                    List<ResultRow> rows = ResultsCsv.read(file(r, ".csv"));
                    for (ResultRow x : rows) {
                        RunId id = x.run();
                        all.add(new ResultRow(new RunId(id.table(), c.name(), id.dataset(), id.method(), id.variant(),
                                id.seed(), id.splitSeed(), id.profile(), id.dataSource()), x.metric(), x.value(),
                                x.steps(), x.wallSeconds(), x.msPerStep(), x.provenance()));
                    }
                    if (figureRun(r) && Files.isRegularFile(file(r, ".grid.csv"))) {
                        double acc = rows.stream().filter(x -> x.metric().equals("acc_test"))
                                .mapToDouble(ResultRow::value).findFirst().orElse(Double.NaN);
                        String title = r.method().equals(SUPERVISED) ? "Supervised"
                                : r.method().equals(PSEUDO_LABELS) ? "Pseudo Labels" : "Meta Pseudo Labels";
                        panels.add(new DecisionBoundaryPlot.Panel(String.format(Locale.ROOT, "%s (%.1f %%)", title,
                                100 * acc), TwoMoonPlan.readGrid(file(r, ".grid.csv"))));
                    }
                }
            }
            if (panels.size() == 3) {
                TwoMoon.Data d = TwoMoon.generate(c.settings(seeds, stepCap).data(), seeds.get(0), c.stars());
                String png = c.name() + ".png";
                DecisionBoundaryPlot.writeFigure(out.resolve(png), "TwoMoon `" + c.name() + "`, seed " + seeds.get(0)
                        + ": held-out accuracy in brackets; stars = the 6 labeled points", grid, panels,
                        new DecisionBoundaryPlot.Points(d.all().xy(), d.all().label(), d.labeledIndex()), 320);
                figures.append("`").append(c.name()).append("`:\n\n![").append(c.name()).append("](").append(png)
                        .append(")\n\n");
            }
        }
        ResultsCsv.write(out.resolve("runs.csv"), all);
        String intro = String.format(Locale.ROOT, "Grid `%s`: %d conditions × seeds %s; each seed draws the data, the "
                + "held-out sample (2 × 1,000 points), the labeled points (unless the figure's stars are used) and "
                + "the initial weights, shared by the three methods (common random numbers). MLP 2-8-8-2 sigmoid, "
                + "U(±0.1), plain SGD; Pseudo Labels trains its teacher and then its student for the condition's "
                + "steps each. Conditions with the same data and schedule share their Supervised and Pseudo Labels "
                + "runs (`runs/base-*`). Profile `%s`%s. Everything a run used is in its `runs/**/seed<k>.json`.",
                gridName, conditions.size(), seeds, options.profile().id(),
                stepCap == Long.MAX_VALUE ? "" : ", steps capped at " + stepCap);
        TwoMoonSweepReport.Setup setup = new TwoMoonSweepReport.Setup(gridName, intro, "acc_test");
        AtomicText.write(out.resolve("table.csv"), TwoMoonSweepReport.csv(shown, all, "acc_test"));
        AtomicText.write(out.resolve("table.md"), TwoMoonSweepReport.markdown(setup, shown, all, figures.toString())
                + Plan.notesSection(notes));
    }
}
