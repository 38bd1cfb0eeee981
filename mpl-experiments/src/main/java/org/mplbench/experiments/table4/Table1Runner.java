package org.mplbench.experiments.table4;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;
import org.mplbench.experiments.table3.PoolRow;
import org.mplbench.experiments.table3.PoolTableRunner;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.PairedDifferences;
import org.mplbench.reports.PaperReference;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.Stats;

/**
 * {@code -Dtable=1}: the paper's headline (Table 1: ImageNet top-1 and ReaL) from Table 4's runs of the
 * same profile — it trains nothing ({@code results/table1/<profile>/table.md}).
 */
public final class Table1Runner implements Runner {

    private static final Table4Runner TABLE_4 = new Table4Runner();

    @Override
    public String name() {
        return "1";
    }

    @Override
    public List<String> aliases() {
        return List.of("table1");
    }

    @Override
    public String description() {
        return "Table 1: the headline (top-1, ReaL) from Table 4's runs of the same profile";
    }

    @Override
    public String folder() {
        return "table1";
    }

    /** Table 4's options that name its results directory. */
    @Override
    public Set<String> options() {
        return Set.of("steps", "budget.*");
    }

    @Override
    public void run(RunOptions o) throws IOException {
        report(o, List.of());
    }

    @Override
    public void report(RunOptions o, List<String> notes) throws IOException {
        Path t4 = PoolTableRunner.resultsDir(TABLE_4, o);
        Path csv = t4.resolve("runs.csv");
        if (!Files.isRegularFile(csv)) {
            throw new ConfigException("-Dtable", "Table 1 summarises Table 4's runs, and " + csv + " does not exist: run "
                    + "-Dtable=4 -Dprofile=" + o.profile().id() + " first");
        }
        List<ResultRow> rows = ResultsCsv.read(csv);
        Path out = o.resultsDir(folder()).resolveSibling(t4.getFileName());
        Files.createDirectories(out);
        AtomicText.write(out.resolve("table.md"), markdown(o.profile(), rows, t4));
        System.out.println("wrote " + out.resolve("table.md"));
    }

    static String markdown(Profile profile, List<ResultRow> rows, Path t4) {
        String dataset = rows.isEmpty() ? "?" : rows.get(0).run().dataset();
        boolean paperScale = profile == Profile.PAPER;
        StringBuilder md = new StringBuilder("# Table 1 (" + profile.id() + "): the headline");
        md.append(paperScale ? "" : " — not run at the paper's scale, on " + dataset).append("\n\n");
        PaperReference ref = PaperReference.load("table1");
        md.append("| | Top-1 (%) | ReaL P@1 (%) | Seeds |\n|---|---:|---:|---:|\n");
        for (Map.Entry<String, String> r : ref.rows().entrySet()) {
            md.append(String.format(Locale.ROOT, "| %s (paper, ImageNet) | %s | %s | 1 |%n", r.getValue(),
                    ref.find(r.getKey(), "imagenet").map(v -> Double.toString(v.value())).orElse("—"),
                    ref.find(r.getKey(), "imagenet", "real").map(v -> Double.toString(v.value())).orElse("—")));
        }
        PoolRow best = null;
        double bestMean = Double.NEGATIVE_INFINITY;
        for (PoolRow r : List.of(Table4Row.MPL, Table4Row.REDUCED_MPL)) {
            List<Double> v = top1(rows, r);
            if (!v.isEmpty() && Stats.of(v).mean() > bestMean) {
                bestMean = Stats.of(v).mean();
                best = r;
            }
        }
        for (PoolRow r : best == null ? List.of(Table4Row.SUPERVISED) : List.of(Table4Row.SUPERVISED, best)) {
            List<Double> v = top1(rows, r);
            md.append(String.format(Locale.ROOT, "| %s (ours, %s) | %s | — | %d |%n", r.title(), dataset,
                    v.isEmpty() ? "—" : Stats.of(v).format(100, 2), v.size()));
        }
        md.append("\nOurs: from Table 4's runs (`").append(t4.getFileName()).append("/runs.csv`)");
        if (best != null) {
            Map<Long, Double> d = PairedDifferences.differences(rows, "imagenet", "acc_test", best.paired(),
                    Table4Row.SUPERVISED.paired());
            if (!d.isEmpty()) {
                Stats s = Stats.of(new ArrayList<>(d.values()));
                md.append(String.format(Locale.ROOT, "; the better MPL row minus Supervised, paired by seed: %+.2f ± %.2f "
                        + "points over %d seed(s)", s.mean(), s.std(), s.n()));
            }
        }
        md.append(". ReaL needs ImageNet-ReaL's relabelled validation set, which this suite does not read.");
        if (!paperScale) {
            md.append(" The paper's numbers are ImageNet's at 480 M parameters; ours are not comparable with them.");
        }
        return md.append("\n").toString();
    }

    private static List<Double> top1(List<ResultRow> rows, PoolRow r) {
        List<Double> v = new ArrayList<>();
        for (ResultRow row : rows) {
            if (row.metric().equals("acc_test") && row.run().method().equals(r.method().method())
                    && row.run().variant().equals(r.method().variant())) {
                v.add(row.value());
            }
        }
        return v;
    }
}
