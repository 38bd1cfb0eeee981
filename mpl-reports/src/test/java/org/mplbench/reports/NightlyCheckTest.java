package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.reports.NightlyCheck.BaselineException;
import org.mplbench.reports.NightlyCheck.Finding;
import org.mplbench.reports.NightlyCheck.Outcome;
import org.mplbench.reports.NightlyCheck.Tolerance;

class NightlyCheckTest {

    private static final List<String> METRICS = List.of("acc_test");

    private static ResultRow row(String commit, String method, long seed, String metric, double value, double msPerStep) {
        return new ResultRow(new RunId("twomoon", "twomoon", "twomoon", method, "default", seed, seed, "nightly", "synthetic"),
                metric, value, 1000, msPerStep, msPerStep,
                new Provenance(commit, false, "cfg", "MXNet", "1.9.0", "cpu()", "2", "17"));
    }

    private static ResultRow calibration(String commit, double ms) {
        return new ResultRow(new RunId("twomoon", NightlyCheck.CALIBRATION, "-", NightlyCheck.CALIBRATION, "gemm-256", 0, 0,
                "nightly", "synthetic"), NightlyCheck.CALIBRATION_MS, ms, 0, 0, 0,
                new Provenance(commit, false, "-", "MXNet", "1.9.0", "cpu()", "2", "17"));
    }

    /** Supervised at 80/82/84 % (std 2, n 3: tolerance max(1, 2·2/√3 = 2.31) pp), MPL at 90 % flat (tolerance 1 pp). */
    private static List<ResultRow> results(String commit, UnaryOperator<ResultRow> change, double calibrationMs) {
        List<ResultRow> rows = new ArrayList<>();
        double[] sup = {0.80, 0.82, 0.84};
        for (int s = 0; s < 3; s++) {
            rows.add(change.apply(row(commit, "supervised", s, "acc_test", sup[s], 2.0)));
            rows.add(change.apply(row(commit, "mpl", s, "acc_test", 0.90, 4.0)));
        }
        rows.add(calibration(commit, calibrationMs));
        return rows;
    }

    private static Outcome compare(List<ResultRow> now) {
        return NightlyCheck.compare(results("base", r -> r, 10), now, METRICS, Tolerance.defaults());
    }

    private static ResultRow withValue(ResultRow r, double v) {
        return new ResultRow(r.run(), r.metric(), v, r.steps(), r.wallSeconds(), r.msPerStep(), r.provenance());
    }

    private static ResultRow withMs(ResultRow r, double ms) {
        return new ResultRow(r.run(), r.metric(), r.value(), r.steps(), r.wallSeconds(), ms, r.provenance());
    }

    @Test
    void identicalResultsPass() throws Exception {
        Outcome o = compare(results("now", r -> r, 10));
        assertThat(o.regressed()).isFalse();
        assertThat(o.findings()).extracting(Finding::check).containsExactly("accuracy", "speed", "accuracy", "speed");
        Golden.assertMatches("nightly-pass.md", NightlyCheck.markdown("twomoon", o, Tolerance.defaults()));
    }

    @Test
    void aPlantedAccuracyDropIsDetected() throws Exception {
        // MPL drops 1.5 pp (> floor 1 pp); supervised drops 2 pp (< its seed-spread tolerance 2.31 pp): only MPL regresses
        Outcome o = compare(results("now", r -> withValue(r, r.value() - (r.run().method().equals("mpl") ? 0.015 : 0.02)), 10));
        assertThat(o.regressed()).isTrue();
        assertThat(o.findings()).filteredOn(Finding::regression).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("accuracy");
            assertThat(f.key()).isEqualTo("twomoon / mpl / default acc_test");
            assertThat(f.current()).isCloseTo(88.5, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(f.limit()).isCloseTo(89.0, org.assertj.core.data.Offset.offset(1e-9));
        });
        Golden.assertMatches("nightly-accuracy-drop.md", NightlyCheck.markdown("twomoon", o, Tolerance.defaults()));
    }

    @Test
    void aPlantedSlowdownIsDetectedButASlowerMachineIsNot() {
        // MPL 1.3× slower on the same machine: regression; supervised 1.2×: within 1.25
        Outcome slow = compare(results("now", r -> withMs(r, r.msPerStep() * (r.run().method().equals("mpl") ? 1.3 : 1.2)), 10));
        assertThat(slow.findings()).filteredOn(Finding::regression).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("speed");
            assertThat(f.key()).isEqualTo("twomoon / mpl / default");
            assertThat(f.detail()).contains("ratio 1.300");
        });
        // everything 2× slower, calibration too: the machine, not the code
        assertThat(compare(results("now", r -> withMs(r, 2 * r.msPerStep()), 20)).regressed()).isFalse();
    }

    @Test
    void aMissingMethodOrFailedRunIsARegression() {
        List<ResultRow> now = new ArrayList<>(results("now", r -> r, 10));
        now.removeIf(r -> r.run().method().equals("supervised"));
        now.add(row("now", "pseudo-labels", 0, "acc_test", 0.5, 1));
        Outcome o = compare(now);
        assertThat(o.findings()).filteredOn(Finding::regression).extracting(Finding::check).containsExactly("missing");
        assertThat(o.findings()).extracting(Finding::check).contains("new");

        List<ResultRow> failed = new ArrayList<>(results("now", r -> r, 10));
        failed.removeIf(r -> r.run().method().equals("mpl") && r.run().seed() == 2);
        failed.add(row("now", "mpl", 2, ComparisonTable.FAILED, 17, 4));
        assertThat(compare(failed).findings()).filteredOn(Finding::regression).extracting(Finding::check)
                .containsExactly("failed", "missing");
    }

    @Test
    void aMissingOrMalformedBaselineGivesAClearError(@TempDir Path dir) throws Exception {
        Path baseline = dir.resolve("baseline.csv");
        assertThatThrownBy(() -> NightlyCheck.readBaseline(baseline)).isInstanceOf(BaselineException.class)
                .hasMessageContaining("no nightly baseline at " + baseline).hasMessageContaining("-Dnightly.accept");

        ResultsCsv.write(baseline, results("base", r -> r, 10));
        assertThat(NightlyCheck.readBaseline(baseline)).hasSize(7);
        List<String> lines = new ArrayList<>(Files.readAllLines(baseline));
        lines.set(3, lines.get(3).replace(",0.82,", ",eighty,"));
        Files.write(baseline, lines);
        assertThatThrownBy(() -> NightlyCheck.readBaseline(baseline)).isInstanceOf(BaselineException.class)
                .hasMessageContaining(baseline + ":4").hasMessageContaining("'eighty' is not a number");

        ResultsCsv.write(baseline, results("base", r -> r, 10).subList(0, 6));
        assertThatThrownBy(() -> NightlyCheck.readBaseline(baseline)).hasMessageContaining("has no calibration row");
    }
}
