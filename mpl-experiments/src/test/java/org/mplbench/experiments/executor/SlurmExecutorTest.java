package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;

/** Submission, index mapping, status and the merge's notes, against a recorded stand-in for sbatch and squeue. */
class SlurmExecutorTest {

    /** Records each command and answers from {@code answers} (by its first two words). */
    static final class Recorder implements SlurmExecutor.Commands {
        final List<List<String>> calls = new ArrayList<>();
        final List<Path> dirs = new ArrayList<>();
        final Map<String, String> answers;

        Recorder(Map<String, String> answers) {
            this.answers = answers;
        }

        @Override
        public String run(List<String> command, Path workingDir) throws IOException {
            calls.add(command);
            dirs.add(workingDir);
            String a = answers.get(command.get(0) + " " + command.get(command.size() - 1));
            if (a == null) {
                a = answers.get(command.get(0));
            }
            if (a == null) {
                throw new IOException(command.get(0) + ": error: Invalid job id specified");
            }
            return a;
        }
    }

    static FakePlan plan(Path dir) {
        FakePlan p = new FakePlan(dir.resolve("results/fake/smoke"), "c/a/seed0", "c/b/seed0", "c/a/seed1", "c/b/seed1");
        p.states.set(1, new State(Status.DONE, "acc 60 %"));
        p.states.set(2, new State(Status.PARTIAL, "checkpoint at step 4 of 10"));
        return p;
    }

    static final TaskCommand COMMAND = new TaskCommand("/usr/bin/java", List.of(), List.of("-Dtable=fake"), "/lib/x.jar",
            Map.of());

    @Test
    void submitsTheRunsThatHaveNotEndedByTheirPlanIndexThenTheMergeAfterThem(@TempDir Path dir) throws Exception {
        FakePlan plan = plan(dir);
        Recorder sbatch = new Recorder(Map.of("sbatch slurm/array.sbatch", "4242;cluster\n",
                "sbatch slurm/merge.sbatch", "4243\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(SlurmExecutor.submit(plan, "smoke", SlurmScriptTest.settings(), false, COMMAND, sbatch,
                new PrintStream(out))).isTrue();

        assertThat(sbatch.calls).containsExactly(List.of("sbatch", "--parsable", "slurm/array.sbatch"),
                List.of("sbatch", "--parsable", "--dependency=afterany:4242", "--export=ALL,MPL_ARRAY_JOB=4242",
                        "slurm/merge.sbatch"));
        assertThat(sbatch.dirs).containsOnly(plan.resultsDir());
        Path slurm = plan.resultsDir().resolve("slurm");
        assertThat(Files.readString(slurm.resolve("array.sbatch"))).contains("#SBATCH --array=0,2-3%4\n",
                "  0) key='c/a/seed0' ;;\n  2) key='c/a/seed1' ;;\n  3) key='c/b/seed1' ;;\n").doesNotContain("1) key");
        assertThat(Files.readString(slurm.resolve("runs.tsv")))
                .isEqualTo("index\trun\n0\tc/a/seed0\n1\tc/b/seed0\n2\tc/a/seed1\n3\tc/b/seed1\n");
        assertThat(Files.readString(slurm.resolve("submission.json"))).contains("\"arrayJob\": \"4242\"",
                "\"mergeJob\": \"4243\"", "\"mergeName\": \"mpl-fake-smoke-merge\"");
        assertThat(plan.resultsDir().resolve("slurm/logs")).isDirectory();
        assertThat(out.toString()).contains("submitted 3 runs as Slurm array job 4242 (0,2-3) and merge job 4243");
    }

    @Test
    void aDryRunWritesTheScriptsAndSubmitsNothing(@TempDir Path dir) throws Exception {
        FakePlan plan = plan(dir);
        Recorder none = new Recorder(Map.of());
        SlurmSettings s = SlurmScriptTest.settings();
        SlurmSettings dry = new SlurmSettings(s.partition(), s.account(), s.qos(), s.time(), s.throttle(), s.cpus(),
                s.mem(), s.gpus(), s.java(), true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SlurmExecutor.submit(plan, "smoke", dry, false, COMMAND, none, new PrintStream(out));
        assertThat(none.calls).isEmpty();
        assertThat(plan.resultsDir().resolve("slurm/array.sbatch")).exists();
        assertThat(out.toString()).contains("dry run", "sbatch --parsable slurm/array.sbatch");
    }

    @Test
    void nothingIsSubmittedWhenEveryRunHasEnded(@TempDir Path dir) throws Exception {
        FakePlan plan = plan(dir);
        for (int i = 0; i < 4; i++) {
            plan.states.set(i, new State(i == 3 ? Status.FAILED : Status.DONE, ""));
        }
        Recorder none = new Recorder(Map.of());
        assertThat(SlurmExecutor.submit(plan, "smoke", SlurmScriptTest.settings(), false, COMMAND, none,
                new PrintStream(new ByteArrayOutputStream()))).isFalse();
        assertThat(none.calls).isEmpty();
    }

    @Test
    void statusJoinsTheResultsOnDiskWithTheQueue(@TempDir Path dir) throws Exception {
        FakePlan plan = plan(dir);
        SlurmExecutor.submit(plan, "smoke", SlurmScriptTest.settings(), false, COMMAND,
                new Recorder(Map.of("sbatch slurm/array.sbatch", "77\n", "sbatch slurm/merge.sbatch", "78\n")),
                new PrintStream(new ByteArrayOutputStream()));
        // task 0 runs, task 2 waits, task 3 has left the queue without a result
        Recorder squeue = new Recorder(Map.of("squeue %i|%T|%R", "77_0|RUNNING|c1\n77_2|PENDING|Priority\n",
                "squeue %T|%R", "PENDING|Dependency\n"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SlurmExecutor.status(plan, squeue, new PrintStream(out));
        String s = out.toString();
        assertThat(s).contains("4 runs: 1 running, 1 done, 1 pending, 1 failed");
        assertThat(s).containsPattern("\\n   0  c/a/seed0 +running +running on c1\\n");
        assertThat(s).containsPattern("\\n   1  c/b/seed0 +done +acc 60 %\\n");
        assertThat(s).containsPattern("\\n   2  c/a/seed1 +pending +pending \\(Priority\\); checkpoint at step 4 of 10\\n");
        assertThat(s).containsPattern("\\n   3  c/b/seed1 +failed +task ended without a result; log slurm/logs/task-3.log\\n");
        assertThat(s).contains("merge job 78: PENDING (Dependency)");

        // the merge job handed over to a successor (a requeued task was still queued): found by its name
        Recorder successor = new Recorder(Map.of("squeue %i|%T|%R", "", "squeue %T|%R|%i", "PENDING|Dependency|91\n"));
        ByteArrayOutputStream later = new ByteArrayOutputStream();
        SlurmExecutor.status(plan, successor, new PrintStream(later));
        assertThat(successor.calls).contains(List.of("squeue", "-h", "-n", "mpl-fake-smoke-merge", "-o", "%T|%R|%i"));
        assertThat(later.toString()).contains("merge job 78: PENDING (Dependency), as its successor job 91");
    }

    @Test
    void theMergeNotesEveryRunOfTheSubmissionWithoutAResultAndItsLog(@TempDir Path dir) throws Exception {
        FakePlan plan = plan(dir);
        assertThat(SlurmExecutor.notes(plan)).as("no submission: no notes").isEmpty();
        SlurmExecutor.submit(plan, "smoke", SlurmScriptTest.settings(), false, COMMAND,
                new Recorder(Map.of("sbatch slurm/array.sbatch", "77\n", "sbatch slurm/merge.sbatch", "78\n")),
                new PrintStream(new ByteArrayOutputStream()));
        plan.states.set(0, new State(Status.DONE, "acc 55 %"));
        plan.states.set(3, new State(Status.FAILED, "b diverged at step 3: loss = NaN"));
        assertThat(SlurmExecutor.notes(plan)).containsExactly(
                "`c/a/seed1` (Slurm array task 77_2): no result: its task ended without one (partial, checkpoint at "
                        + "step 4 of 10); log `slurm/logs/task-2.log`",
                "`c/b/seed1` (Slurm array task 77_3): failed: b diverged at step 3: loss = NaN; log `slurm/logs/task-3.log`");
    }

    @Test
    void jobIdsAreReadFromSbatchParsableOutputOnly() throws IOException {
        assertThat(SlurmExecutor.jobId("12345\n")).isEqualTo("12345");
        assertThat(SlurmExecutor.jobId("12345;gpu-cluster\n")).isEqualTo("12345");
        assertThatThrownBy(() -> SlurmExecutor.jobId("sbatch: error: Batch job submission failed"))
                .hasMessageContaining("not a job id");
    }

    @Test
    void aMissingSbatchIsAUsageErrorThatSaysWhereToSubmitFrom(@TempDir Path dir) {
        assertThatThrownBy(() -> SlurmExecutor.PROCESSES.run(List.of("sbatch-that-does-not-exist", "x"), dir))
                .isInstanceOf(ConfigException.class).hasMessageContaining("submit from a machine of the cluster");
    }

    @Test
    void optionsAreCheckedTogether() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("executor", "slurm");
        p.setProperty("parallel", "2");
        assertThatThrownBy(() -> ExecutorOptions.from(p)).hasMessageContaining("-Dparallel: is for -Dexecutor=local");
        p.setProperty("executor", "kubernetes");
        assertThatThrownBy(() -> ExecutorOptions.from(p)).hasMessageContaining("'kubernetes' is not an executor");
        java.util.Properties q = new java.util.Properties();
        q.setProperty("slurm.partition", "gpu");
        assertThatThrownBy(() -> ExecutorOptions.from(q)).hasMessageContaining("-Dslurm.partition: is a Slurm setting");
        java.util.Properties r = new java.util.Properties();
        r.setProperty("task-key", "a/b/seed0");
        assertThatThrownBy(() -> ExecutorOptions.from(r)).hasMessageContaining("-Dtask-key: needs -Dtask");
        assertThat(ExecutorOptions.from(new java.util.Properties())).isEqualTo(
                new ExecutorOptions(false, 1, java.util.OptionalInt.empty(), Optional.empty(), false));
    }
}
