package org.mplbench.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.EngineInfo;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;
import org.mplbench.reports.NightlyCheck;
import org.mplbench.reports.Provenance;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.RunId;

/** The nightly orchestration end to end with a runner whose results the test controls. */
class NightlyTest {

    /** Writes fixed results: accuracy {@code acc} for seeds 0–2 at {@code msPerStep}. */
    static final class FakeRunner implements Runner {
        double acc = 0.8;
        double msPerStep = 100;
        String threads = EngineInfo.current().threads();
        int runs;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public List<String> aliases() {
            return List.of();
        }

        @Override
        public String description() {
            return "test runner";
        }

        @Override
        public String folder() {
            return "fake";
        }

        @Override
        public List<String> nightlyMetrics() {
            return List.of("acc_test");
        }

        @Override
        public void run(RunOptions o) throws Exception {
            runs++;
            Path dir = o.resultsDir(folder());
            assertThat(dir.resolve("runs")).as("the nightly starts from scratch").doesNotExist();
            Files.createDirectories(dir.resolve("runs"));
            List<ResultRow> rows = new ArrayList<>();
            for (long seed = 0; seed < 3; seed++) {
                rows.add(new ResultRow(new RunId("fake", "c", "d", "mpl", "paper", seed, 1, o.profile().id(), "synthetic"),
                        "acc_test", acc + 0.01 * seed, 10, msPerStep / 100, msPerStep,
                        new Provenance("commit" + runs, false, "cfg", "MXNet", "1.9.0", "cpu()", threads, "17")));
            }
            ResultsCsv.write(dir.resolve("runs.csv"), rows);
        }
    }

    private static RunOptions nightly(Path root) {
        return RunOptions.of(Profile.NIGHTLY, root);
    }

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    /** The machine's speed, fixed: a slowdown the test plants is the only one it can see. */
    private static final java.util.function.Supplier<Calibration.Measurement> FIXED =
            () -> new Calibration.Measurement(40.0, 38.0, 45.0);

    @Test
    void noBaselineThenAcceptThenPassThenPlantedRegressions(@TempDir Path root) throws Exception {
        FakeRunner fake = new FakeRunner();
        Path dir = root.resolve("results/fake/nightly");
        Files.createDirectories(dir.resolve("runs/stale"));

        assertThatThrownBy(() -> Nightly.run(fake, nightly(root), QUIET, QUIET, FIXED))
                .isInstanceOf(NightlyCheck.BaselineException.class).hasMessageContaining("-Dnightly.accept");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("NO BASELINE");
        List<ResultRow> current = ResultsCsv.read(dir.resolve("current.csv"));
        assertThat(current).hasSize(4).anyMatch(r -> r.run().method().equals(NightlyCheck.CALIBRATION)
                && r.value() == 38.0 && r.run().variant().equals(Calibration.WORKLOAD));

        Nightly.accept(fake, nightly(root), QUIET);
        assertThat(ResultsCsv.read(dir.resolve("baseline.csv"))).isEqualTo(current);

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Nightly.run(fake, nightly(root), QUIET, new PrintStream(err), FIXED)).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("report.md"))).startsWith("# Nightly check — fake: PASS")
                .contains("baseline: commit `commit1`").contains("Nightly run:");

        fake.acc = 0.75; // 5 pp below a baseline whose seed spread allows max(1, 2·1/√3) pp
        assertThat(Nightly.run(fake, nightly(root), QUIET, QUIET, FIXED)).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("REGRESSION (1)").contains("**accuracy** c / mpl / paper");

        fake.acc = 0.8;
        fake.msPerStep = 200; // twice as slow with the same calibration
        assertThat(Nightly.run(fake, nightly(root), QUIET, QUIET, FIXED)).isEqualTo(1);
        assertThat(Files.readString(dir.resolve("report.md"))).contains("**speed** c / mpl / paper");
        assertThat(fake.runs).isEqualTo(4);
    }

    @Test
    void aMalformedBaselineFailsBeforeTraining(@TempDir Path root) throws Exception {
        FakeRunner fake = new FakeRunner();
        Path baseline = root.resolve("results/fake/nightly/baseline.csv");
        Files.createDirectories(baseline.getParent());
        Files.writeString(baseline, String.join(",", ResultsCsv.COLUMNS) + "\nfake,c,d,mpl\n");
        assertThatThrownBy(() -> Nightly.run(fake, nightly(root), QUIET, QUIET, FIXED))
                .isInstanceOf(NightlyCheck.BaselineException.class).hasMessageContaining(baseline + ":2");
        assertThat(fake.runs).isZero();
    }

    @Test
    void aBaselineRecordedWithOtherThreadsIsRefusedBeforeTraining(@TempDir Path root) throws Exception {
        FakeRunner fake = new FakeRunner();
        fake.threads = "99";
        assertThatThrownBy(() -> Nightly.run(fake, nightly(root), QUIET, QUIET, FIXED)).hasMessageContaining("no nightly baseline");
        Nightly.accept(fake, nightly(root), QUIET);
        fake.threads = EngineInfo.current().threads();
        assertThatThrownBy(() -> Nightly.run(fake, nightly(root), QUIET, QUIET, FIXED))
                .isInstanceOf(NightlyCheck.BaselineException.class).hasMessageContaining("recorded with threads 99")
                .hasMessageContaining("OMP_NUM_THREADS");
        assertThat(fake.runs).isEqualTo(1);
    }

    @Test
    void acceptWithoutANightlyRunAndOtherProfilesAreRefused(@TempDir Path root) {
        FakeRunner fake = new FakeRunner();
        assertThatThrownBy(() -> Nightly.accept(fake, nightly(root), QUIET)).hasMessageContaining("nothing to accept");
        assertThatThrownBy(() -> Nightly.run(fake, RunOptions.of(Profile.CPU, root), QUIET, QUIET, FIXED))
                .isInstanceOf(ConfigException.class);
    }
}
