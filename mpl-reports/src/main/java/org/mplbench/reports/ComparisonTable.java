package org.mplbench.reports;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A paper-style comparison: rows as in the paper, and per table column (a cell such as
 * CIFAR-10-4K) the published value, ours as mean ± sample std over seeds, the difference and the
 * protocol of both. Rows the suite does not run are marked <i>reference only</i>; rows the paper
 * does not have (ablations) show no published value. Rendering is deterministic: the same inputs
 * give byte-identical Markdown and CSV.
 */
public final class ComparisonTable {

    /** Metric name of a failed run's row; its value is the step at which it stopped. */
    public static final String FAILED = "failed";

    /**
     * A table row.
     *
     * @param title row title
     * @param method results' method; null for a reference-only row
     * @param variant results' variant; null for a reference-only row
     * @param metric the metric shown as ours (e.g. {@code acc_test}); null for a reference-only row
     * @param protocol how our metric is measured ({@code final}, {@code best-test}); null for a reference-only row
     * @param paperRow the row id in the reference data, or null for rows the paper does not have
     * @param paperMetric the reference data's metric compared with ours ({@code top1}, {@code top5})
     * @param hideEmpty whether the row is left out when no column has a number (a top-5 row in a table
     *     of cells where the paper reports top-1 only)
     */
    public record RowSpec(String title, String method, String variant, String metric, String protocol, String paperRow,
            String paperMetric, boolean hideEmpty) {

        /** One of our rows, compared with {@code paperRow}'s top-1 (null: an ablation the paper does not have). */
        public static RowSpec ours(String title, String method, String variant, String metric, String protocol,
                String paperRow) {
            return new RowSpec(title, method, variant, metric, protocol, paperRow, PaperReference.TOP1, false);
        }

        /** A row of published numbers only, titled as in the reference data. */
        public static RowSpec reference(String paperRow) {
            return new RowSpec(null, null, null, null, null, paperRow, PaperReference.TOP1, false);
        }

        /** This row comparing our {@code metric} with the paper's {@code paperMetric}, left out where empty. */
        public RowSpec on(String title, String metric, String paperMetric) {
            return new RowSpec(title, method, variant, metric, protocol, paperRow, paperMetric, true);
        }

        public boolean referenceOnly() {
            return method == null;
        }
    }

    /** A table column (a cell of the paper's table) and its title. */
    public record ColumnSpec(String cell, String title) {}

    /** One row × column of the rendered table. */
    record Entry(Optional<PaperReference.Value> paper, List<Double> ours, TreeSet<Long> seeds, int failed, String protocol) {

        Optional<Stats> stats() {
            return ours.isEmpty() ? Optional.empty() : Optional.of(Stats.of(ours));
        }

        Optional<Double> delta() {
            return stats().flatMap(s -> paper.map(p -> s.mean() * 100 - p.value()));
        }
    }

    /** A rendered row: its title, kind and one entry per column. */
    record Line(String title, String kind, RowSpec spec, List<Entry> entries) {}

    private ComparisonTable() {}

    static List<Line> lines(List<RowSpec> specs, List<ColumnSpec> columns, List<ResultRow> rows, PaperReference ref) {
        List<Line> lines = new ArrayList<>();
        for (RowSpec spec : specs) {
            List<Entry> entries = new ArrayList<>();
            boolean anything = false;
            for (ColumnSpec c : columns) {
                Optional<PaperReference.Value> paper =
                        spec.paperRow() == null ? Optional.empty() : ref.find(spec.paperRow(), c.cell(), spec.paperMetric());
                List<Double> ours = new ArrayList<>();
                TreeSet<Long> seeds = new TreeSet<>();
                int failed = 0;
                if (!spec.referenceOnly()) {
                    for (ResultRow r : rows) {
                        RunId id = r.run();
                        if (!id.cell().equals(c.cell()) || !id.method().equals(spec.method())
                                || !id.variant().equals(spec.variant())) {
                            continue;
                        }
                        if (r.metric().equals(spec.metric())) {
                            ours.add(r.value());
                            seeds.add(id.seed());
                        } else if (r.metric().equals(FAILED)) {
                            failed++;
                            seeds.add(id.seed());
                        }
                    }
                }
                anything |= paper.isPresent() || !seeds.isEmpty();
                entries.add(new Entry(paper, ours, seeds, failed, spec.protocol()));
            }
            String title = spec.title() != null ? spec.title()
                    : ref.rows().getOrDefault(spec.paperRow(), spec.paperRow());
            String kind = spec.referenceOnly() ? "reference only" : spec.paperRow() == null ? "ours (not in the paper)"
                    : "ours vs " + ref.values().stream().filter(v -> v.row().equals(spec.paperRow())).findFirst()
                            .map(PaperReference.Value::kind).orElse("paper");
            // A reference-only row with no number in the displayed cells (e.g. ImageNet-only methods in a
            // CIFAR-only table) says nothing: left out.
            if (anything || !(spec.referenceOnly() || spec.hideEmpty())) {
                lines.add(new Line(title, kind, spec, entries));
            }
        }
        return lines;
    }

    /** The Markdown table. */
    public static String markdown(List<RowSpec> specs, List<ColumnSpec> columns, List<ResultRow> rows,
            PaperReference reference) {
        List<String> header = new ArrayList<>(List.of("Method"));
        List<Boolean> align = new ArrayList<>(List.of(false));
        for (ColumnSpec c : columns) {
            header.addAll(List.of(c.title() + " paper", c.title() + " ours", "Δ", "protocol"));
            align.addAll(List.of(true, true, true, false));
        }
        MarkdownTable table = new MarkdownTable(header, align);
        for (Line line : lines(specs, columns, rows, reference)) {
            List<String> cells = new ArrayList<>(List.of(
                    line.spec().referenceOnly() ? line.title() + " *(reference only)*" : line.title()));
            for (Entry e : line.entries()) {
                cells.add(e.paper().map(ComparisonTable::paperText).orElse("–"));
                cells.add(oursText(e, line.spec()));
                cells.add(e.delta().map(d -> String.format(Locale.ROOT, "%+.2f", d)).orElse("–"));
                cells.add(protocolText(e));
            }
            table.row(cells);
        }
        return table.render();
    }

    /** The same table as CSV: one line per row × column, numbers unrounded beyond 4 decimals. */
    public static String csv(List<RowSpec> specs, List<ColumnSpec> columns, List<ResultRow> rows, PaperReference reference) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').setHeader(
                "row", "kind", "method", "variant", "metric", "cell", "paper_row", "paper_value", "paper_std", "paper_n",
                "paper_protocol", "paper_source", "ours_mean", "ours_std", "ours_min", "ours_max", "ours_n", "ours_seeds",
                "ours_failed", "ours_protocol", "delta").build();
        try (CSVPrinter p = new CSVPrinter(out, format)) {
            for (Line line : lines(specs, columns, rows, reference)) {
                RowSpec s = line.spec();
                for (int i = 0; i < columns.size(); i++) {
                    Entry e = line.entries().get(i);
                    Optional<Stats> st = e.stats();
                    p.printRecord(line.title(), line.kind(), blank(s.method()), blank(s.variant()), blank(s.metric()),
                            columns.get(i).cell(), blank(s.paperRow()),
                            e.paper().map(v -> number(v.value())).orElse(""),
                            e.paper().flatMap(PaperReference.Value::std).map(ComparisonTable::number).orElse(""),
                            e.paper().map(v -> Integer.toString(v.n())).orElse(""),
                            e.paper().map(PaperReference.Value::protocol).orElse(""),
                            e.paper().map(PaperReference.Value::source).orElse(""),
                            st.map(x -> number(100 * x.mean())).orElse(""), st.map(x -> number(100 * x.std())).orElse(""),
                            st.map(x -> number(100 * x.min())).orElse(""), st.map(x -> number(100 * x.max())).orElse(""),
                            st.map(x -> Integer.toString(x.n())).orElse(s.referenceOnly() ? "" : "0"),
                            SummaryTable.seedList(e.seeds()).replace("–", "-"), s.referenceOnly() ? "" : e.failed(),
                            blank(s.protocol()), e.delta().map(ComparisonTable::number).orElse(""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Distinct sources of the published values shown, in order of appearance, as Markdown list lines. */
    public static String sources(List<RowSpec> specs, List<ColumnSpec> columns, List<ResultRow> rows, PaperReference ref) {
        Set<String> lines = new LinkedHashSet<>();
        for (Line line : lines(specs, columns, rows, ref)) {
            for (Entry e : line.entries()) {
                e.paper().ifPresent(v -> lines.add("- " + v.title() + " (" + v.kind() + ", " + v.protocol() + "): " + v.source()));
            }
        }
        return String.join("\n", lines) + (lines.isEmpty() ? "" : "\n");
    }

    private static String oursText(Entry e, RowSpec spec) {
        if (spec.referenceOnly()) {
            return "–";
        }
        Optional<Stats> st = e.stats();
        String text = st.map(s -> s.format(100, 2) + " (n=" + s.n() + "; seeds " + SummaryTable.seedList(e.seeds()) + ")")
                .orElse(e.failed() > 0 ? "" : "–");
        if (e.failed() > 0) {
            text = (text.isEmpty() ? "" : text + ", ") + e.failed() + " failed"
                    + (st.isEmpty() ? " (seeds " + SummaryTable.seedList(e.seeds()) + ")" : "");
        }
        return text;
    }

    private static String protocolText(Entry e) {
        String paper = e.paper().map(PaperReference.Value::protocol).orElse(null);
        String ours = e.stats().isPresent() ? e.protocol() : null;
        if (paper == null && ours == null) {
            return "–";
        }
        if (paper == null || ours == null || paper.equals(ours)) {
            return paper != null ? paper : ours;
        }
        return "paper " + paper + ", ours " + ours;
    }

    private static String paperText(PaperReference.Value v) {
        return v.std().map(s -> String.format(Locale.ROOT, "%.2f ± %.2f", v.value(), s))
                .orElse(String.format(Locale.ROOT, "%.2f", v.value()));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String blank(String s) {
        return s == null ? "" : s;
    }
}
