package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep's statistics on hand-made rows. */
class TwoMoonSweepReportTest {

    private static final Provenance P = new Provenance("abc", false, "h", "MXNet", "1.9.1", "cpu()", "1", "17");

    private static ResultRow row(String cell, String method, long seed, double acc) {
        return new ResultRow(new RunId("twomoon-sweep", cell, "twomoon", method, "default", seed, seed, "search",
                "synthetic"), "acc_test", acc, 100, 1, 10, P);
    }

    @Test
    void pairedDifferencesAndWinsAreBySeed() {
        List<ResultRow> rows = new ArrayList<>();
        double[] sup = {0.80, 0.70, 0.90};
        double[] pl = {0.60, 0.70, 0.80};
        double[] mpl = {0.85, 0.705, 0.88};
        for (int s = 0; s < 3; s++) {
            rows.add(row("c", "supervised", s, sup[s]));
            rows.add(row("c", "pseudo-labels", s, pl[s]));
            rows.add(row("c", "mpl", s, mpl[s]));
        }
        rows.add(row("c", "mpl", 3, 0.99)); // no Supervised on seed 3: not paired
        rows.add(row("other", "supervised", 0, 0.1));
        TwoMoonSweepReport.Condition c = new TwoMoonSweepReport.Condition("c", "c", "test");
        TwoMoonSweepReport.Summary s = TwoMoonSweepReport.summaries(List.of(c), rows, "acc_test").get(0);
        assertThat(s.supervised().mean()).isCloseTo(0.8, offset(1e-12));
        assertThat(s.mpl().n()).isEqualTo(4);
        assertThat(s.paired()).isEqualTo(3);
        // differences 0.05, 0.005, −0.02: one seed beyond the 1-point margin
        assertThat(s.mplMinusSupervised().mean()).isCloseTo(0.035 / 3, offset(1e-12));
        assertThat(s.wins()).isEqualTo(1);
        assertThat(s.mplMinusPseudoLabels().mean()).isCloseTo((0.25 + 0.005 + 0.08) / 3, offset(1e-12));
        String md = TwoMoonSweepReport.markdown(new TwoMoonSweepReport.Setup("g", "intro", "acc_test"), List.of(c), rows, "");
        assertThat(md).contains("| `c` | 80.0 ± 10.0 (3) | 70.0 ± 10.0 (3) |", "| 1/3 |", "- `c`: test");
        assertThat(TwoMoonSweepReport.csv(List.of(c), rows, "acc_test")).contains("c,0.8000,0.7000,");
    }
}
