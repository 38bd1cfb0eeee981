package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.reports.PairedDifferences.Row;

class PairedDifferencesTest {

    private static final Provenance PROV = new Provenance("abc", false, "h", "MXNet", "1.9.0", "cpu()", "2", "17");

    private static ResultRow row(String method, String variant, long seed, double acc) {
        return new ResultRow(new RunId("2", "fashion-mnist-1k", "fashion-mnist", method, variant, seed, 1, "cpu", "real"),
                "acc_test", acc, 100, 10, 100, PROV);
    }

    private static final Row SUP = new Row("Supervised", "supervised", "default");
    private static final Row UDA = new Row("UDA", "uda", "default");
    private static final Row MPL = new Row("MPL", "mpl", "paper");

    @Test
    void differencesArePairedBySeedAndOnlyOverSharedSeeds() {
        List<ResultRow> rs = List.of(row("supervised", "default", 0, 0.70), row("supervised", "default", 1, 0.80),
                row("supervised", "default", 2, 0.75), row("uda", "default", 0, 0.74), row("uda", "default", 1, 0.83),
                row("uda", "default", 2, 0.80), row("mpl", "paper", 1, 0.79),
                // another cell and another metric must not be mixed in
                new ResultRow(new RunId("2", "cifar10-4k", "x", "uda", "default", 0, 1, "cpu", "real"), "acc_test", 0.1,
                        1, 1, 1, PROV),
                new ResultRow(new RunId("2", "fashion-mnist-1k", "x", "uda", "default", 0, 1, "cpu", "real"),
                        "acc_test_best", 0.99, 1, 1, 1, PROV));
        // UDA − supervised: +4, +3, +5 pp → mean 4, sample std 1
        assertThat(PairedDifferences.differences(rs, "fashion-mnist-1k", "acc_test", UDA, SUP))
                .containsOnlyKeys(0L, 1L, 2L);
        String md = PairedDifferences.markdown(rs, "fashion-mnist-1k", "acc_test", List.of(SUP, UDA, MPL), List.of(SUP, UDA));
        assertThat(md).isEqualTo("""
                | Row | − Supervised (pp, paired by seed) | − UDA (pp, paired by seed) |
                |---|---:|---:|
                | Supervised | – | -4.00 ± 1.00 (n=3) |
                | UDA | +4.00 ± 1.00 (n=3) | – |
                | MPL | -1.00 (n=1) | -4.00 (n=1) |
                """);
    }

    @Test
    void noSharedSeedIsADash() {
        List<ResultRow> rs = List.of(row("supervised", "default", 0, 0.7), row("uda", "default", 1, 0.8));
        assertThat(PairedDifferences.differences(rs, "fashion-mnist-1k", "acc_test", UDA, SUP)).isEmpty();
        assertThat(PairedDifferences.format(java.util.Map.of())).isEqualTo("–");
    }
}
