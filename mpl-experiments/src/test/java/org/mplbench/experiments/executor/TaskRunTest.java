package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;
import org.mplbench.experiments.run.ResultsLock;

class TaskRunTest {

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    @Test
    void aTaskRunsItsIndexOnlyAndExitsByItsOutcome(@TempDir Path dir) throws Exception {
        FakePlan plan = new FakePlan(dir, "a/seed0", "b/seed0");
        assertThat(TaskRun.run(plan, 1, Optional.of("b/seed0"), false, QUIET)).isZero();
        assertThat(plan.executed).containsExactly(1);
        plan.outcome = new State(Status.FAILED, "diverged");
        assertThat(TaskRun.run(plan, 0, Optional.empty(), false, QUIET)).isEqualTo(1);
        // an ended run is not run again (a duplicate or late task)
        assertThat(TaskRun.run(plan, 1, Optional.empty(), false, QUIET)).isZero();
        assertThat(plan.executed).containsExactly(1, 0);
        assertThat(plan.rendered).as("tasks never render").isEmpty();
    }

    @Test
    void anIndexOutsideThePlanOrAnotherRunsKeyIsRefused(@TempDir Path dir) {
        FakePlan plan = new FakePlan(dir, "a/seed0", "b/seed0");
        assertThatThrownBy(() -> TaskRun.run(plan, 2, Optional.empty(), false, QUIET)).isInstanceOf(ConfigException.class)
                .hasMessage("-Dtask: 2 is not a run of this plan (it has 2 runs, 0..1)");
        assertThatThrownBy(() -> TaskRun.run(plan, 0, Optional.of("b/seed0"), false, QUIET))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("run 0 of this plan is a/seed0, not b/seed0: the plan changed");
        assertThat(plan.executed).isEmpty();
    }

    @Test
    void aDuplicateTaskWaitsForTheFirstAndThenFindsItsRunDone(@TempDir Path dir) throws Exception {
        FakePlan plan = new FakePlan(dir, "a/seed0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> second;
        try (ResultsLock first = ResultsLock.await(plan.runs().get(0).lockFile(), "the first task", m -> {})) {
            second = CompletableFuture.supplyAsync(() -> {
                try {
                    return TaskRun.run(plan, 0, Optional.empty(), false, new PrintStream(out, true));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!out.toString().contains("waiting for it to end") && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat(out.toString()).contains("run a/seed0 is being written by another process", "waiting for it to end");
            assertThat(second).isNotDone();
            plan.states.set(0, new State(Status.DONE, "acc 70 %")); // what the first task did
        }
        assertThat(second.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(plan.executed).as("the second found the run done").isEmpty();
    }
}
