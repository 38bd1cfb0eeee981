package org.mplbench.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dbench} end to end on tiny settings: child JVMs, the printed table, the CSV rows. */
class BenchSmokeTest {

    @Test
    void runsEachCaseInItsOwnJvmAndAppendsOneRowEach(@TempDir Path root) throws IOException {
        Properties p = new Properties();
        p.setProperty("bench", "twomoon-supervised,randaugment");
        p.setProperty("bench.warmup", "0");
        p.setProperty("bench.reps", "2");
        p.setProperty("bench.machine", "smoke");
        p.setProperty("bench.threads", "1");
        p.setProperty("mpl.root", root.toString());
        p.setProperty("ai.djl.offline", "true");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Bench.run(p, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("twomoon-supervised").contains("randaugment").contains("%peak");

        Path csv = root.resolve("results/bench/smoke.csv");
        List<CSVRecord> rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(Files.newBufferedReader(csv)).getRecords();
        assertThat(rows).extracting(r -> r.get("case")).containsExactly("twomoon-supervised", "randaugment");
        CSVRecord sup = rows.get(0);
        assertThat(sup.get("threads")).isEqualTo("1");
        assertThat(sup.get("threads_source")).isEqualTo("requested");
        assertThat(sup.get("reps")).isEqualTo("2");
        assertThat(sup.get("steps_per_rep")).isEqualTo("1000");
        assertThat(Double.parseDouble(sup.get("ms_per_step_median"))).isPositive();
        assertThat(Double.parseDouble(sup.get("peak_gflops"))).isPositive();
        // the supervised step is 6 labeled points through 2-8-8-2, forward and backward: 3 · 2 · 96 · 6 FLOPs
        double gflops = Double.parseDouble(sup.get("gflops"));
        double expected = 3 * 2 * 96 * 6 / (Double.parseDouble(sup.get("ms_per_step_median")) / 1000) / 1e9;
        assertThat(gflops).isCloseTo(expected, within(0.05 + expected * 1e-3));
        assertThat(sup.get("rss_growth_pct")).isEmpty();
        assertThat(rows.get(1).get("examples_per_s")).isNotEmpty();
        assertThat(rows.get(1).get("gflops")).isEmpty();
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy(@TempDir Path root) {
        for (String[] kv : new String[][] {{"bench", "mpl-step"}, {"bench.threads", "0"}, {"bench.reps", "x"}}) {
            Properties p = new Properties();
            p.setProperty("bench", "twomoon-mpl");
            p.setProperty("mpl.root", root.toString());
            p.setProperty(kv[0], kv[1]);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Bench.run(p, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(kv[0]).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("-D" + kv[0]);
        }
        assertThat(root.resolve("results")).doesNotExist();
    }
}
