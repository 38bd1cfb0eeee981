package org.mplbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The synthetic-cifar table: how hard the synthetic stand-in is for a supervised WRN-28-2. */
public final class SyntheticCifarReport {

    private SyntheticCifarReport() {}

    /** What the runner resolved for the table. */
    public record Setup(String profile, int labeled, String split, long splitSeed, int testImages, long steps, int batch,
            int pipelineThreads, String config) {}

    public static String markdown(Setup s, List<ResultRow> rows) {
        MarkdownTable t = new MarkdownTable(List.of("model", "seed", "test acc. %", "labeled acc. %",
                "test acc. %, batch statistics", "steps", "ms/step", "wall s"),
                List.of(false, false, true, true, true, true, true, true));
        Map<String, List<ResultRow>> runs = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            runs.computeIfAbsent(r.run().fileKey(), k -> new ArrayList<>()).add(r);
        }
        for (List<ResultRow> run : runs.values()) {
            ResultRow first = run.get(0);
            t.row(List.of(first.run().variant(), Long.toString(first.run().seed()), pct(run, "acc_test"),
                    pct(run, "acc_labeled"), pct(run, "acc_test_batch_stats"), Long.toString(first.steps()),
                    String.format(Locale.ROOT, "%.0f", first.msPerStep()),
                    String.format(Locale.ROOT, "%.0f", first.wallSeconds())));
        }
        return "# Supervised WRN-28-2 on synthetic-cifar (synthetic stand-in data, not CIFAR-10), " + s.profile()
                + " profile\n\n"
                + String.format(Locale.ROOT, "%d labeled images (split %s, seed %d; `labelmap.csv`), %d test images, "
                        + "%d steps of batch %d, %d pipeline threads.%n%n", s.labeled(), s.split(), s.splitSeed(),
                        s.testImages(), s.steps(), s.batch(), s.pipelineThreads())
                + t.render()
                + "\nwrn28-2-paper: the official code's network (stem 32, LeakyReLU 0.2, BN decay 0.99, eps 1e-3). "
                + "wrn28-2-reference-code: the PyTorch code's (stem 16, LeakyReLU 0.1, BN momentum 0.001 = decay 0.999, "
                + "eps 1e-5). Accuracies in inference mode (BN running statistics) except the batch-statistics column, which "
                + "normalises each batch of 250 test images by its own statistics (training mode, dropout on).\n"
                + "\nConfig: " + s.config() + "\n"
                + "\nProvenance: " + ProvenanceText.summary(rows) + ".\n";
    }

    private static String pct(List<ResultRow> run, String metric) {
        return run.stream().filter(r -> r.metric().equals(metric)).findFirst()
                .map(r -> String.format(Locale.ROOT, "%.2f", 100 * r.value())).orElse("");
    }
}
