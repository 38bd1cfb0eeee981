package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mplbench.experiments.run.Profile;
import org.mplbench.nn.Network;

/** The paper profile's compute, against the work each method does per step written out by hand. */
class ComputeEstimateTest {

    private static double flopsPerExample(Budget b, Table2Method m) {
        try (NDManager base = NDManager.newBaseManager();
                Network n = new MethodFactory(b, m, 0, 10, 3).network(base)) {
            return n.forwardFlopsPerExample();
        }
    }

    @Test
    void cifarRunsCostWhatTheirStepsDo() {
        Budget b = Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K);
        Map<Table2Cell, Budget> budgets = new LinkedHashMap<>();
        budgets.put(Table2Cell.CIFAR10_4K, b);
        List<Table2Method> rows = List.of(Table2Method.SUPERVISED, Table2Method.PSEUDO_LABELS, Table2Method.UDA,
                Table2Method.MPL, Table2Method.MPL_REFERENCE_CODE);
        ComputeEstimate c = ComputeEstimate.of(budgets, rows, cell -> 10);
        double f = flopsPerExample(b, Table2Method.MPL);
        double fRef = flopsPerExample(b, Table2Method.MPL_REFERENCE_CODE);
        assertThat(fRef).isLessThan(f); // the PyTorch code's stem has 16 channels, not 32
        int nl = 128;
        int nu = 896;
        // MPL: teacher trains on [x_l, x_uw, x_us], the student on [x_l, x_us]; forwards of x_l before
        // (paired) and after the student's step; finetuning trains on 512 labeled images
        double mplStep = f * (3.0 * ((nl + 2 * nu) + (nl + nu)) + 2 * nl);
        double refStep = fRef * (3.0 * ((nl + 2 * nu) + (nl + nu)) + nl); // the joint forward gives the old loss
        List<ComputeEstimate.Run> runs = c.runs();
        assertThat(runs).extracting(ComputeEstimate.Run::stepFlops).containsExactly(
                f * 3 * nl, f * 3 * nl, f * 3 * (nl + 2 * nu), mplStep, refStep);
        double supervised = 300_000 * f * 3 * nl;
        double pseudoLabels = supervised + 300_000 * f * (3.0 * nu + nu); // frozen teacher's forward, student's pass
        double uda = 300_000 * f * 3 * (nl + 2 * nu);
        double mpl = 300_000 * mplStep + 1_000 * f * 3 * 512;
        double ref = 300_000 * refStep + 1_000 * fRef * 3 * 512;
        assertThat(runs).extracting(ComputeEstimate.Run::runFlops).containsExactly(supervised, pseudoLabels, uda, mpl,
                ref);
        assertThat(c.totalFlops()).isCloseTo(10 * (supervised + pseudoLabels + uda + mpl + ref),
                org.assertj.core.data.Percentage.withPercentage(1e-9));
        // about 3.9 TFLOP per MPL step and 1.2 EFLOP per run, as estimated by hand for the paper's setting
        assertThat(mplStep / 1e12).isBetween(3.7, 4.1);
        assertThat(mpl / 1e18).isBetween(1.1, 1.3);
        String md = c.markdown();
        assertThat(md).contains("| CIFAR-10-4K | mpl | " + String.format(java.util.Locale.ROOT, "%.2f", mplStep / 1e12),
                "Whole table: 50 runs (5 cell × row pairs × 10 seeds)", "assumed sustained 40 TFLOP/s");
    }

    @Test
    void eachCellRunsItsOwnSeedsAndImageNetOnceAtThePaperProfile() {
        Map<Table2Cell, Budget> budgets = new LinkedHashMap<>();
        budgets.put(Table2Cell.CIFAR10_4K, Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K));
        budgets.put(Table2Cell.IMAGENET_10PCT, Budget.of(Profile.PAPER, Table2Cell.IMAGENET_10PCT));
        List<Table2Method> rows = List.of(Table2Method.SUPERVISED, Table2Method.MPL);
        ComputeEstimate c = ComputeEstimate.of(budgets, rows,
                cell -> Table2Runner.defaultSeeds(Profile.PAPER, cell).size());
        assertThat(c.runCount()).isEqualTo(2 * 10 + 2);
        assertThat(c.runs()).extracting(ComputeEstimate.Run::seeds).containsExactly(10, 10, 1, 1);
        double total = c.runs().stream().mapToDouble(r -> r.runFlops() * r.seeds()).sum();
        assertThat(c.totalFlops()).isEqualTo(total);
        assertThat(c.markdown()).contains("Whole table: 22 runs (4 cell × row pairs × CIFAR-10-4K: 10, ImageNet-10%: 1 seeds)");
    }
}
