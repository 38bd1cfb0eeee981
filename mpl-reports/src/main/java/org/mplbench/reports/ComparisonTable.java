package org.mplbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A paper-style comparison: one row per method, and per table column the paper's value, ours as
 * mean ± std over seeds (final checkpoint), the difference, and the best test accuracy seen during
 * training as a labelled extra (it selects on the test set, so it is optimistic). Rendering is
 * deterministic: the same rows give the same text.
 */
public final class ComparisonTable {

    /** Metric name of a failed run's row; its value is the step at which it stopped. */
    public static final String FAILED = "failed";

    /**
     * A table row.
     *
     * @param title row title
     * @param method results' method
     * @param variant results' variant
     * @param metric the metric shown (e.g. {@code acc_test})
     * @param bestMetric the best-test metric shown as an extra, or null
     * @param paperRow the row of the paper reference data, or null for rows the paper does not have
     */
    public record RowSpec(String title, String method, String variant, String metric, String bestMetric, String paperRow) {}

    /** A table column (a cell of the paper's table) and its title. */
    public record ColumnSpec(String cell, String title) {}

    private ComparisonTable() {}

    public static String markdown(List<RowSpec> specs, List<ColumnSpec> columns, List<ResultRow> rows,
            PaperReference reference) {
        List<String> header = new ArrayList<>(List.of("Method"));
        List<Boolean> align = new ArrayList<>(List.of(false));
        for (ColumnSpec c : columns) {
            header.addAll(List.of(c.title() + " paper", c.title() + " ours", "Δ", "best-test (extra)", "seeds"));
            align.addAll(List.of(true, true, true, true, false));
        }
        MarkdownTable table = new MarkdownTable(header, align);
        for (RowSpec spec : specs) {
            List<String> cells = new ArrayList<>(List.of(spec.title()));
            for (ColumnSpec c : columns) {
                Optional<PaperReference.Value> paper = spec.paperRow() == null
                        ? Optional.empty() : reference.find(spec.paperRow(), c.cell());
                cells.add(paper.map(ComparisonTable::paperText).orElse("–"));
                List<Double> ours = new ArrayList<>();
                List<Double> best = new ArrayList<>();
                TreeSet<Long> seeds = new TreeSet<>();
                int failed = 0;
                for (ResultRow r : rows) {
                    RunId id = r.run();
                    if (!id.cell().equals(c.cell()) || !id.method().equals(spec.method()) || !id.variant().equals(spec.variant())) {
                        continue;
                    }
                    if (r.metric().equals(spec.metric())) {
                        ours.add(r.value());
                        seeds.add(id.seed());
                    } else if (r.metric().equals(spec.bestMetric())) {
                        best.add(r.value());
                    } else if (r.metric().equals(FAILED)) {
                        failed++;
                        seeds.add(id.seed());
                    }
                }
                String oursText = ours.isEmpty() ? "–" : Stats.of(ours).format(100, 2) + " (n=" + ours.size() + ")";
                if (failed > 0) {
                    oursText = (ours.isEmpty() ? "" : oursText + ", ") + failed + " failed";
                }
                cells.add(oursText);
                cells.add(ours.isEmpty() || paper.isEmpty() ? "–"
                        : String.format(Locale.ROOT, "%+.2f", Stats.of(ours).mean() * 100 - paper.get().value()));
                cells.add(best.isEmpty() ? "–" : Stats.of(best).format(100, 2));
                cells.add(SummaryTable.seedList(seeds));
            }
            table.row(cells);
        }
        return table.render();
    }

    private static String paperText(PaperReference.Value v) {
        return v.std().map(s -> String.format(Locale.ROOT, "%.2f ± %.2f", v.value(), s))
                .orElse(String.format(Locale.ROOT, "%.2f", v.value()));
    }
}
