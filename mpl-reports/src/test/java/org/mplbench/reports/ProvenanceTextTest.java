package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProvenanceTextTest {

    private static ResultRow row(String variant, long seed, String metric, double value, String commit, boolean dirty,
            String threads) {
        RunId id = new RunId("synthetic-cifar", "cifar10-4k", "synthetic-cifar", "supervised", variant, seed, 1, "smoke",
                "synthetic");
        Provenance p = new Provenance(commit, dirty, "abc", "MXNet", "1.9.1", "cpu()", threads, "17.0.15");
        return new ResultRow(id, metric, value, 4, 2.0, 500.0, p);
    }

    private static final List<ResultRow> ROWS = List.of(
            row("a", 0, "acc_test", 0.5, "0123456789abcdef", false, "2"),
            row("a", 0, "acc_labeled", 0.75, "0123456789abcdef", false, "2"),
            row("b", 1, "acc_test", 0.25, "fedcba9876543210", true, "1"));

    @Test
    void summaryListsDistinctCommitsThenEnvironments() {
        assertThat(ProvenanceText.summary(ROWS)).isEqualTo("commit 0123456789ab, fedcba987654 (dirty); "
                + "MXNet 1.9.1 on cpu(), OMP_NUM_THREADS 2, Java 17.0.15; MXNet 1.9.1 on cpu(), OMP_NUM_THREADS 1, Java 17.0.15");
    }

    @Test
    void perEnvironmentNamesTheFullCommitOfEach() {
        assertThat(ProvenanceText.perEnvironment(ROWS)).isEqualTo(
                "engine MXNet 1.9.1 on cpu(), threads 2, Java 17.0.15, commit `0123456789abcdef`; "
                        + "engine MXNet 1.9.1 on cpu(), threads 1, Java 17.0.15, commit `fedcba9876543210` (dirty)");
    }

    @Test
    void syntheticCifarTableHasOneLinePerRun() {
        String md = SyntheticCifarReport.markdown(new SyntheticCifarReport.Setup("smoke", 200, "cifar10-4k", 1, 1000, 4, 64,
                2, "cfg"), ROWS);
        assertThat(md).startsWith("# Supervised WRN-28-2 on synthetic-cifar (synthetic stand-in data, not CIFAR-10), smoke "
                + "profile\n\n200 labeled images (split cifar10-4k, seed 1; `labelmap.csv`), 1000 test images, 4 steps of "
                + "batch 64, 2 pipeline threads.\n\n");
        assertThat(md).contains("| a | 0 | 50.00 | 75.00 |  | 4 | 500 | 2 |")
                .contains("| b | 1 | 25.00 |  |  | 4 | 500 | 2 |")
                .endsWith("\nConfig: cfg\n\nProvenance: " + ProvenanceText.summary(ROWS) + ".\n");
    }
}
