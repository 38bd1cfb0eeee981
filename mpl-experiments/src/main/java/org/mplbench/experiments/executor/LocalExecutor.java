package org.mplbench.experiments.executor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;
import org.mplbench.experiments.run.Progress;
import org.mplbench.experiments.run.ResultsLock;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.train.StopSignal;

/**
 * {@code -Dexecutor=local}: a plan's runs on this machine, one after another in this process
 * ({@link #sequential}), or {@code -Dparallel=N} at a time in worker JVMs ({@link #parallel}). Runs
 * that have ended are skipped, interrupted ones resume; the table is rendered at the end.
 */
public final class LocalExecutor {

    /** How long an exit on SIGTERM waits for the run in progress to checkpoint (Slurm's KillWait is 30 s). */
    public static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private LocalExecutor() {}

    /** Every run of {@code plan} in this process, then the table. */
    public static void sequential(Plan plan, RunOptions o) throws Exception {
        plan.prepare();
        StopSignal stop = StopSignal.onTermination(STOP_GRACE);
        List<String> failures = new ArrayList<>();
        int stopped = 0;
        List<Plan.Item> runs = plan.runs();
        long total = runs.stream().mapToLong(Plan.Item::steps).sum();
        try (Progress progress = Progress.start(plan.table() + " (" + o.profile().id() + ")", total, o.progress())) {
            Plan.Context ctx = new Plan.Context(progress::step, progress::message, progress::println, stop);
            for (int i = 0; i < runs.size() && !stop.requested(); i++) {
                Plan.Item run = runs.get(i);
                State before = plan.state(i);
                if (before.status().ended()) {
                    progress.step(run.steps());
                    if (before.status() == Status.FAILED) {
                        failures.add(run.key() + ": " + before.detail());
                    }
                    continue;
                }
                State after = executeLocked(plan, i, ctx, progress::println, s -> {});
                switch (after.status()) {
                    case DONE -> progress.println(run.key() + ": " + after.detail());
                    case FAILED -> {
                        failures.add(run.key() + ": " + after.detail());
                        progress.println("FAILED " + run.key() + ": " + after.detail());
                    }
                    default -> stopped++;
                }
            }
        }
        plan.render(List.of());
        System.out.println("wrote " + plan.resultsDir().resolve("runs.csv") + " and table.md"
                + (stopped > 0 ? "; " + stopped + " run(s) stopped with a checkpoint (rerun to resume)" : ""));
        if (!failures.isEmpty()) {
            throw new RunsFailedException(failures);
        }
    }

    /**
     * Executes run {@code index} under its lock (waiting while another process holds it, which
     * {@code waiting} hears), unless it has ended by the time the lock is held; {@code starting}
     * hears the state it starts from.
     */
    static State executeLocked(Plan plan, int index, Plan.Context ctx, Consumer<String> waiting,
            Consumer<State> starting) throws Exception {
        Plan.Item run = plan.runs().get(index);
        try (ResultsLock lock = ResultsLock.await(run.lockFile(), "run " + run.key(), waiting)) {
            // another process may have finished it while this one waited
            State now = plan.state(index);
            if (now.status().ended()) {
                return now;
            }
            starting.accept(now);
            return plan.execute(index, ctx);
        }
    }

    /**
     * The runs of {@code plan} that have not ended, {@code workers} at a time, each in its own JVM
     * ({@code worker.command(index)}) with its output in {@code logs/task-<index>.log}; then the table.
     */
    public static void parallel(Plan plan, RunOptions o, int workers, WorkerCommand worker) throws Exception {
        plan.prepare();
        List<Plan.Item> runs = plan.runs();
        Deque<Integer> pending = new ArrayDeque<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            State s = plan.state(i);
            if (!s.status().ended()) {
                pending.add(i);
            } else if (s.status() == Status.FAILED) {
                failures.add(runs.get(i).key() + ": " + s.detail());
            }
        }
        Path logs = plan.resultsDir().resolve("logs");
        Files.createDirectories(logs);
        Map<Integer, Process> running = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        int stopped = 0;
        int toRun = pending.size();
        System.out.println(String.format(Locale.ROOT, "%s (%s): %d of %d runs to do, %d at a time in worker JVMs "
                + "(logs in %s)", plan.table(), o.profile().id(), toRun, runs.size(), workers, logs));
        Thread stopWorkers = new Thread(() -> running.values().forEach(Process::destroy), "stop-workers");
        Runtime.getRuntime().addShutdownHook(stopWorkers);
        try (Progress progress = Progress.start(plan.table() + " (" + o.profile().id() + ", " + workers + " workers)",
                toRun, o.progress())) {
            while (!pending.isEmpty() || !running.isEmpty()) {
                while (running.size() < workers && !pending.isEmpty()) {
                    int i = pending.poll();
                    Path log = logs.resolve("task-" + i + ".log");
                    ProcessBuilder pb = worker.command(i).redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
                    running.put(i, pb.start());
                    progress.message(runs.get(i).key());
                }
                Thread.sleep(100);
                for (Map.Entry<Integer, Process> e : List.copyOf(running.entrySet())) {
                    if (e.getValue().isAlive()) {
                        continue;
                    }
                    int i = e.getKey();
                    running.remove(i);
                    progress.step();
                    State s = plan.state(i);
                    String key = runs.get(i).key();
                    Path log = plan.resultsDir().relativize(logs.resolve("task-" + i + ".log"));
                    if (s.status() == Status.DONE) {
                        progress.println(key + ": " + s.detail());
                    } else if (s.status() != Status.FAILED && e.getValue().exitValue() == 0) {
                        // -Dstop-after: the worker stopped its run with a checkpoint, as asked
                        stopped++;
                        progress.println(key + ": stopped with a checkpoint" + (s.detail().isEmpty() ? ""
                                : " (" + s.detail() + ")"));
                    } else {
                        String why = s.status() == Status.FAILED ? s.detail()
                                : "worker exited with " + e.getValue().exitValue() + ", no result";
                        failures.add(key + ": " + why + " (log " + log + ")");
                        notes.add("`" + key + "`: " + why + " (log `" + log + "`)");
                        progress.println("FAILED " + key + ": " + why + " (log " + log + ")");
                    }
                }
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopWorkers);
        }
        plan.render(notes);
        System.out.println("wrote " + plan.resultsDir().resolve("runs.csv") + " and table.md"
                + (stopped > 0 ? "; " + stopped + " run(s) stopped with a checkpoint (rerun to resume)" : ""));
        if (!failures.isEmpty()) {
            throw new RunsFailedException(failures);
        }
    }

    /** The command that runs one planned run in a worker JVM. */
    @FunctionalInterface
    public interface WorkerCommand {
        ProcessBuilder command(int index);
    }

    /** Runs ended as failed: the table was still written, with them marked. */
    public static final class RunsFailedException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        RunsFailedException(List<String> failures) {
            super(failures.size() + " run(s) failed (rows marked failed in runs.csv):\n  " + String.join("\n  ", failures));
        }
    }
}
