package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.testcontainers.containers.Container.ExecResult;

/**
 * Tables submitted to a real Slurm cluster (a controller and two compute nodes in containers, see
 * {@link SlurmCluster}) from its controller, as a user would from a login node: the merged results
 * equal a local run of the same specifications; a requeued task resumes from the checkpoint its JVM
 * wrote on SIGTERM; a task whose node dies is requeued on the other node; a diverging task and a GPU
 * request on a machine without one show as failed, with their logs. Skipped, saying why, where no
 * Docker engine can run; {@code .ci/run} sets {@code MPL_REQUIRE_DOCKER=1} so that on the CI machine
 * kind a missing engine fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlurmClusterTest {

    private static final Duration TABLE_TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    static Path shared;
    static SlurmCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        var why = SlurmCluster.unavailable();
        if (why.isPresent() && "1".equals(System.getenv("MPL_REQUIRE_DOCKER"))) {
            throw new AssertionError("MPL_REQUIRE_DOCKER=1 but " + why.get());
        }
        assumeTrue(why.isEmpty(), () -> "Slurm cluster tests skipped: " + why.get());
        assumeTrue(!"PyTorch".equals(System.getProperty("ai.djl.default_engine")),
                "Slurm cluster tests run on the default engine only (the executor does not depend on it)");
        cluster = new SlurmCluster(shared);
        System.out.printf("Slurm cluster (ctl, c1, c2) up in %.1f s%n", cluster.startSeconds);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Array and merge job ids of a submission. */
    record Jobs(String array, String merge) {}

    private static final Pattern SUBMITTED = Pattern.compile("as Slurm array job (\\d+) .* and merge job (\\d+)");

    /** Submits {@code -Dtable=table} from the controller with results under {@code root}. */
    static Jobs submit(Path root, String table, String... kv) throws IOException, InterruptedException {
        ExecResult r = main(root, table, "executor", "slurm", concat(kv, "slurm.cpus", "1", "slurm.java", SlurmCluster.JAVA));
        Matcher m = SUBMITTED.matcher(r.getStdout());
        assertThat(m.find()).as("submission output:\n%s\n%s", r.getStdout(), r.getStderr()).isTrue();
        return new Jobs(m.group(1), m.group(2));
    }

    /** The suite's command on the controller; {@code extra} then {@code kv} are option name/value pairs. */
    static ExecResult main(Path root, String table, String k, String v, String... kv) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(SlurmCluster.JAVA, "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=MXNet", "-Dmpl.fork=false", "-Dprogress=false", "-Dtable=" + table,
                "-Dmpl.root=" + root, "-D" + k + "=" + v));
        for (int i = 0; i + 1 < kv.length; i += 2) {
            cmd.add("-D" + kv[i] + "=" + kv[i + 1]);
        }
        cmd.addAll(List.of("-cp", String.join(":", SlurmCluster.classpath()), "org.mplbench.experiments.Main"));
        StringBuilder script = new StringBuilder();
        for (String w : cmd) {
            script.append(Shell.quote(w)).append(' ');
        }
        return cluster.sh("cd /tmp && " + script);
    }

    static Path resultsDir(Path root, String table) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("results").resolve(table))) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    @Order(1)
    void twoMoonAndTable2SmokeTablesOnTheClusterEqualLocalRuns(@TempDir Path local) throws Exception {
        Path root = shared.resolve("smoke");
        long t0 = System.nanoTime();
        Jobs twomoon = submit(root, "twomoon", "profile", "smoke");
        Jobs table2 = submit(root, "2", "profile", "smoke");
        assertThat(cluster.awaitEnd(twomoon.merge(), TABLE_TIMEOUT)).isEqualTo("COMPLETED");
        assertThat(cluster.awaitEnd(table2.merge(), TABLE_TIMEOUT)).isEqualTo("COMPLETED");
        System.out.printf("TwoMoon and Table 2 smoke on the cluster: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        SameResults.runInOwnJvm(local, "twomoon", "profile", "smoke");
        SameResults.runInOwnJvm(local, "2", "profile", "smoke", "threads", "1");
        for (String table : List.of("twomoon", "table2")) {
            Path ours = resultsDir(root, table);
            SameResults.assertSameMetrics(resultsDir(local, table).resolve("runs.csv"), ours.resolve("runs.csv"),
                    table + ": local run against the cluster's");
            assertThat(Files.readString(ours.resolve("table.md"))).doesNotContain("Runs without a result");
            assertThat(ours.resolve("slurm/array.sbatch")).exists();
        }
        ExecResult status = main(root, "twomoon", "status", "true", "profile", "smoke");
        assertThat(status.getStdout()).contains("16 runs: 16 done", "merge job " + twomoon.merge());
    }

    @Test
    @Order(2)
    void aRequeuedTaskResumesFromTheCheckpointWrittenOnSigtermAndEndsIdentically(@TempDir Path local)
            throws Exception {
        Path root = shared.resolve("requeue");
        // no periodic checkpoint before the end: a resume can only start from the SIGTERM one
        String[] kv = {"profile", "smoke", "methods", "mpl", "steps", "160", "budget.checkpoint_every", "1000",
            "budget.eval_every", "1000"};
        Jobs jobs = submit(root, "2", kv);
        String task = jobs.array() + "_0";
        cluster.await(Duration.ofMinutes(2), "the task to log 30 steps", () -> trainLines(root) >= 3);
        ExecResult requeue = cluster.sh("scontrol requeue " + task);
        assertThat(requeue.getExitCode()).as(requeue.getStderr()).isZero();
        cluster.await(Duration.ofMinutes(1), "the requeued task to be pending", () -> cluster.jobState(task).equals("PENDING"));
        // a requeued job is held ~2 minutes before it may start again
        cluster.sh("scontrol update jobid=" + task + " StartTime=now");
        cluster.awaitDrained(TABLE_TIMEOUT);
        // the task's log (both attempts) explains a missing result; this test failed once that way, unexplained
        String log = Files.readString(resultsDir(root, "table2").resolve("slurm/logs/task-0.log"), StandardCharsets.UTF_8);
        assertThat(Files.readString(resultsDir(root, "table2").resolve("table.md"))).as(log)
                .doesNotContain("Runs without a result");

        assertThat(log).contains("attempt 0", "attempt 1", "(resuming: checkpoint at step ");
        Path result = find(root, "result.json");
        long resumedFrom = JsonParser.parseString(Files.readString(result)).getAsJsonObject().get("resumedFrom").getAsLong();
        assertThat(resumedFrom).isGreaterThanOrEqualTo(30).isLessThan(160);
        System.out.println("requeued task resumed from step " + resumedFrom + " of 160");

        SameResults.runInOwnJvm(local, "2", concat(kv, "threads", "1"));
        SameResults.assertSameMetrics(resultsDir(local, "table2").resolve("runs.csv"),
                resultsDir(root, "table2").resolve("runs.csv"), "table2: local run against the cluster's");
    }

    @Test
    @Order(3)
    void aDivergingTaskShowsAsFailedWithItsLog() throws Exception {
        Path root = shared.resolve("nan");
        // weight decay 1 at learning rate 100 multiplies the weights by -99 per step: inf, then NaN
        String[] kv = {"profile", "smoke", "methods", "supervised", "steps", "30", "budget.lr_teacher", "100",
            "budget.weight_decay", "1"};
        Jobs jobs = submit(root, "2", kv);
        assertThat(cluster.awaitEnd(jobs.merge(), TABLE_TIMEOUT)).isEqualTo("COMPLETED");
        Path dir = resultsDir(root, "table2");
        assertThat(cluster.jobState(jobs.array() + "_0")).as(Files.readString(dir.resolve("slurm/logs/task-0.log")))
                .isEqualTo("FAILED");
        assertThat(Files.readString(dir.resolve("table.md"))).contains("1 failed", "## Runs without a result",
                "`cifar10-4k/supervised/seed0` (Slurm array task " + jobs.array() + "_0): failed: supervised diverged at step",
                "log `slurm/logs/task-0.log`");
        assertThat(Files.readString(dir.resolve("slurm/logs/task-0.log"))).contains("diverged at step");
        assertThat(ResultsCsv.read(dir.resolve("runs.csv"))).extracting(ResultRow::metric).containsExactly("failed");
        assertThat(main(root, "2", "status", "true", kv).getStdout()).contains("1 runs: 1 failed");
    }

    @Test
    @Order(4)
    void aGpuRequestReachesTheTaskAndFailsThereWithTheReason() throws Exception {
        Path root = shared.resolve("gpu");
        Jobs jobs = submit(root, "2", "profile", "smoke", "methods", "supervised", "device", "gpu");
        cluster.awaitEnd(jobs.merge(), TABLE_TIMEOUT);
        Path dir = resultsDir(root, "table2");
        assertThat(Files.readString(dir.resolve("slurm/array.sbatch"))).contains("#SBATCH --gres=gpu:1\n", "'-Ddevice=gpu'");
        String log = Files.readString(dir.resolve("slurm/logs/task-0.log"));
        assertThat(log).contains("CUDA_VISIBLE_DEVICES=0", "Invalid configuration: -Ddevice: a GPU was asked for, but the MXNet");
        assertThat(cluster.jobState(jobs.array() + "_0")).isEqualTo("FAILED");
    }

    @Test
    @Order(5)
    void aTaskOnANodeThatDiesIsRequeuedOnTheOtherNodeAndTheTableCompletes(@TempDir Path local) throws Exception {
        Path root = shared.resolve("node");
        String[] kv = {"profile", "smoke", "methods", "supervised,mpl", "steps", "120"};
        Jobs jobs = submit(root, "2", kv);
        String[] node = new String[1];
        cluster.await(Duration.ofMinutes(2), "task 1 to run and log steps", () -> {
            String q = cluster.sh("squeue -h -r -j " + jobs.array() + " -o '%i %T %N'").getStdout();
            Matcher m = Pattern.compile(jobs.array() + "_1 RUNNING (c\\d)").matcher(q);
            if (m.find()) {
                node[0] = m.group(1);
            }
            return node[0] != null && trainLines(root) >= 2;
        });
        var dead = cluster.node(node[0]);
        dead.getDockerClient().killContainerCmd(dead.getContainerId()).exec();
        long t0 = System.nanoTime();
        String task = jobs.array() + "_1";
        cluster.await(Duration.ofMinutes(3), "the dead node's task to be requeued", () ->
                cluster.jobState(task).equals("PENDING"));
        System.out.printf("node %s killed: its task requeued after %.1f s%n", node[0], (System.nanoTime() - t0) / 1e9);
        cluster.sh("scontrol update jobid=" + task + " StartTime=now");
        cluster.awaitDrained(TABLE_TIMEOUT);
        assertThat(Files.readString(resultsDir(root, "table2").resolve("table.md"))).doesNotContain("Runs without a result");
        String other = node[0].equals("c1") ? "c2" : "c1";
        String log = Files.readString(resultsDir(root, "table2").resolve("slurm/logs/task-1.log"));
        assertThat(log).contains("on " + node[0] + ", attempt 0", "on " + other + ", attempt 1");

        SameResults.runInOwnJvm(local, "2", concat(kv, "threads", "1"));
        SameResults.assertSameMetrics(resultsDir(local, "table2").resolve("runs.csv"),
                resultsDir(root, "table2").resolve("runs.csv"), "table2: local run against the cluster's");
    }

    /** Lines of the first train.jsonl under {@code root} (one per 10 steps at the smoke budget). */
    static long trainLines(Path root) throws IOException {
        try {
            Path f = find(root, "train.jsonl");
            try (Stream<String> lines = Files.lines(f)) {
                return lines.count();
            }
        } catch (java.util.NoSuchElementException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    static Path find(Path root, String name) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new java.util.NoSuchElementException(root.toString());
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    static String[] concat(String[] kv, String... more) {
        String[] out = java.util.Arrays.copyOf(kv, kv.length + more.length);
        System.arraycopy(more, 0, out, kv.length, more.length);
        return out;
    }
}
