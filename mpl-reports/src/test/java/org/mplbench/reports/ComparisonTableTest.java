package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.reports.ComparisonTable.ColumnSpec;
import org.mplbench.reports.ComparisonTable.RowSpec;

class ComparisonTableTest {

    private static final Provenance PROV = new Provenance("abc", false, "h", "MXNet", "1.9.0", "cpu()", "2", "17");

    private static ResultRow row(String cell, String method, String variant, long seed, String metric, double value) {
        return new ResultRow(new RunId("2", cell, "synthetic-cifar", method, variant, seed, 1, "cpu", "synthetic"),
                metric, value, 800, 60, 75, PROV);
    }

    static final List<RowSpec> SPECS = List.of(
            RowSpec.reference("mixmatch"),
            RowSpec.ours("UDA", "uda", "default", "acc_test", "final", "uda"),
            RowSpec.reference("simclr"),
            RowSpec.ours("Meta Pseudo Labels", "mpl", "paper", "acc_test", "final", "mpl"),
            RowSpec.ours("Meta Pseudo Labels, best test accuracy", "mpl", "paper", "acc_test_best", "best-test",
                    "mpl-pytorch-reproduction"),
            RowSpec.ours("MPL soft (ablation)", "mpl", "soft", "acc_test", "final", null));

    static final List<ColumnSpec> COLUMNS =
            List.of(new ColumnSpec("cifar10-4k", "CIFAR-10-4K"), new ColumnSpec("svhn-1k", "SVHN-1K"));

    static final List<ResultRow> ROWS = List.of(
            row("cifar10-4k", "uda", "default", 0, "acc_test", 0.50), row("cifar10-4k", "uda", "default", 1, "acc_test", 0.60),
            row("cifar10-4k", "uda", "default", 2, ComparisonTable.FAILED, 30),
            row("cifar10-4k", "mpl", "paper", 0, "acc_test", 0.9), row("cifar10-4k", "mpl", "paper", 0, "acc_test_best", 0.95),
            row("svhn-1k", "mpl", "paper", 3, ComparisonTable.FAILED, 12),
            row("cifar10-4k", "mpl", "soft", 0, "acc_test", 0.25));

    @Test
    void markdownMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches("comparison-table.md",
                ComparisonTable.markdown(SPECS, COLUMNS, ROWS, PaperReference.load("table2"))
                        + "\n" + ComparisonTable.sources(SPECS, COLUMNS, ROWS, PaperReference.load("table2")));
    }

    @Test
    void csvMatchesTheGoldenFile() throws Exception {
        Golden.assertMatches("comparison-table.csv", ComparisonTable.csv(SPECS, COLUMNS, ROWS, PaperReference.load("table2")));
    }

    @Test
    void renderingIsDeterministicAndIndependentOfRowOrder() {
        PaperReference ref = PaperReference.load("table2");
        List<ResultRow> reversed = new java.util.ArrayList<>(ROWS);
        java.util.Collections.reverse(reversed);
        // means are order-independent up to float rounding; the rendered text must not change
        assertThat(ComparisonTable.markdown(SPECS, COLUMNS, reversed, ref))
                .isEqualTo(ComparisonTable.markdown(SPECS, COLUMNS, ROWS, ref));
    }

    @Test
    void aReferenceOnlyRowWithoutValuesInTheShownCellsIsLeftOut() {
        String md = ComparisonTable.markdown(SPECS, COLUMNS, ROWS, PaperReference.load("table2"));
        assertThat(md).contains("MixMatch *(reference only)*").doesNotContain("SimCLR");
        assertThat(md).contains("| 55.00 ± 7.07 (n=2; seeds 0–2), 1 failed | -39.53 | final |");
    }
}
