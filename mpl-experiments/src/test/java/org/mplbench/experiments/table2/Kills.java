package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.mplbench.experiments.MainAccess;

/**
 * Table 2 smoke runs in their own JVMs, killed with SIGKILL when something happens on disk (a loss
 * line logged, a checkpoint being staged, a run finished) and restarted, for the kill-and-resume tests.
 * Kill points are events, not times, so the tests do not depend on the machine's speed.
 */
final class Kills {

    private Kills() {}

    /** A point to kill at: a name and what must be on disk under the results directory. */
    record Point(String name, Predicate<Path> reached) {}

    static Path runs(Path root) {
        return root.resolve("results/table2/smoke/runs/cifar10-4k");
    }

    /** The {@code k}-th loss line of {@code method}'s run has been logged. */
    static Point logged(String method, int k) {
        return new Point(method + " after loss line " + k, root -> lines(runs(root).resolve(method + "/seed0/train.jsonl")) >= k);
    }

    /** {@code method}'s run is staging a checkpoint (killed mid-write, or right after). */
    static Point staging(String method) {
        return new Point(method + " while staging a checkpoint",
                root -> Files.isDirectory(runs(root).resolve(method + "/seed0/checkpoint.new")));
    }

    /** {@code method}'s run has written its result (killed between runs). */
    static Point finished(String method) {
        return new Point(method + " after its result", root -> Files.isRegularFile(runs(root).resolve(method + "/seed0/result.json")));
    }

    private static long lines(Path f) {
        try {
            return Files.isRegularFile(f) ? Files.readAllLines(f).size() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static Process start(Path root, String methods, int n) throws IOException {
        List<String> cmd = MainAccess.jvmCommand(root, "2", List.of("-Xmx2g"), "profile", "smoke", "methods", methods);
        Files.createDirectories(root);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("jvm" + n + ".log").toFile()).start();
    }

    /** Runs to the end; fails with the JVM's output unless it exits 0. */
    static void finish(Path root, String methods, int n) throws Exception {
        Process p = start(root, methods, n);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("run %d ended", n).isTrue();
        assertThat(p.exitValue()).as(Files.readString(root.resolve("jvm" + n + ".log"))).isZero();
    }

    /**
     * Starts the run and SIGKILLs it as soon as {@code point} is reached (polled every 2 ms); returns
     * whether it was killed (false: it ended first).
     */
    static boolean killAt(Path root, String methods, Point point, int n) throws Exception {
        Process p = start(root, methods, n);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (point.reached().test(root)) {
                p.destroyForcibly(); // SIGKILL on Linux
                p.waitFor();
                return true;
            }
            Thread.sleep(2);
        }
        p.waitFor();
        return false;
    }

    /** Every method's final metrics, evaluations and logged losses equal the uninterrupted run's. */
    static void assertSameRuns(Path reference, Path resumed, String methods) throws IOException {
        for (String m : methods.split(",")) {
            Path a = runs(reference).resolve(m + "/seed0");
            Path b = runs(resumed).resolve(m + "/seed0");
            assertThat(json(b.resolve("result.json")).get("metrics")).as(m).isEqualTo(json(a.resolve("result.json")).get("metrics"));
            assertThat(withoutTimes(b.resolve("metrics.jsonl"))).as(m + " evaluations").isEqualTo(withoutTimes(a.resolve("metrics.jsonl")));
            assertThat(Files.readAllLines(b.resolve("train.jsonl"))).as(m + " losses").isEqualTo(Files.readAllLines(a.resolve("train.jsonl")));
        }
    }

    private static JsonObject json(Path f) throws IOException {
        return JsonParser.parseString(Files.readString(f)).getAsJsonObject();
    }

    private static List<String> withoutTimes(Path f) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(f)) {
            JsonObject o = JsonParser.parseString(l).getAsJsonObject();
            o.remove("train_seconds");
            out.add(o.toString());
        }
        return out;
    }
}
