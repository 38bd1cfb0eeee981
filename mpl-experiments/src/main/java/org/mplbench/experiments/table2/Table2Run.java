package org.mplbench.experiments.table2;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Normalization;
import org.mplbench.data.VisionData;
import org.mplbench.data.SslSplit;
import org.mplbench.reports.Provenance;
import org.mplbench.reports.RunId;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.ImageEvaluation;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TrainLoop.TrainingDivergedException;

/**
 * Trains one (cell, method, seed) run in segments between evaluations and checkpoints, resuming from
 * the run directory's checkpoint when there is one. Because batches and engine randomness are
 * functions of (seed, step) and checkpoints hold every weight, average, momentum and method state,
 * a resumed run ends exactly where the uninterrupted one does.
 */
final class Table2Run {

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

    Table2Run(RunId id, RunDir dir, MethodFactory factory, Budget budget, VisionData data, ImageSet evaluation,
            String metric, SslSplit split, int threads, String configHash) {
        this.metric = metric;
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
     * Runs (or resumes) to the end, or stops after {@code stopAt} steps with a checkpoint.
     *
     * @param progress receives the number of steps done in each segment
     * @param message receives short status text (losses, accuracy)
     * @return the result, or null when stopped at {@code stopAt} before the end
     */
    RunResult execute(long stopAt, Provenance provenance, LongConsumer progress, Consumer<String> message)
            throws IOException {
        long total = factory.totalSteps();
        long finetuneStart = factory.finetuneStart();
        try (NDManager base = NDManager.newBaseManager();
                SslMethod method = factory.build(base);
                MethodFactory.Batches batches = factory.batches(train, norm, split, threads)) {
            long start = 0;
            double trainSeconds = 0;
            var ckpt = dir.latestCheckpoint();
            if (ckpt.isPresent()) {
                if (!ckpt.get().configHash().equals(configHash)) {
                    throw new IllegalStateException(dir.checkpoint() + " was written under config " + ckpt.get().configHash()
                            + ", this invocation's is " + configHash + "; delete " + dir.path() + " to rerun");
                }
                method.load(dir.checkpoint());
                start = ckpt.get().step();
                trainSeconds = ckpt.get().trainSeconds();
                dir.truncateMetrics(start);
                progress.accept(start);
            } else {
                dir.truncateMetrics(0);
            }
            double best = Double.NEGATIVE_INFINITY;
            Double beforeFinetune = null;
            for (JsonObject line : dir.metrics()) {
                double acc = line.get(metric).getAsDouble();
                best = Math.max(best, acc);
                if (line.get("step").getAsLong() == finetuneStart) {
                    beforeFinetune = acc;
                }
            }
            Map<String, Double> lastScalars = new LinkedHashMap<>();
            long logEvery = Math.max(1, Math.min(MAX_LOG_EVERY, budget.evalEvery()));
            TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(batches.source()).setSteps(total)
                    .optSeed(id.seed())
                    .optLog(logEvery, (s, m) -> {
                        lastScalars.clear();
                        lastScalars.putAll(m);
                        message.accept(summary(m));
                        JsonObject line = new JsonObject();
                        line.addProperty("step", s + 1);
                        JsonObject sc = new JsonObject();
                        m.forEach(sc::addProperty);
                        line.add("train", sc);
                        try {
                            dir.appendTrainLog(line);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .build();
            long s = start;
            Double finalAcc = null;
            while (s < total) {
                long next = Math.min(total, Math.min(nextMultiple(s, budget.evalEvery()), nextMultiple(s, budget.checkpointEvery())));
                next = Math.min(next, nextMultiple(s, logEvery));
                if (finetuneStart > s) {
                    next = Math.min(next, finetuneStart);
                }
                if (stopAt > s) {
                    next = Math.min(next, stopAt);
                }
                try {
                    trainSeconds += loop.run(base, s, next);
                } catch (TrainingDivergedException e) {
                    long at = e.step();
                    RunResult failed = new RunResult(id, RunResult.FAILED, e.getMessage(), at, trainSeconds,
                            at > 0 ? trainSeconds * 1000 / at : Double.NaN, Map.of(), start, provenance);
                    dir.writeResult(failed);
                    return failed;
                }
                progress.accept(next - s);
                s = next;
                boolean eval = s % budget.evalEvery() == 0 || s == total || s == finetuneStart;
                if (eval) {
                    int n = budget.testImages() == 0 ? test.size() : Math.min(budget.testImages(), test.size());
                    double acc = ImageEvaluation.accuracy(method.evaluationModel(), test, norm, n, 250, base);
                    best = Math.max(best, acc);
                    if (s == finetuneStart) {
                        beforeFinetune = acc;
                    }
                    if (s == total) {
                        finalAcc = acc;
                    }
                    JsonObject line = new JsonObject();
                    line.addProperty("step", s);
                    line.addProperty(metric, acc);
                    line.addProperty("train_seconds", trainSeconds);
                    JsonObject sc = new JsonObject();
                    lastScalars.forEach(sc::addProperty);
                    line.add("train", sc);
                    dir.appendMetrics(line);
                    message.accept(String.format(Locale.ROOT, "step %d %s %.2f %%", s, metric, 100 * acc));
                }
                if (s < total && (eval || s % budget.checkpointEvery() == 0 || s == stopAt)) {
                    dir.saveCheckpoint(method, new RunDir.CheckpointState(s, trainSeconds, configHash));
                }
                if (s == stopAt && s < total) {
                    return null;
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(metric, finalAcc);
            metrics.put(metric + "_best", best);
            if (beforeFinetune != null) {
                metrics.put(metric + "_before_finetune", beforeFinetune);
            }
            RunResult r = new RunResult(id, RunResult.OK, null, total, trainSeconds, trainSeconds * 1000 / total,
                    metrics, start, provenance);
            dir.writeResult(r);
            return r;
        }
    }

    private static long nextMultiple(long s, long every) {
        return (s / every + 1) * every;
    }

    private static String summary(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"loss", "t_loss", "s_loss_u", "s_loss", "h", "s_loss_finetune"}) {
            Double v = m.get(k);
            if (v != null) {
                sb.append(sb.length() == 0 ? "" : " ").append(k).append(' ')
                        .append(String.format(Locale.ROOT, "%.3g", v));
            }
        }
        return sb.toString();
    }
}
