package org.mplbench.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The TwoMoon table ({@code table.md}, {@code table.csv}): accuracies per method and variant, the
 * variants in words, figures and provenance. Everything in it comes from the results and the
 * {@link Setup}: re-rendering gives the same bytes.
 */
public final class TwoMoonReport {

    private TwoMoonReport() {}

    /** The table's columns (fractions shown as percentages). */
    public static final List<SummaryTable.Column> COLUMNS = List.of(
            SummaryTable.Column.percent("acc_all", "Acc. all 2,000 pts"),
            SummaryTable.Column.percent("acc_test", "Acc. held-out"),
            SummaryTable.Column.percent("acc_labeled", "Acc. 6 labeled"),
            SummaryTable.Column.percent("teacher_acc_all", "Teacher acc. all"),
            SummaryTable.Column.scientific("mean_abs_h", "mean |h|"));

    /**
     * What the runner resolved: the profile, data generator and budget.
     *
     * @param variants per {@code method / variant}, its description, in the table's order
     * @param unlabeledBatch unlabeled points per step; 0: all
     * @param figureSeed the seed whose decision boundaries the figure shows
     */
    public record Setup(String profile, long steps, int pointsPerMoon, double noise, int labeledPerMoon,
            int testPointsPerMoon, double initRange, double lr, int unlabeledBatch, long figureSeed,
            Map<String, String> variants) {}

    public static String csv(List<ResultRow> rows) {
        return SummaryTable.csv(rows, COLUMNS);
    }

    public static String markdown(Setup s, List<ResultRow> rows, String figures) {
        StringBuilder sb = new StringBuilder();
        TreeSet<Long> seeds = new TreeSet<>();
        rows.forEach(r -> seeds.add(r.run().seed()));
        sb.append(String.format(Locale.ROOT, "# TwoMoon (paper §3.1, Figure 2) — profile `%s`, synthetic data, %d steps "
                + "per model, seeds %s%n%n", s.profile(), s.steps(), SummaryTable.seedList(seeds)));
        sb.append(String.format(Locale.ROOT,
                "Data: %d points in two moons of %d (Gaussian noise σ = %s), %d labeled (%d per moon), the rest unlabeled; "
                        + "held-out sample of %d fresh points. Each seed draws its own data, labeled points and initial weights.%n%n",
                2 * s.pointsPerMoon(), s.pointsPerMoon(), s.noise(), 2 * s.labeledPerMoon(), s.labeledPerMoon(),
                2 * s.testPointsPerMoon()));
        sb.append(String.format(Locale.ROOT,
                "Budget: MLP 2-8-8-2 (sigmoid, weights U(±%s)), plain SGD lr %s, %d steps per model "
                        + "(Pseudo Labels: %d teacher + %d student steps), all 6 labeled points and %s unlabeled points per step.%n%n",
                s.initRange(), s.lr(), s.steps(), s.steps(), s.steps(),
                s.unlabeledBatch() == 0 ? "all" : Integer.toString(s.unlabeledBatch())));
        sb.append("Accuracy in % (mean ± sample std over seeds) of the model each method reports "
                + "(MPL, Pseudo Labels: the student); teacher accuracy where there is a teacher; "
                + "mean |h|: average size of the MPL teacher's feedback scalar over 200 sampled steps. "
                + "The same numbers as CSV: `table.csv`.\n\n");
        sb.append(SummaryTable.markdown(rows, COLUMNS));
        sb.append("\nVariants:\n\n");
        s.variants().forEach((key, description) -> sb.append("- `").append(key).append("`: ").append(description).append('\n'));
        sb.append("\nThe paper reports no TwoMoon numbers (Figure 2 is qualitative). Figures (decision boundaries: seed ")
                .append(s.figureSeed()).append("):\n\n").append(figures).append('\n');
        Map<String, Double> wall = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            wall.putIfAbsent(r.run().fileKey(), r.wallSeconds());
        }
        sb.append(String.format(Locale.ROOT,
                "Provenance: %s; training wall time %.1f s over %d runs. Per-run rows: `runs.csv`; curves: `curves.csv`; "
                        + "resolved configuration: `config.json`.%n",
                ProvenanceText.perEnvironment(rows), wall.values().stream().mapToDouble(Double::doubleValue).sum(),
                wall.size()));
        return sb.toString();
    }
}
