package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    @Test
    void rendersMeanAndSampleStdPerMethodInFirstAppearanceOrder() {
        List<ResultRow> rows = List.of(
                ResultsCsvTest.row("supervised", "default", 0, "acc", 0.50),
                ResultsCsvTest.row("mpl", "paper", 0, "acc", 0.70),
                ResultsCsvTest.row("mpl", "paper", 1, "acc", 0.80),
                ResultsCsvTest.row("mpl", "paper", 2, "acc", 0.90),
                ResultsCsvTest.row("mpl", "paper", 0, "h", 0.00012),
                ResultsCsvTest.row("supervised", "default", 1, "acc", 0.60));
        String md = SummaryTable.markdown(rows, List.of(
                SummaryTable.Column.percent("acc", "Acc. (%)"), SummaryTable.Column.scientific("h", "mean |h|")));
        assertThat(md).isEqualTo(
                "| Method | Variant | Acc. (%) | mean \\|h\\| | n | Seeds |\n"
                        + "|---|---|---:|---:|---:|---|\n"
                        + "| supervised | default | 55.00 ± 7.07 | – | 2 | 0, 1 |\n"
                        + "| mpl | paper | 80.00 ± 10.00 | 1.20e-04 ± 0.00e+00 | 3 | 0–2 |\n");
    }

    @Test
    void csvHasOneLinePerMethodAndMetricWithUnscaledStatistics() {
        List<ResultRow> rows = List.of(
                ResultsCsvTest.row("mpl", "paper", 0, "acc", 0.70),
                ResultsCsvTest.row("mpl", "paper", 1, "acc", 0.80),
                ResultsCsvTest.row("supervised", "default", 4, "acc", 0.5));
        assertThat(SummaryTable.csv(rows, List.of(SummaryTable.Column.percent("acc", "Acc. (%)"),
                SummaryTable.Column.scientific("h", "mean |h|")))).isEqualTo(
                "method,variant,metric,title,mean,std,min,max,n,seeds\n"
                        + "mpl,paper,acc,Acc. (%),0.750000,0.0707107,0.700000,0.800000,2,\"0, 1\"\n"
                        + "supervised,default,acc,Acc. (%),0.500000,0.00000,0.500000,0.500000,1,4\n");
    }

    @Test
    void statsUseTheSampleStandardDeviation() {
        Stats s = Stats.of(List.of(1.0, 2.0, 3.0, 4.0));
        assertThat(s.mean()).isEqualTo(2.5);
        assertThat(s.std()).isEqualTo(Math.sqrt(5.0 / 3));
        assertThat(s.min()).isEqualTo(1.0);
        assertThat(s.max()).isEqualTo(4.0);
        assertThat(Stats.of(List.of(7.0)).std()).isZero();
    }
}
