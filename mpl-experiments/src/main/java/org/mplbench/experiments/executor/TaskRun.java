package org.mplbench.experiments.executor;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;
import org.mplbench.experiments.run.Progress;
import org.mplbench.train.StopSignal;

/**
 * {@code -Dtask=I}: executes planned run I and nothing else: no table lock (other tasks write the
 * same table), the run's own lock (a duplicate task waits for the first), checkpoint on SIGTERM, no
 * rendering (the merge does that). Exit status 0 when the run is done, 1 when it failed, 0 when it
 * stopped with a checkpoint at {@code -Dstop-after}.
 */
public final class TaskRun {

    private TaskRun() {}

    public static int run(Plan plan, int index, Optional<String> expectedKey, boolean progress, PrintStream out)
            throws Exception {
        List<Plan.Item> runs = plan.runs();
        if (index >= runs.size()) {
            throw new ConfigException("-Dtask", index + " is not a run of this plan (it has " + runs.size()
                    + " runs, 0.." + (runs.size() - 1) + ")");
        }
        Plan.Item run = runs.get(index);
        if (expectedKey.isPresent() && !expectedKey.get().equals(run.key())) {
            throw new ConfigException("-Dtask-key", "run " + index + " of this plan is " + run.key() + ", not "
                    + expectedKey.get() + ": the plan changed since the task was written (other options, seeds or "
                    + "code); resubmit the table");
        }
        State s = plan.state(index);
        if (!s.status().ended()) {
            StopSignal stop = StopSignal.onTermination(LocalExecutor.STOP_GRACE);
            try (Progress bar = Progress.start(run.key(), run.steps(), progress)) {
                s = LocalExecutor.executeLocked(plan, index, new Plan.Context(bar::step, bar::message, bar::println, stop),
                        out::println,
                        start -> out.println("task " + index + ": " + run.key() + (start.status() == Status.PARTIAL
                                && !start.detail().isEmpty() ? " (resuming: " + start.detail() + ")" : "")));
            }
        }
        out.println("task " + index + ": " + run.key() + ": " + s.status().name().toLowerCase(java.util.Locale.ROOT)
                + (s.detail().isEmpty() ? "" : " - " + s.detail()));
        return s.status() == Status.FAILED ? 1 : 0;
    }
}
