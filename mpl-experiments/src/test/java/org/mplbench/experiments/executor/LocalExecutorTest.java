package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Profile;

class LocalExecutorTest {

    @Test
    void twoWorkerJvmsGiveTheSequentialResultsAndFigure(@TempDir Path seq, @TempDir Path par) throws Exception {
        String seqOut = SameResults.runInOwnJvm(seq, "twomoon", "profile", "smoke", "seeds", "0");
        MainAccess.runTable(par, "twomoon", "profile", "smoke", "seeds", "0", "parallel", "2");
        Path a = seq.resolve("results/twomoon/smoke");
        Path b = par.resolve("results/twomoon/smoke");
        String workerLog = Files.readString(b.resolve("logs/task-0.log"));
        String where = "sequential: " + SameResults.nativeSettings(seqOut) + "; worker 0: "
                + SameResults.nativeSettings(workerLog);
        SameResults.assertSameMetrics(a.resolve("runs.csv"), b.resolve("runs.csv"), where);
        assertThat(Files.readAllBytes(b.resolve("twomoon.png"))).as(where)
                .isEqualTo(Files.readAllBytes(a.resolve("twomoon.png")));
        assertThat(workerLog).contains("task 0: supervised/default/seed0: done");
        // a rerun finds every run ended and starts no worker
        MainAccess.runTable(par, "twomoon", "profile", "smoke", "seeds", "0", "parallel", "2");
        assertThat(b.resolve("logs/task-0.log")).content().isEqualTo(workerLog);
    }

    @Test
    void sequentialRunsSkipEndedRunsAndReportFailuresAfterRenderingTheTable(@TempDir Path dir) throws Exception {
        FakePlan plan = new FakePlan(dir, "a/seed0", "b/seed0", "c/seed0");
        plan.states.set(0, new State(Status.DONE, "acc 50 %"));
        plan.states.set(1, new State(Status.FAILED, "diverged at step 3"));
        assertThatThrownBy(() -> LocalExecutor.sequential(plan, RunOptions.of(Profile.SMOKE, dir)))
                .isInstanceOf(LocalExecutor.RunsFailedException.class)
                .hasMessageContaining("1 run(s) failed").hasMessageContaining("b/seed0: diverged at step 3");
        assertThat(plan.executed).containsExactly(2);
        assertThat(plan.rendered).containsExactly(List.of());
    }

    @Test
    void aWorkerThatDiesWithoutAResultIsANoteWithItsLog(@TempDir Path dir) throws Exception {
        FakePlan plan = new FakePlan(dir, "a/seed0", "b/seed0");
        plan.states.set(0, new State(Status.DONE, "acc 50 %"));
        // run 1's worker exits 3 without writing anything
        assertThatThrownBy(() -> LocalExecutor.parallel(plan, RunOptions.of(Profile.SMOKE, dir), 2,
                i -> new ProcessBuilder("bash", "-c", "echo worker " + i + "; exit 3")))
                .isInstanceOf(LocalExecutor.RunsFailedException.class)
                .hasMessageContaining("b/seed0: worker exited with 3, no result (log logs/task-1.log)");
        assertThat(plan.rendered).containsExactly(List.of("`b/seed0`: worker exited with 3, no result (log `logs/task-1.log`)"));
        assertThat(dir.resolve("logs/task-1.log")).content().isEqualTo("worker 1\n");
        assertThat(dir.resolve("logs/task-0.log")).as("ended runs start no worker").doesNotExist();
    }

    @Test
    void aWorkerThatStopsItsRunWithACheckpointAsAskedIsNoFailure(@TempDir Path dir) throws Exception {
        FakePlan plan = new FakePlan(dir, "a/seed0");
        // -Dstop-after: the worker leaves a checkpoint and exits 0
        LocalExecutor.parallel(plan, RunOptions.of(Profile.SMOKE, dir), 2, i -> {
            plan.states.set(i, new State(Status.PARTIAL, "checkpoint at step 4 of 10"));
            return new ProcessBuilder("true");
        });
        assertThat(plan.rendered).containsExactly(List.of());
    }
}
