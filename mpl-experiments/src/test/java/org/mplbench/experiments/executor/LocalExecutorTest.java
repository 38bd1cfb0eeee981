package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Profile;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

class LocalExecutorTest {

    static Map<String, Double> metrics(Path runsCsv) throws java.io.IOException {
        Map<String, Double> m = new TreeMap<>();
        for (ResultRow r : ResultsCsv.read(runsCsv)) {
            m.put(r.run().fileKey() + " " + r.metric(), r.value());
        }
        return m;
    }

    @Test
    void twoWorkerJvmsGiveTheSequentialResultsAndFigure(@TempDir Path seq, @TempDir Path par) throws Exception {
        MainAccess.runTable(seq, "twomoon", "profile", "smoke", "seeds", "0");
        MainAccess.runTable(par, "twomoon", "profile", "smoke", "seeds", "0", "parallel", "2");
        Path a = seq.resolve("results/twomoon/smoke");
        Path b = par.resolve("results/twomoon/smoke");
        assertThat(metrics(b.resolve("runs.csv"))).hasSize(metrics(a.resolve("runs.csv")).size())
                .isEqualTo(metrics(a.resolve("runs.csv")));
        assertThat(Files.readAllBytes(b.resolve("twomoon.png"))).isEqualTo(Files.readAllBytes(a.resolve("twomoon.png")));
        assertThat(b.resolve("logs/task-0.log")).content().contains("task 0: supervised/default/seed0: done");
        // a rerun finds every run ended and starts no worker
        String log = Files.readString(b.resolve("logs/task-0.log"));
        MainAccess.runTable(par, "twomoon", "profile", "smoke", "seeds", "0", "parallel", "2");
        assertThat(b.resolve("logs/task-0.log")).content().isEqualTo(log);
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
