package org.mplbench.experiments.executor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.NativeThreads;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;

/** Picks the executor of an invocation: in process, local workers, Slurm; a single task; status. */
public final class Executors {

    private Executors() {}

    private static Plan plan(Runner r, RunOptions o, boolean fetch, String option) throws IOException {
        return r.plan(o, fetch).orElseThrow(() -> new ConfigException(option, "runner '" + r.name()
                + "' runs in one process only (it has no plan of independent runs)"));
    }

    /** Trains the table: in this process, on {@code -Dparallel} local workers, or submitted to Slurm. */
    public static void run(Runner r, RunOptions o, ExecutorOptions ex, Properties props, PrintStream out) throws Exception {
        if (!ex.slurm() && ex.parallel() == 1) {
            r.run(o);
            return;
        }
        if (ex.slurm()) {
            Plan plan = plan(r, o, true, "-Dexecutor=slurm");
            SlurmSettings s = SlurmSettings.from(props, r.defaultThreads(4));
            TaskCommand cmd = TaskCommand.of(props, plan, o, s.cpus(), r.tuneAllocator(), s.java(), System.getenv());
            SlurmExecutor.submit(plan, o.profile().id(), s, o.device() == RunOptions.Device.GPU, cmd,
                    SlurmExecutor.PROCESSES, out);
            return;
        }
        Plan plan = plan(r, o, true, "-Dparallel");
        Integer asked = NativeThreads.parseCount("-Dthreads", props.getProperty("threads"));
        int total = asked != null ? asked : r.defaultThreads(Runtime.getRuntime().availableProcessors());
        int perWorker = Math.max(1, total / ex.parallel());
        TaskCommand cmd = TaskCommand.of(props, plan, o, perWorker, r.tuneAllocator(),
                Path.of(System.getProperty("java.home"), "bin", "java"), System.getenv());
        List<Plan.Item> runs = plan.runs();
        out.println("workers: " + ex.parallel() + " JVMs, " + perWorker + " native thread(s) each");
        LocalExecutor.parallel(plan, o, ex.parallel(), i -> {
            ProcessBuilder pb = new ProcessBuilder(cmd.forRun(i, runs.get(i).key()));
            pb.environment().putAll(cmd.environment());
            return pb;
        });
    }

    /** {@code -Dtask=I}: planned run I in this process; the exit status. */
    public static int task(Runner r, RunOptions o, ExecutorOptions ex, PrintStream out) throws Exception {
        return TaskRun.run(plan(r, o, true, "-Dtask"), ex.task().getAsInt(), ex.taskKey(), o.progress(), out);
    }

    /** {@code -Dstatus}: where each run stands. */
    public static void status(Runner r, RunOptions o, PrintStream out) throws Exception {
        SlurmExecutor.status(plan(r, o, false, "-Dstatus"), SlurmExecutor.PROCESSES, out);
    }

    /** For {@code -Dreport-only}: the runs of a Slurm submission without a result (empty otherwise). */
    public static List<String> notes(Runner r, RunOptions o) throws IOException {
        var plan = r.plan(o, false);
        return plan.isPresent() ? SlurmExecutor.notes(plan.get()) : List.of();
    }
}
