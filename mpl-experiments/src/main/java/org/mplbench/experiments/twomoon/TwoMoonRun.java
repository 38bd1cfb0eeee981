package org.mplbench.experiments.twomoon;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mplbench.data.TwoMoon;
import org.mplbench.experiments.methods.MethodArgs;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.reports.CurvePoint;
import org.mplbench.reports.DecisionBoundaryPlot;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.Evaluation;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TrainingListener.Cadence;
import org.mplbench.train.TrainingListener;
import org.mplbench.train.TwoMoonBatches;

/**
 * One TwoMoon run: a method from the registry on the seed's data, trained with its curves sampled by
 * listeners, then its accuracies (student, teacher), mean |h| and, for the figure, its predictions on a
 * grid.
 */
final class TwoMoonRun {

    private TwoMoonRun() {}

    /** Metrics (fractions), training steps and wall time of one run, plus its grid predictions. */
    record RunOutcome(Map<String, Double> metrics, long steps, double wallSeconds, float[] gridProbabilities,
            List<CurvePoint> curves) {}

    static RunOutcome train(TwoMoonSettings s, TwoMoonRunner.Variant v, TwoMoon.Data data, long seed, NDManager base,
            DecisionBoundaryPlot.Grid grid) {
        return train(s, Options.of(s), v, data, seed, base, grid);
    }

    /**
     * What a sweep condition changes in a run beyond its settings.
     *
     * @param lrStudent the student's learning rate (Pseudo Labels' and MPL's student; the teacher and
     *     single networks use {@code s.lr()})
     * @param teacherFromSupervised the teacher of a two-network method is first trained as the Supervised
     *     baseline is (same initial weights, steps and rate on the labeled points)
     * @param uda a UDA term on MPL's teacher, or null
     * @param heldOutPerMoon labeled points per moon held out of {@code x_l} as MPL's feedback set (0: none)
     */
    record Options(double lrStudent, boolean teacherFromSupervised, org.mplbench.ssl.UdaConfig uda,
            int heldOutPerMoon) {

        /** None: every model at the settings' rate, every labeled point in {@code x_l}. */
        static Options of(TwoMoonSettings s) {
            return new Options(s.lr(), false, null, 0);
        }
    }

    /** As above, with what {@code o} changes. */
    static RunOutcome train(TwoMoonSettings s, Options o, TwoMoonRunner.Variant v, TwoMoon.Data data, long seed,
            NDManager base, DecisionBoundaryPlot.Grid grid) {
        double lrStudent = o.lrStudent();
        boolean teacherFromSupervised = o.teacherFromSupervised();
        org.mplbench.ssl.UdaConfig uda = o.uda();
        // Same seed → same initial teacher for every method (common random numbers across variants).
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager runScope = base.newSubManager();
                TwoMoonBatches batches = new TwoMoonBatches(data, s.unlabeledBatch(), o.heldOutPerMoon(), seed,
                        DataType.FLOAT32, runScope)) {
            List<Network> networks = new ArrayList<>();
            MethodArgs.Builder args = MethodArgs.builder()
                    .setNetworks(() -> {
                        Network n = newMlp(s, runScope);
                        if (teacherFromSupervised && networks.isEmpty()) {
                            supervise(n, batches, s, runScope);
                        }
                        networks.add(n);
                        return n;
                    })
                    .setOptimizers(role -> Sgd.builder()
                            .setLearningRate(role == MethodArgs.Role.STUDENT ? lrStudent : s.lr()).build())
                    .setSteps(s.steps());
            if (v.entry().reads(MethodRegistry.Option.OLD_LOSS)) {
                args.optOldLoss(TwoMoonRunner.OLD_LOSS);
            }
            if (uda != null) {
                args.optUda(uda);
            }
            SslMethod method = v.entry().build(args.build());
            long steps = v.entry().totalSteps(s.steps(), 0);
            // the first network is the teacher of the two-network methods
            Network teacher = networks.size() > 1 ? networks.get(0) : null;
            try (method) {
                // Logged steps are checked for NaN; for MPL they also sample |h|, the size of the
                // teacher's feedback, which explains most of what the table shows.
                double[] absH = new double[2];
                List<CurvePoint> curves = new ArrayList<>();
                String series = v.method() + "/" + v.variant();
                long logEvery = Math.max(1, steps / 200);
                long evalEvery = logEvery * 10;
                long total = steps;
                TrainLoop loop = TrainLoop.builder()
                        .setMethod(method)
                        .setBatches(batches)
                        .setSteps(steps)
                        .optLogEvery(logEvery)
                        .addListener(TrainingListener.onLog((step, scalars) -> {
                            scalars.forEach((k, x) -> curves.add(new CurvePoint(series, seed, step + 1, k, x)));
                            Double h = scalars.get("h");
                            if (h != null) {
                                absH[0] += Math.abs(h);
                                absH[1]++;
                            }
                        }))
                        // an MLP forward on the held-out points: no RNG, no state touched
                        .addListener(TrainingListener.at(Cadence.every(evalEvery).and(total), (done, seconds) ->
                                curves.add(new CurvePoint(series, seed, done, "acc_test", Evaluation.accuracy(
                                        method.evaluationModel(), data.test().xy(), 2, data.test().label(), runScope)))))
                        .build();
                double wall = loop.run(runScope);
                Network model = method.evaluationModel();
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("acc_all", Evaluation.accuracy(model, data.all().xy(), 2, data.all().label(), runScope));
                metrics.put("acc_test", Evaluation.accuracy(model, data.test().xy(), 2, data.test().label(), runScope));
                metrics.put("acc_labeled",
                        Evaluation.accuracy(model, data.labeled().xy(), 2, data.labeled().label(), runScope));
                if (teacher != null) {
                    metrics.put("teacher_acc_all",
                            Evaluation.accuracy(teacher, data.all().xy(), 2, data.all().label(), runScope));
                }
                if (absH[1] > 0) {
                    metrics.put("mean_abs_h", absH[0] / absH[1]);
                }
                float[] gridProbs = null;
                if (grid != null) {
                    float[] p = Evaluation.probabilities(model, grid.points(), 2, runScope);
                    gridProbs = new float[p.length / 2];
                    for (int i = 0; i < gridProbs.length; i++) {
                        gridProbs[i] = p[2 * i + 1];
                    }
                }
                return new RunOutcome(metrics, steps, wall, gridProbs, curves);
            }
        }
    }

    /** Trains {@code net} on the labeled points alone, as the Supervised baseline's steps do. */
    static void supervise(Network net, TwoMoonBatches batches, TwoMoonSettings s, NDManager scope) {
        org.mplbench.baselines.Supervised.train(net, Sgd.builder().setLearningRate(s.lr()).build(), batches, s.steps(),
                scope);
    }

    /** A diverged run's one row: {@code failed}, valued at the step it diverged. */
    static void writeFailure(java.nio.file.Path rowsFile, org.mplbench.reports.RunId id,
            org.mplbench.train.DivergenceCheck.TrainingDivergedException e, org.mplbench.reports.Provenance p)
            throws java.io.IOException {
        org.mplbench.reports.ResultsCsv.write(rowsFile, List.of(new org.mplbench.reports.ResultRow(id,
                org.mplbench.reports.ComparisonTable.FAILED, e.step(), e.step(), 0, Double.NaN, p)));
    }

    /**
     * A finished run's files: its grid of p(class 1) when it drew one, then, last, its rows, whose presence
     * means the run is done.
     */
    static void writeResult(java.nio.file.Path rowsFile, java.nio.file.Path gridFile, org.mplbench.reports.RunId id,
            RunOutcome o, org.mplbench.reports.Provenance p) throws java.io.IOException {
        if (o.gridProbabilities() != null) {
            StringBuilder b = new StringBuilder();
            for (float x : o.gridProbabilities()) {
                b.append(x).append('\n');
            }
            org.mplbench.reports.AtomicText.write(gridFile, b.toString());
        }
        List<org.mplbench.reports.ResultRow> rows = new ArrayList<>();
        for (Map.Entry<String, Double> m : o.metrics().entrySet()) {
            rows.add(new org.mplbench.reports.ResultRow(id, m.getKey(), m.getValue(), o.steps(), o.wallSeconds(),
                    1000 * o.wallSeconds() / o.steps(), p));
        }
        org.mplbench.reports.ResultsCsv.write(rowsFile, rows);
    }

    static Network newMlp(TwoMoonSettings s, NDManager m) {
        return Network.create(Mlp.builder().optInitRange(s.initRange()).build(), m, DataType.FLOAT32, new Shape(1, 2));
    }

}
