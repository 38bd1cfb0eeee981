package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.reports.ComparisonTable.ColumnSpec;
import org.mplbench.reports.ComparisonTable.RowSpec;

class ComparisonTableTest {

    private static final Provenance PROV = new Provenance("abc", false, "h", "MXNet", "1.9.0", "cpu()", "2", "17");

    private static ResultRow row(String method, String variant, long seed, String metric, double value) {
        return new ResultRow(new RunId("2", "cifar10-4k", "synthetic-cifar", method, variant, seed, 1, "cpu", "synthetic"),
                metric, value, 800, 60, 75, PROV);
    }

    @Test
    void rendersPaperValueOursDeltaBestTestAndFailures() throws Exception {
        PaperReference ref = PaperReference.parse(new StringReader("""
                # comment
                row,cell,value,std,n,protocol,source
                uda,cifar10-4k,94.53,0.18,10,final,CVPR Table 2
                """), "test.csv");
        List<ResultRow> rows = List.of(
                row("uda", "default", 0, "acc_test", 0.50), row("uda", "default", 1, "acc_test", 0.60),
                row("uda", "default", 0, "acc_test_best", 0.55), row("uda", "default", 1, "acc_test_best", 0.65),
                row("uda", "default", 2, ComparisonTable.FAILED, 30),
                row("mpl", "soft", 0, "acc_test", 0.25));
        String md = ComparisonTable.markdown(List.of(
                        new RowSpec("UDA", "uda", "default", "acc_test", "acc_test_best", "uda"),
                        new RowSpec("MPL soft", "mpl", "soft", "acc_test", "acc_test_best", null)),
                List.of(new ColumnSpec("cifar10-4k", "CIFAR-10-4K")), rows, ref);
        assertThat(md).isEqualTo("""
                | Method | CIFAR-10-4K paper | CIFAR-10-4K ours | Δ | best-test (extra) | seeds |
                |---|---:|---:|---:|---:|---|
                | UDA | 94.53 ± 0.18 | 55.00 ± 7.07 (n=2), 1 failed | -39.53 | 60.00 ± 7.07 | 0–2 |
                | MPL soft | – | 25.00 ± 0.00 (n=1) | – | – | 0 |
                """);
    }

    @Test
    void theShippedTable2ReferenceHasThePaperNumbers() {
        PaperReference ref = PaperReference.load("table2");
        assertThat(ref.find("mpl", "cifar10-4k")).get().satisfies(v -> {
            assertThat(v.value()).isEqualTo(96.11);
            assertThat(v.std()).contains(0.07);
            assertThat(v.source()).contains("CVPR Table 2");
        });
        assertThat(ref.find("uda", "svhn-1k")).get().extracting(PaperReference.Value::value).isEqualTo(97.11);
        assertThat(ref.find("supervised", "imagenet-10pct")).get().extracting(v -> v.std().isPresent()).isEqualTo(false);
        assertThat(ref.values()).hasSize(15);
    }

    @Test
    void aMalformedReferenceRowNamesTheFileAndLine() {
        assertThatThrownBy(() -> PaperReference.parse(new StringReader("row,cell,value,std,n,protocol,source\nuda,c,abc,,1,final,x\n"),
                "bad.csv")).hasMessageContaining("bad.csv:2");
    }
}
