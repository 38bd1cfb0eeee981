package org.mplbench.experiments.table2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions.DataSource;
import org.mplbench.experiments.run.RunOptions.Evaluation;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.reports.ComparisonTable.ColumnSpec;
import org.mplbench.reports.ComparisonTable.RowSpec;
import org.mplbench.reports.PairedDifferences;
import org.mplbench.reports.PaperReference;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.Table2Report;

/**
 * The rows and columns of Table 2's report, and what the runner tells {@link Table2Report} about the
 * table: the paper's rows, the suite's further rows, the paired-difference references.
 */
final class Table2Layout {

    private Table2Layout() {}

    /** The rows of the paper's Table 2 in its order; ours beside the paper's UDA* and MPL. */
    static List<RowSpec> paperRows() {
        List<RowSpec> specs = new ArrayList<>();
        for (String r : List.of("temporal-ensemble", "mean-teacher", "vat-entmin", "lga-vat", "ict", "mixmatch", "remixmatch",
                "enaet", "fixmatch")) {
            specs.add(RowSpec.reference(r));
        }
        RowSpec uda = ours(Table2Method.UDA, "acc_test", "final", "uda", "UDA (ours vs the paper's UDA*)");
        specs.add(uda);
        for (String r : List.of("simclr", "mocov2", "pcl", "pirl", "byol")) {
            specs.add(RowSpec.reference(r));
        }
        RowSpec mpl = ours(Table2Method.MPL, "acc_test", "final", "mpl", "Meta Pseudo Labels (after finetuning)");
        specs.add(mpl);
        specs.add(RowSpec.reference("supervised-full"));
        // the paper's top-5 (ImageNet-10% only: shown where a run measured it)
        specs.add(uda.on(uda.title() + ", top-5", "acc_test_top5", PaperReference.TOP5));
        specs.add(mpl.on(mpl.title() + ", top-5", "acc_test_top5", PaperReference.TOP5));
        return specs;
    }

    /**
     * The precursor's same-protocol baselines, the paper's teacher study, UDA's own report, the
     * best-known PyTorch reproduction (best-test protocol) and our ablations.
     */
    static List<RowSpec> furtherRows() {
        List<RowSpec> specs = new ArrayList<>();
        RowSpec weak = ours(Table2Method.SUPERVISED_WEAK, "acc_test", "final", "supervised", null);
        RowSpec pl = ours(Table2Method.PSEUDO_LABELS, "acc_test", "final", "pseudo-labels", null);
        specs.add(weak);
        specs.add(ours(Table2Method.SUPERVISED, "acc_test", "final", "supervised-randaugment", null));
        specs.add(RowSpec.reference("label-smoothing"));
        specs.add(pl);
        specs.add(RowSpec.reference("torchssl-pseudo-labels"));
        specs.add(RowSpec.reference("uda-own"));
        specs.add(RowSpec.reference("torchssl-uda"));
        specs.add(ours(Table2Method.MPL, "acc_test_before_finetune", "final", "mpl-before-finetune",
                "Meta Pseudo Labels before finetuning"));
        specs.add(ours(Table2Method.MPL, "acc_test_best", "best-test", "mpl-pytorch-reproduction",
                "Meta Pseudo Labels, best test accuracy during training (vs the PyTorch reproduction)"));
        specs.add(RowSpec.reference("mpl-pytorch-reproduction-before-finetune"));
        specs.add(RowSpec.reference("supervised-mpl"));
        specs.add(RowSpec.reference("randaugment-mpl"));
        for (Table2Method m : List.of(Table2Method.MPL_REFERENCE_CODE, Table2Method.MPL_SOFT, Table2Method.MPL_NO_FEEDBACK)) {
            specs.add(ours(m, "acc_test", "final", null, m.title() + " (ablation)"));
        }
        // the precursor's top-5 (ImageNet-10% only)
        specs.add(weak.on(weak.title() + ", top-5", "acc_test_top5", PaperReference.TOP5));
        specs.add(pl.on(pl.title() + ", top-5", "acc_test_top5", PaperReference.TOP5));
        return specs;
    }

    static RowSpec ours(Table2Method m, String metric, String protocol, String paperRow, String title) {
        return RowSpec.ours(title == null ? m.title() : title, m.method(), m.variant(), metric, protocol, paperRow);
    }

    static List<ColumnSpec> columns(Map<Table2Cell, Budget> budgets, List<ResultRow> rows) {
        List<ColumnSpec> columns = new ArrayList<>();
        for (Table2Cell c : Table2Cell.values()) {
            if (budgets.containsKey(c) || rows.stream().anyMatch(r -> r.run().cell().equals(c.id()))) {
                columns.add(new ColumnSpec(c.id(), c.title()));
            }
        }
        return columns;
    }

    /** The table's text is {@link Table2Report}'s; this says what the runner resolved for it. */
    /** The paper profile's note on its two MPL rows (docs/paper-profile.md has every field's source). */
    static final String PAPER_PRESETS = "**Which MPL is which.** Row `mpl` is the `paper` preset, the derivation "
            + "(pseudo labels sampled from the teacher on the strong view, h = L_l(old student) − L_l(new student) "
            + "measured with a paired forward, no baseline); row `mpl-reference-code` is the best-known PyTorch code's "
            + "(argmax labels from the weak view, h = new − old from the joint forward, its own WRN variant) — the only "
            + "public reproduction near 96 %. Every field of this profile, its value and its source: "
            + "[docs/paper-profile.md](../../../docs/paper-profile.md).";

    static String markdown(RunOptions o, DataSource source, Map<Table2Cell, Budget> budgets, List<ResultRow> rows,
            List<Long> seeds, List<ColumnSpec> columns, PaperReference ref, String figures, List<String> header) {
        String profileNote = o.profile() == Profile.QUICK
                ? ", a quick look (one seed, half the cpu budget's steps; the full table: -Dprofile=cpu)" : "";
        String titleBudget = o.steps().map(st -> ", " + st + " steps").orElse("")
                + (o.overrides().isEmpty() ? "" : ", budget overrides " + o.overrides())
                + (budgets.size() == 1 ? " (" + budgets.values().iterator().next().shortText() + ")" : "");
        Map<String, String> described = new LinkedHashMap<>();
        budgets.forEach((cell, b) -> described.put(cell.id(), b.describe()));
        String splits = budgets.values().stream().anyMatch(Budget::splitPerSeed)
                ? "labeled splits drawn per run seed where the budget says so (each run's split seed is in its "
                        + "`config.json`), else split seed " + Table2Data.SPLIT_SEED
                : "split seed " + Table2Data.SPLIT_SEED;
        Table2Report.Setup setup = new Table2Report.Setup(o.profile().id(), profileNote, titleBudget,
                source == DataSource.SYNTHETIC, o.evaluate() == Evaluation.VALIDATION, Table2Runner.metric(o), splits, seeds,
                described, header);
        return Table2Report.markdown(setup, rows, columns, ref, paperRows(), furtherRows(), pairedRows(), figures);
    }

    /** The paired-differences rows: every row, against both Supervised rows, UDA and the h = 0 row. */
    static Table2Report.Paired pairedRows() {
        List<PairedDifferences.Row> all = new ArrayList<>();
        for (Table2Method m : Table2Method.table2()) {
            all.add(new PairedDifferences.Row(m.title(), m.method(), m.variant()));
        }
        return new Table2Report.Paired(all, List.of(all.get(Table2Method.SUPERVISED.ordinal()),
                all.get(Table2Method.SUPERVISED_WEAK.ordinal()), all.get(Table2Method.UDA.ordinal()),
                all.get(Table2Method.MPL_NO_FEEDBACK.ordinal())));
    }
}
