package org.mplbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The TwoMoon sweep's table: per condition, the held-out accuracy of Supervised, Pseudo Labels and MPL
 * over seeds, MPL's paired differences to both, and the fraction of seeds where MPL beats Supervised
 * by more than one point.
 */
public final class TwoMoonSweepReport {

    /** MPL "wins" a seed when it beats Supervised by more than this (accuracy, as a fraction). */
    public static final double WIN_MARGIN = 0.01;

    /** A condition as the table shows it; {@code cell} is the results' cell of its rows. */
    public record Condition(String cell, String name, String description) {}

    /**
     * What the runner resolved.
     *
     * @param grid the grid's name
     * @param intro the paragraph under the title (budget, seeds, what is shared)
     * @param metric the compared metric
     */
    public record Setup(String grid, String intro, String metric) {}

    /** One condition's numbers (accuracies as fractions); NaN where a method has no finished seed. */
    public record Summary(Condition condition, Stats supervised, Stats pseudoLabels, Stats mpl, Stats mplMinusSupervised,
            Stats mplMinusPseudoLabels, int wins, int paired) {}

    private TwoMoonSweepReport() {}

    /** Per condition, the statistics over the seeds each method finished (differences: seeds both finished). */
    public static List<Summary> summaries(List<Condition> conditions, List<ResultRow> rows, String metric) {
        List<Summary> out = new ArrayList<>();
        for (Condition c : conditions) {
            Map<Long, Double> sup = bySeed(rows, c.cell(), "supervised", metric);
            Map<Long, Double> pl = bySeed(rows, c.cell(), "pseudo-labels", metric);
            Map<Long, Double> mpl = bySeed(rows, c.cell(), "mpl", metric);
            List<Double> dSup = new ArrayList<>();
            List<Double> dPl = new ArrayList<>();
            int wins = 0;
            for (Map.Entry<Long, Double> e : mpl.entrySet()) {
                Double s = sup.get(e.getKey());
                if (s != null) {
                    dSup.add(e.getValue() - s);
                    wins += e.getValue() - s > WIN_MARGIN ? 1 : 0;
                }
                Double p = pl.get(e.getKey());
                if (p != null) {
                    dPl.add(e.getValue() - p);
                }
            }
            out.add(new Summary(c, stats(sup.values()), stats(pl.values()), stats(mpl.values()), stats(dSup), stats(dPl),
                    wins, dSup.size()));
        }
        return out;
    }

    private static Map<Long, Double> bySeed(List<ResultRow> rows, String cell, String method, String metric) {
        Map<Long, Double> m = new TreeMap<>();
        for (ResultRow r : rows) {
            if (r.run().cell().equals(cell) && r.run().method().equals(method) && r.metric().equals(metric)) {
                m.put(r.run().seed(), r.value());
            }
        }
        return m;
    }

    private static Stats stats(java.util.Collection<Double> v) {
        return v.isEmpty() ? null : Stats.of(new ArrayList<>(v));
    }

    public static String markdown(Setup setup, List<Condition> conditions, List<ResultRow> rows, String figures) {
        StringBuilder sb = new StringBuilder("# TwoMoon sweep `").append(setup.grid()).append("` — when does MPL beat "
                + "Supervised and Pseudo Labels?\n\n").append(setup.intro()).append("\n\n");
        sb.append("Held-out accuracy (`").append(setup.metric()).append("`, %), mean ± sample std over seeds (n); "
                + "Δ = MPL − the baseline on the same seed (same data, labels and initial weights), mean ± std; "
                + "*wins* = seeds where MPL beats Supervised by more than ")
                .append(String.format(Locale.ROOT, "%.0f", 100 * WIN_MARGIN)).append(" point.\n\n");
        sb.append("| Condition | Supervised | Pseudo Labels | MPL | Δ MPL − Sup | Δ MPL − PL | wins |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (Summary s : summaries(conditions, rows, setup.metric())) {
            sb.append("| `").append(s.condition().name()).append("` | ").append(cell(s.supervised())).append(" | ")
                    .append(cell(s.pseudoLabels())).append(" | ").append(cell(s.mpl())).append(" | ")
                    .append(cell(s.mplMinusSupervised())).append(" | ").append(cell(s.mplMinusPseudoLabels()))
                    .append(" | ").append(s.paired() == 0 ? "–" : s.wins() + "/" + s.paired()).append(" |\n");
        }
        sb.append("\nConditions (what each changes from the faithful replay):\n\n");
        for (Condition c : conditions) {
            sb.append("- `").append(c.name()).append("`: ").append(c.description()).append('\n');
        }
        if (!figures.isEmpty()) {
            sb.append("\n## Decision boundaries (first seed)\n\n").append(figures);
        }
        sb.append("\nProvenance: ").append(ProvenanceText.summary(rows)).append(".\n");
        return sb.toString();
    }

    private static String cell(Stats s) {
        return s == null ? "–" : String.format(Locale.ROOT, "%.1f ± %.1f (%d)", 100 * s.mean(), 100 * s.std(), s.n());
    }

    /** The table as CSV: one line per condition. */
    public static String csv(List<Condition> conditions, List<ResultRow> rows, String metric) {
        StringBuilder sb = new StringBuilder("condition,supervised,pseudo_labels,mpl,mpl_minus_supervised,"
                + "mpl_minus_pseudo_labels,wins,paired\n");
        for (Summary s : summaries(conditions, rows, metric)) {
            sb.append(s.condition().name()).append(',').append(mean(s.supervised())).append(',')
                    .append(mean(s.pseudoLabels())).append(',').append(mean(s.mpl())).append(',')
                    .append(mean(s.mplMinusSupervised())).append(',').append(mean(s.mplMinusPseudoLabels())).append(',')
                    .append(s.wins()).append(',').append(s.paired()).append('\n');
        }
        return sb.toString();
    }

    private static String mean(Stats s) {
        return s == null ? "" : String.format(Locale.ROOT, "%.4f", s.mean());
    }
}
