package org.mplbench.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

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
        Map<String, List<ResultRow>> groups = groups(rows);
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

    /**
     * The same summary as CSV: per (method, variant) and metric, mean, sample std, min, max and n
     * of the raw values (unscaled), and the seeds. Deterministic.
     */
    public static String csv(List<ResultRow> rows, List<Column> columns) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setRecordSeparator('\n')
                .setHeader("method", "variant", "metric", "title", "mean", "std", "min", "max", "n", "seeds").build();
        try (CSVPrinter p = new CSVPrinter(out, format)) {
            for (List<ResultRow> g : groups(rows).values()) {
                for (Column c : columns) {
                    List<Double> values = new ArrayList<>();
                    TreeSet<Long> seeds = new TreeSet<>();
                    for (ResultRow r : g) {
                        if (r.metric().equals(c.metric())) {
                            values.add(r.value());
                            seeds.add(r.run().seed());
                        }
                    }
                    if (values.isEmpty()) {
                        continue;
                    }
                    Stats s = Stats.of(values);
                    p.printRecord(g.get(0).run().method(), g.get(0).run().variant(), c.metric(), c.title(),
                            num(s.mean()), num(s.std()), num(s.min()), num(s.max()), s.n(), seedList(seeds).replace("–", "-"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static Map<String, List<ResultRow>> groups(List<ResultRow> rows) {
        Map<String, List<ResultRow>> groups = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(r.run().method() + "\u0000" + r.run().variant(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /** {@code 0–9} for a contiguous run, else a comma list. */
    public static String seedList(TreeSet<Long> seeds) {
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
