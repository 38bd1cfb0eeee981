package org.mplbench.experiments.table2;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Normalization;
import org.mplbench.data.SslSplit;
import org.mplbench.data.VisionData;
import org.mplbench.io.AtomicFiles;
import org.mplbench.reports.Provenance;
import org.mplbench.reports.RunId;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.Checkpoints;
import org.mplbench.train.DivergenceCheck.TrainingDivergedException;
import org.mplbench.train.ImageEvaluation;
import org.mplbench.train.JsonlLog;
import org.mplbench.train.ProgressListener;
import org.mplbench.train.StopSignal;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TrainingListener;

/**
 * Trains one (cell, method, seed) run in segments between evaluations and checkpoints, resuming from
 * the run directory's checkpoint when there is one. Because batches and engine randomness are
 * functions of (seed, step) and checkpoints hold every weight, average, momentum and method state,
 * a resumed run ends exactly where the uninterrupted one does.
 */
public final class Table2Run {

    /**
     * Steps between reads of the step's losses (progress, NaN check, {@code train.jsonl}); at most
     * the evaluation interval, so that short budgets still log losses.
     */
    private static final long MAX_LOG_EVERY = 10;

    private final RunId id;
    private final RunDir dir;
    private final MethodFactory factory;
    private final Budget budget;
    private final ImageSet train;
    private final ImageSet test;
    private final Normalization norm;
    private final SslSplit split;
    private final int threads;
    private final String configHash;
    /** {@code acc_test}, or {@code acc_val} when evaluating on the validation hold-out. */
    private final String metric;
    /** Whether top-5 is measured too (the paper reports it for ImageNet), as {@code <metric>_top5}. */
    private final boolean top5;
    /** Where the evaluated model is saved at the end (null: not saved). */
    private Path finalModel;

    public Table2Run(RunId id, RunDir dir, MethodFactory factory, Budget budget, VisionData data, ImageSet evaluation,
            String metric, boolean top5, SslSplit split, int threads, String configHash) {
        this.metric = metric;
        this.top5 = top5;
        this.id = id;
        this.dir = dir;
        this.factory = factory;
        this.budget = budget;
        this.train = data.train();
        this.test = evaluation;
        this.norm = data.normalization();
        this.split = split;
        this.threads = threads;
        this.configHash = configHash;
    }

    /**
     * Runs (or resumes) to the end, or stops with a checkpoint after {@code stopAt} steps or at the
     * step boundary after {@code stop} is requested.
     *
     * @param progress receives the number of steps done
     * @param message receives short status text (losses, accuracy)
     * @return the result, or null when stopped before the end
     */
    public RunResult execute(long stopAt, StopSignal stop, Provenance provenance, LongConsumer progress,
            Consumer<String> message) throws IOException {
        stop.enter();
        try {
            return execute(stopAt, stop::requested, provenance, progress, message);
        } finally {
            stop.exit();
        }
    }

    private RunResult execute(long stopAt, BooleanSupplier stop, Provenance provenance, LongConsumer progress,
            Consumer<String> message) throws IOException {
        long total = factory.totalSteps();
        long finetuneStart = factory.finetuneStart();
        try (NDManager base = NDManager.newBaseManager();
                SslMethod method = factory.build(base);
                MethodFactory.Batches batches = factory.batches(train, norm, split, threads)) {
            Checkpoints checkpoints = dir.checkpoints();
            Optional<Checkpoints.State> resumed = checkpoints.resume(method, configHash);
            long start = resumed.map(Checkpoints.State::step).orElse(0L);
            dir.truncateMetrics(start);
            if (start > 0) {
                progress.accept(start);
            }
            long logEvery = Math.max(1, Math.min(MAX_LOG_EVERY, budget.evalEvery()));
            TrainingListener.Cadence evalAt = TrainingListener.Cadence.every(budget.evalEvery()).and(total, finetuneStart);
            Evaluations evaluations = new Evaluations(dir, metric, top5, finetuneStart, total, evalAt,
                    () -> ImageEvaluation.evaluate(method.evaluationModel(), test, norm, testImages(), 250, base), message);
            TrainingListener.Cadence checkpointAt = TrainingListener.Cadence.every(budget.checkpointEvery()).and(stopAt);
            TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(batches.source()).setSteps(total)
                    .optSeed(id.seed())
                    .optLogEvery(logEvery)
                    .optStopWhen(stop)
                    .addListener(new JsonlLog(dir.trainLogFile()))
                    .addListener(new ProgressListener(progress, message))
                    .addListener(evaluations)
                    // at every evaluation, every checkpointEvery steps and at a stop, never at the end
                    .addListener(checkpoints.saveAt(done -> done < total && (evalAt.due(done) || checkpointAt.due(done)),
                            method, configHash))
                    .build();
            loop.resumeClock(resumed.map(Checkpoints.State::trainSeconds).orElse(0.0));
            try {
                loop.run(base, start, Math.min(total, stopAt));
            } catch (TrainingDivergedException e) {
                long at = e.step();
                double trainSeconds = loop.trainSeconds();
                RunResult failed = new RunResult(id, RunResult.FAILED, e.getMessage(), at, trainSeconds,
                        at > 0 ? trainSeconds * 1000 / at : Double.NaN, Map.of(), start, provenance);
                dir.writeResult(failed);
                return failed;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (stopAt < total || loop.stopped()) {
                return null;
            }
            double trainSeconds = loop.trainSeconds();
            if (finalModel != null) {
                AtomicFiles.write(finalModel, out -> method.evaluationModel().save(out));
            }
            RunResult r = new RunResult(id, RunResult.OK, null, total, trainSeconds, trainSeconds * 1000 / total,
                    evaluations.metrics(), start, provenance);
            dir.writeResult(r);
            return r;
        }
    }

    /**
     * Also saves the evaluated model to {@code file} when the run ends (Table 3's supervised model, which
     * scores the unlabeled pool); a finished run's file is rewritten only by a new run.
     */
    public Table2Run saveFinalModelTo(Path file) {
        this.finalModel = file;
        return this;
    }

    private int testImages() {
        return budget.testImages() == 0 ? test.size() : Math.min(budget.testImages(), test.size());
    }

    /**
     * The run's evaluations at {@code evalAt}: each appended to {@code metrics.jsonl} with the last logged
     * losses and reported to {@code message}; kept are the final, best and pre-finetuning accuracies (a
     * resumed run reads those of its earlier part first).
     */
    private static final class Evaluations implements TrainingListener {
        private final RunDir dir;
        private final String metric;
        private final boolean top5;
        private final long finetuneStart;
        private final long total;
        private final Map<String, Double> lastScalars = new LinkedHashMap<>();
        private double best = Double.NEGATIVE_INFINITY;
        private final TrainingListener.Cadence evalAt;
        private final java.util.function.Supplier<ImageEvaluation.Accuracy> accuracy;
        private final Consumer<String> message;
        private Double beforeFinetune;
        private Double last;
        private Double lastTop5;

        Evaluations(RunDir dir, String metric, boolean top5, long finetuneStart, long total, TrainingListener.Cadence evalAt,
                java.util.function.Supplier<ImageEvaluation.Accuracy> accuracy, Consumer<String> message) throws IOException {
            this.dir = dir;
            this.metric = metric;
            this.top5 = top5;
            this.finetuneStart = finetuneStart;
            this.total = total;
            this.evalAt = evalAt;
            this.accuracy = accuracy;
            this.message = message;
            for (JsonObject line : dir.metrics()) {
                double acc = line.get(metric).getAsDouble();
                best = Math.max(best, acc);
                if (line.get("step").getAsLong() == finetuneStart) {
                    beforeFinetune = acc;
                }
            }
        }

        @Override
        public void onLog(long step, Map<String, Double> scalars) {
            lastScalars.clear();
            lastScalars.putAll(scalars);
        }

        @Override
        public void onStepsDone(long done, double trainSeconds) {
            if (!evalAt.due(done)) {
                return;
            }
            ImageEvaluation.Accuracy a = accuracy.get();
            double acc = a.top1();
            try {
                record(done, a, trainSeconds);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            message.accept(String.format(Locale.ROOT, "step %d %s %.2f %%", done, metric, 100 * acc)
                    + (top5 ? String.format(Locale.ROOT, " (top-5 %.2f %%)", 100 * a.top5()) : ""));
        }

        private void record(long done, ImageEvaluation.Accuracy a, double trainSeconds) throws IOException {
            double acc = a.top1();
            best = Math.max(best, acc);
            if (done == finetuneStart) {
                beforeFinetune = acc;
            }
            if (done == total) {
                last = acc;
                lastTop5 = a.top5();
            }
            JsonObject line = new JsonObject();
            line.addProperty("step", done);
            line.addProperty(metric, acc);
            if (top5) {
                line.addProperty(metric + "_top5", a.top5());
            }
            line.addProperty("train_seconds", trainSeconds);
            line.add("train", JsonlLog.scalars(lastScalars));
            dir.appendMetrics(line);
        }

        Map<String, Double> metrics() {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(metric, last);
            if (top5) {
                m.put(metric + "_top5", lastTop5);
            }
            m.put(metric + "_best", best);
            if (beforeFinetune != null) {
                m.put(metric + "_before_finetune", beforeFinetune);
            }
            return m;
        }
    }
}
