package org.mplbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Mean ± std over seeds per (method, variant), one column per metric, rows in the order the
 * methods first appear. Missing metrics render as "–".
 */
public final class SummaryTable {

    /**
     * A metric, its column title, and how it is shown: values are multiplied by {@code scale} (100
     * for percentages) and printed with {@code digits} decimals, or in scientific notation when
     * {@code digits} is negative.
     */
    public record Column(String metric, String title, double scale, int digits) {

        /** A fraction shown as a percentage with two decimals. */
        public static Column percent(String metric, String title) {
            return new Column(metric, title, 100, 2);
        }

        /** A value shown in scientific notation (for small diagnostics such as |h|). */
        public static Column scientific(String metric, String title) {
            return new Column(metric, title, 1, -1);
        }
    }

    private SummaryTable() {}

    public static String markdown(List<ResultRow> rows, List<Column> columns) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(r.run().method() + "\u0000" + r.run().variant(), k -> new ArrayList<>()).add(r);
        }
        List<String> header = new ArrayList<>(List.of("Method", "Variant"));
        List<Boolean> align = new ArrayList<>(List.of(false, false));
        for (Column c : columns) {
            header.add(c.title());
            align.add(true);
        }
        header.add("n");
        align.add(true);
        header.add("Seeds");
        align.add(false);
        MarkdownTable table = new MarkdownTable(header, align);
        for (List<ResultRow> g : groups.values()) {
            List<String> cells = new ArrayList<>(List.of(g.get(0).run().method(), g.get(0).run().variant()));
            TreeSet<Long> seeds = new TreeSet<>();
            for (Column c : columns) {
                List<Double> values = new ArrayList<>();
                for (ResultRow r : g) {
                    if (r.metric().equals(c.metric())) {
                        values.add(r.value());
                        seeds.add(r.run().seed());
                    }
                }
                cells.add(values.isEmpty() ? "–" : Stats.of(values).format(c.scale(), c.digits()));
            }
            cells.add(Integer.toString(seeds.size()));
            cells.add(seedList(seeds));
            table.row(cells);
        }
        return table.render();
    }

    /** {@code 0–9} for a contiguous run, else a comma list. */
    static String seedList(TreeSet<Long> seeds) {
        if (seeds.isEmpty()) {
            return "–";
        }
        if (seeds.size() > 2 && seeds.last() - seeds.first() == seeds.size() - 1) {
            return seeds.first() + "–" + seeds.last();
        }
        StringBuilder sb = new StringBuilder();
        for (long s : seeds) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s);
        }
        return sb.toString();
    }
}
