package org.mplbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mplbench.reports.ComparisonTable.ColumnSpec;
import org.mplbench.reports.ComparisonTable.RowSpec;

/**
 * Table 2's {@code table.md}: the paper's rows, the suite's further rows, paired differences,
 * sources, curves, data, budgets and provenance. Everything in it comes from the results and the
 * {@link Setup}: re-rendering gives the same bytes.
 */
public final class Table2Report {

    private Table2Report() {}

    /**
     * What the runner resolved for the table.
     *
     * @param profile the profile's id
     * @param profileNote text after the profile in the title ("" for none)
     * @param titleBudget the title's budget text: steps, overrides, the budget of a single cell ("" for none)
     * @param synthetic whether the runs trained on the synthetic stand-in
     * @param validation whether they were evaluated on the validation hold-out ({@code acc_val})
     * @param metric {@code acc_test} or {@code acc_val}
     * @param splits how the labeled/unlabeled splits were drawn ({@code split seed 1}, ...)
     * @param seedsAsked the seeds the invocation asked for
     * @param budgets per cell id, the budget in words
     * @param header paragraphs after the introduction (the paper profile's compute estimate, ...)
     */
    public record Setup(String profile, String profileNote, String titleBudget, boolean synthetic, boolean validation,
            String metric, String splits, List<Long> seedsAsked, Map<String, String> budgets, List<String> header) {}

    /** A row of the paired-differences tables, and which rows are the references. */
    public record Paired(List<PairedDifferences.Row> rows, List<PairedDifferences.Row> references) {}

    public static String markdown(Setup s, List<ResultRow> rows, List<ColumnSpec> columns, PaperReference ref,
            List<RowSpec> paperRows, List<RowSpec> furtherRows, Paired paired, String figures) {
        Set<String> datasets = new LinkedHashSet<>();
        TreeSet<Long> seedsSeen = new TreeSet<>();
        for (ResultRow r : rows) {
            datasets.add(r.run().dataset() + " (" + r.run().dataSource() + ")");
            seedsSeen.add(r.run().seed());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# Table 2 — ").append(s.profile()).append(" profile").append(s.profileNote()).append(s.titleBudget())
                .append(", seeds ").append(SummaryTable.seedList(seedsSeen))
                .append(s.synthetic()
                        ? ": SYNTHETIC STAND-IN DATA (synthetic-cifar), not the real data sets\n\n"
                        : ": real data (" + String.join(", ", datasets) + ")")
                .append(s.validation() ? "; EVALUATED ON THE VALIDATION HOLD-OUT (`acc_val`), "
                        + "for choosing budgets: not test accuracy, so the paper columns stay empty\n\n" : "\n\n");
        sb.append("Test accuracy (%), mean ± sample std over seeds (n and the seeds in brackets); *paper* values are the "
                + "published ones (`mpl-reports` resource `paper/table2.csv`; sources below); Δ = ours − paper; "
                + "*protocol*: `final` = the model at the end of training (the paper's), `best-test` = the best test "
                + "accuracy seen during training (selects on the test set; the PyTorch reproduction's protocol). "
                + "Rows marked *reference only* are published numbers this suite does not run. The same table as CSV: "
                + "`table.csv`.");
        if (s.synthetic()) {
            sb.append(" On synthetic data Δ only shows how far this budget is from the paper's setting; "
                    + "the ordering of methods is the result.");
        }
        for (String paragraph : s.header()) {
            sb.append("\n\n").append(paragraph);
        }
        sb.append("\n\n## The paper's Table 2\n\n");
        sb.append(ComparisonTable.markdown(paperRows, columns, rows, ref));
        sb.append("\n## Same-protocol baselines, reproductions and ablations\n\n");
        sb.append(ComparisonTable.markdown(furtherRows, columns, rows, ref));
        sb.append(pairedDifferences(columns, rows, s.metric(), paired));
        List<RowSpec> all = new ArrayList<>(paperRows);
        all.addAll(furtherRows);
        sb.append("\nSources of the published values:\n\n").append(ComparisonTable.sources(all, columns, rows, ref));
        if (!figures.isEmpty()) {
            sb.append("\n## Training curves\n").append(figures);
        }
        sb.append("\nData: ").append(String.join(", ", datasets)).append("; ").append(s.splits())
                .append(" (label maps in `splits/`). Seeds asked: ").append(s.seedsAsked()).append(".\n\n");
        sb.append("Budget per cell (`Budget` record; every run's full config is in its `config.json`):\n\n");
        s.budgets().forEach((cell, b) -> sb.append("- ").append(cell).append(": ").append(b).append('\n'));
        sb.append("\nProvenance: ").append(ProvenanceText.summary(rows)).append(".\n");
        return sb.toString();
    }

    /**
     * Per cell, every row's test accuracy minus that of each reference row on the same seeds: what
     * each method adds, and whether MPL's feedback adds anything to its own UDA teacher.
     */
    static String pairedDifferences(List<ColumnSpec> columns, List<ResultRow> rows, String metric, Paired paired) {
        StringBuilder sb = new StringBuilder();
        for (ColumnSpec c : columns) {
            if (rows.stream().noneMatch(r -> r.run().cell().equals(c.cell()) && r.metric().equals(metric))) {
                continue;
            }
            sb.append("\n## Paired differences, ").append(c.title()).append("\n\nFinal `").append(metric)
                    .append("` of each row minus that of the two Supervised rows, UDA and the h = 0 row, in percentage "
                            + "points: mean ± sample std over the seeds both rows finished (same split and data order "
                            + "per seed).\n\n");
            sb.append(PairedDifferences.markdown(rows, c.cell(), metric, paired.rows(), paired.references()));
        }
        return sb.toString();
    }
}
