package org.mplbench.experiments.twomoon;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mplbench.data.TwoMoon;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.ComparisonTable;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.DecisionBoundaryPlot;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.RunId;
import org.mplbench.train.DivergenceCheck.TrainingDivergedException;

/**
 * TwoMoon as runs: seed-major, every variant of a seed after another. Run {@code <method>/<variant>/seed<k>}
 * leaves {@code runs/<file key>.json} (its specification), {@code .curves.csv}, {@code .grid.csv} (the
 * figure's seed: p(class 1) on the figure's grid) and last {@code .csv} (its result rows), each written
 * atomically: a run is done when its rows exist under its current specification. A run is seconds to
 * a minute long, so an interrupted one starts again (same seed, same result) instead of resuming.
 */
final class TwoMoonPlan implements Plan {

    /** One planned run. */
    record Run(TwoMoonRunner.Variant variant, long seed) {
        String key() {
            return variant.method() + "/" + variant.variant() + "/seed" + seed;
        }
    }

    private final RunOptions options;
    private final TwoMoonSettings settings;
    private final Path out;
    private final ProvenanceProbe provenance;
    private final List<Run> runs = new ArrayList<>();
    /** Each run's specification (its file names derive from it), made once. */
    private final Map<Run, RunSpec> specs = new HashMap<>();
    private final DecisionBoundaryPlot.Grid grid;

    TwoMoonPlan(RunOptions options) {
        this.options = options;
        this.settings = TwoMoonSettings.resolve(options);
        this.out = options.resultsDir(TwoMoonRunner.TABLE);
        this.provenance = ProvenanceProbe.of(options.root());
        // the figure's window: both moons with their noise
        this.grid = new DecisionBoundaryPlot.Grid(-1.6, 2.6, -1.1, 1.6, settings.gridSize(), settings.gridSize());
        for (long seed : settings.seeds()) {
            for (TwoMoonRunner.Variant v : TwoMoonRunner.variants()) {
                Run r = new Run(v, seed);
                runs.add(r);
                specs.put(r, TwoMoonRunner.spec(settings, v, seed, options.profile().id(), provenance));
            }
        }
    }

    @Override
    public String table() {
        return TwoMoonRunner.TABLE;
    }

    @Override
    public Path resultsDir() {
        return out;
    }

    @Override
    public List<Item> runs() {
        return runs.stream().map(r -> new Item(r.key(), file(r, ".lock"), steps(r))).toList();
    }

    private long steps(Run r) {
        return r.variant().entry().totalSteps(settings.steps(), 0);
    }

    private RunSpec spec(Run r) {
        return specs.get(r);
    }

    private Path file(Run r, String suffix) {
        return out.resolve("runs").resolve(spec(r).id().fileKey() + suffix);
    }

    private boolean figureRun(Run r) {
        return r.seed() == settings.seeds().get(0);
    }

    @Override
    public void prepare() throws IOException {
        AtomicText.write(out.resolve("config.json"),
                TwoMoonRunner.resolvedConfig(settings, TwoMoonRunner.variants(), options, provenance));
    }

    @Override
    public State state(int index) throws IOException {
        Run r = runs.get(index);
        Path rows = file(r, ".csv");
        boolean current = Files.isRegularFile(file(r, ".json"))
                && Files.readString(file(r, ".json"), StandardCharsets.UTF_8).equals(spec(r).toJson());
        List<ResultRow> result = current && Files.isRegularFile(rows) ? ResultsCsv.read(rows) : List.of();
        if (result.stream().anyMatch(x -> x.metric().equals(ComparisonTable.FAILED))) {
            return new State(Status.FAILED, "diverged at step " + (long) result.get(0).value());
        }
        // rows from before per-run curves and grids (an older version) are rerun, to draw the figures
        if (!result.isEmpty() && Files.isRegularFile(file(r, ".curves.csv"))
                && (!figureRun(r) || Files.isRegularFile(file(r, ".grid.csv")))) {
            return new State(Status.DONE, result.stream().filter(x -> x.metric().equals("acc_all"))
                    .map(x -> String.format(Locale.ROOT, "acc_all %.1f %%", 100 * x.value())).findFirst().orElse(""));
        }
        return new State(Files.isRegularFile(file(r, ".json")) ? Status.PARTIAL : Status.NOT_STARTED, "");
    }

    @Override
    public State execute(int index, Context ctx) throws IOException {
        Run r = runs.get(index);
        RunSpec spec = spec(r);
        RunId id = spec.id();
        String hash = spec.configHash();
        AtomicText.write(file(r, ".json"), spec.toJson());
        ctx.message().accept(r.key());
        TwoMoon.Data data = TwoMoon.generate(settings.data(), r.seed());
        TwoMoonRun.RunOutcome o;
        try (NDManager base = NDManager.newBaseManager()) {
            o = TwoMoonRun.train(settings, r.variant(), data, r.seed(), base, figureRun(r) ? grid : null);
        } catch (TrainingDivergedException e) {
            TwoMoonRun.writeFailure(file(r, ".csv"), id, e, provenance.forConfig(hash));
            ctx.steps().accept(steps(r));
            return new State(Status.FAILED, e.getMessage());
        }
        CurvesCsv.write(file(r, ".curves.csv"), o.curves());
        // last: its rows, whose presence (under the current specification) means the run is done
        TwoMoonRun.writeResult(file(r, ".csv"), file(r, ".grid.csv"), id, o, provenance.forConfig(hash));
        ctx.steps().accept(steps(r));
        return state(index);
    }

    @Override
    public void render(List<String> notes) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        List<CurvePoint> curves = new ArrayList<>();
        List<DecisionBoundaryPlot.Panel> panels = new ArrayList<>();
        boolean perRun = false;
        for (Run r : runs) {
            if (!Files.isRegularFile(file(r, ".csv"))) {
                continue;
            }
            perRun = true;
            List<ResultRow> runRows = ResultsCsv.read(file(r, ".csv"));
            rows.addAll(runRows);
            if (Files.isRegularFile(file(r, ".curves.csv"))) {
                curves.addAll(CurvesCsv.read(file(r, ".curves.csv")));
            }
            if (figureRun(r) && Files.isRegularFile(file(r, ".grid.csv"))) {
                double acc = runRows.stream().filter(x -> x.metric().equals("acc_all")).mapToDouble(ResultRow::value)
                        .findFirst().orElse(Double.NaN);
                panels.add(new DecisionBoundaryPlot.Panel(r.variant().method() + " / " + r.variant().variant()
                        + " (" + String.format(Locale.ROOT, "%.1f%%", 100 * acc) + ")", readGrid(file(r, ".grid.csv"))));
            }
        }
        if (!perRun) {
            // a results directory from before per-run files: its merged files are all there is
            TwoMoonRunner.renderTable(out, settings, options, notes);
            return;
        }
        ResultsCsv.write(out.resolve("runs.csv"), rows);
        if (!curves.isEmpty()) {
            CurvesCsv.write(out.resolve("curves.csv"), curves);
        }
        if (!panels.isEmpty() && panels.size() == TwoMoonRunner.variants().size()) {
            TwoMoon.Data figureData = TwoMoon.generate(settings.data(), settings.seeds().get(0));
            DecisionBoundaryPlot.write(out.resolve("twomoon.png"),
                    "TwoMoon, seed " + settings.seeds().get(0) + ": model p(class 1); squares = the 6 labeled points",
                    grid, panels, new DecisionBoundaryPlot.Points(figureData.all().xy(), figureData.all().label(),
                            figureData.labeledIndex()), 300);
        }
        TwoMoonRunner.renderTable(out, settings, options, notes);
    }

    static float[] readGrid(Path f) throws IOException {
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        float[] p = new float[lines.size()];
        for (int i = 0; i < p.length; i++) {
            try {
                p[i] = Float.parseFloat(lines.get(i));
            } catch (NumberFormatException e) {
                throw new org.mplbench.io.FileFormatException(f.toString(), "line " + (i + 1) + " is not a number: '"
                        + lines.get(i) + "'; delete it to rerun the run");
            }
        }
        return p;
    }
}
