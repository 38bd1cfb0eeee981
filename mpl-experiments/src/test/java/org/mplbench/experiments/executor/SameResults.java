package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.bench.MachineId;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * What "the same results whatever the executor" means in the tests, and the reference run they are
 * compared with.
 */
final class SameResults {

    private SameResults() {}

    /**
     * The table run one run after another in a JVM of its own, as {@code mvn exec:java} runs it: the
     * reference must start like the workers and cluster tasks do. In the test JVM the engine is
     * already loaded, so what is decided before it loads (the oneDNN instruction-set cap,
     * {@code NativeIsa}) would depend on which test class ran first. Returns the JVM's output.
     */
    static String runInOwnJvm(Path root, String table, String... keyValues) throws IOException, InterruptedException {
        List<String> cmd = MainAccess.jvmCommand(root, table, List.of(), keyValues);
        Path log = Files.createDirectories(root).resolve("reference-" + table + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("reference run of %s ended", table).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    /** Every result of {@code runs.csv} by run, metric and native thread count, timings aside. */
    static Map<String, Double> metrics(Path runsCsv) throws IOException {
        Map<String, Double> m = new TreeMap<>();
        for (ResultRow r : ResultsCsv.read(runsCsv)) {
            m.put(r.run().fileKey() + " " + r.metric() + " threads=" + r.provenance().threads(), r.value());
        }
        return m;
    }

    /**
     * The same runs and metrics, every value equal, except mean |h|: a difference of two losses that
     * agree to 6 digits in float32 keeps only 2 or 3, so a last-bit difference in the native kernels
     * moves it in its 4th digit (seen once in CI, on another CPU: 2.99007e-6 against 2.99186e-6, every
     * other metric equal). {@code context} names where each side ran, for the failure's message.
     */
    static void assertSameMetrics(Path expectedCsv, Path actualCsv, String context) throws IOException {
        Map<String, Double> expected = metrics(expectedCsv);
        Map<String, Double> actual = metrics(actualCsv);
        String where = "CPU " + MachineId.current() + "; " + context;
        assertThat(actual.keySet()).as(where).isNotEmpty().isEqualTo(expected.keySet());
        expected.forEach((k, v) -> {
            if (k.contains(" mean_abs_h ")) {
                assertThat(actual.get(k)).as("%s; %s", k, where).isCloseTo(v, withinPercentage(1));
            } else {
                assertThat(actual.get(k)).as("%s; %s", k, where).isEqualTo(v);
            }
        });
    }

    /** The start-up lines that name the native settings, from a JVM's output. */
    static String nativeSettings(String output) {
        return output.lines().filter(l -> l.startsWith("Native threads")).collect(Collectors.joining(" | "));
    }
}
