package org.mplbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Differences between two rows of a table measured on the same seeds (same split, same data order):
 * per row, the mean and sample standard deviation of {@code row − reference} over the seeds both
 * rows finished. Pairing removes the seed-to-seed variation the rows share, so a difference smaller
 * than either row's own spread can still be consistent.
 */
public final class PairedDifferences {

    /** A row of the table: the title and the (method, variant) it reads. */
    public record Row(String title, String method, String variant) {}

    private PairedDifferences() {}

    /**
     * A Markdown table, one line per {@code rows} entry (the reference itself left out), with columns
     * "vs {reference title}" for each reference: mean ± std of the paired differences in percentage
     * points (n seeds), or "–" when no seed is shared.
     */
    public static String markdown(List<ResultRow> results, String cell, String metric, List<Row> rows, List<Row> references) {
        StringBuilder sb = new StringBuilder("| Row |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Row ref : references) {
            sb.append(" − ").append(ref.title()).append(" (pp, paired by seed) |");
            rule.append("---:|");
        }
        sb.append('\n').append(rule).append('\n');
        for (Row row : rows) {
            sb.append("| ").append(row.title()).append(" |");
            for (Row ref : references) {
                sb.append(' ').append(row.equals(ref) ? "–" : format(differences(results, cell, metric, row, ref)))
                        .append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code row − reference} in percentage points for every seed both have, by seed. */
    public static Map<Long, Double> differences(List<ResultRow> results, String cell, String metric, Row row, Row reference) {
        Map<Long, Double> a = bySeed(results, cell, metric, row);
        Map<Long, Double> b = bySeed(results, cell, metric, reference);
        Map<Long, Double> d = new TreeMap<>();
        a.forEach((seed, v) -> {
            if (b.containsKey(seed)) {
                d.put(seed, 100 * (v - b.get(seed)));
            }
        });
        return d;
    }

    private static Map<Long, Double> bySeed(List<ResultRow> results, String cell, String metric, Row row) {
        Map<Long, Double> m = new LinkedHashMap<>();
        for (ResultRow r : results) {
            if (r.run().cell().equals(cell) && r.metric().equals(metric) && r.run().method().equals(row.method())
                    && r.run().variant().equals(row.variant())) {
                m.put(r.run().seed(), r.value());
            }
        }
        return m;
    }

    static String format(Map<Long, Double> d) {
        if (d.isEmpty()) {
            return "–";
        }
        List<Double> v = new ArrayList<>(d.values());
        double mean = v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (v.size() == 1) {
            return String.format(Locale.ROOT, "%+.2f (n=1)", mean);
        }
        double ss = v.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum();
        return String.format(Locale.ROOT, "%+.2f ± %.2f (n=%d)", mean, Math.sqrt(ss / (v.size() - 1)), v.size());
    }
}
