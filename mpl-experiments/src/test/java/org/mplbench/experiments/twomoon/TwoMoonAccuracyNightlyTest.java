package org.mplbench.experiments.twomoon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * The TwoMoon runner at the full {@code cpu} budget on seeds 1 and 2 (about 9 minutes on 2 cores;
 * run with {@code -Pnightly-tests}), compared with the committed results/twomoon/cpu/runs.csv:
 * every method's accuracies must stay within 0.5 points of the committed run (runs are
 * deterministic on one engine and CPU; the margin allows other CPUs' kernels), and the supervised
 * model must still fit its 6 labels.
 */
@Tag("nightly")
class TwoMoonAccuracyNightlyTest {

    private static final double TOLERANCE = 0.005;

    @Test
    void fullBudgetMatchesTheCommittedRun(@TempDir Path root) throws IOException {
        MainAccess.runTable(root, "twomoon", "profile", "cpu", "seeds", "1,2");

        Map<String, Double> committed = accuracies(ResultsCsv.read(Path.of("..", "results", "twomoon", "cpu", "runs.csv")));
        Map<String, Double> now = accuracies(ResultsCsv.read(root.resolve("results/twomoon/cpu/runs.csv")));
        assertThat(now).hasSize(2 * TwoMoonRunner.variants().size() * 2);
        for (Map.Entry<String, Double> e : now.entrySet()) {
            assertThat(committed).containsKey(e.getKey());
            assertThat(e.getValue()).as(e.getKey()).isCloseTo(committed.get(e.getKey()), offset(TOLERANCE));
        }
        List<Double> supervisedLabeled = ResultsCsv.read(root.resolve("results/twomoon/cpu/runs.csv")).stream()
                .filter(r -> r.run().method().equals("supervised") && r.metric().equals("acc_labeled"))
                .map(ResultRow::value).toList();
        assertThat(supervisedLabeled).as("supervised acc_labeled of seeds 1 and 2").containsExactly(1.0, 1.0);
    }

    /** acc_all and acc_test of seeds 1 and 2, keyed method/variant/seed/metric. */
    private static Map<String, Double> accuracies(List<ResultRow> rows) {
        Map<String, Double> acc = new HashMap<>();
        for (ResultRow r : rows) {
            boolean seed = r.run().seed() == 1 || r.run().seed() == 2;
            if (seed && (r.metric().equals("acc_all") || r.metric().equals("acc_test"))) {
                acc.put(r.run().method() + "/" + r.run().variant() + "/" + r.run().seed() + "/" + r.metric(), r.value());
            }
        }
        return acc;
    }
}
