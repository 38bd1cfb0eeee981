package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.DatasetLocator;
import org.mplbench.experiments.MainAccess;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * Supervised and UDA at the {@code quick} budget on real Fashion-MNIST (about 3 minutes on 2 cores;
 * run with {@code -Pnightly-tests} on a machine with {@code dataset-fashion-mnist} installed): the
 * semi-supervised machinery must work on real images — UDA at least a point above Supervised, both
 * far above chance — and both must stay within 1 point of the committed quick run
 * (results/table2/quick/runs.csv; runs are deterministic on one engine and CPU, the margin allows
 * other CPUs' kernels).
 */
@Tag("nightly")
class FashionMnistQuickNightlyTest {

    @Test
    void udaBeatsSupervisedOnRealImagesAsCommitted(@TempDir Path root) throws IOException {
        Assumptions.assumeTrue(DatasetLocator.fromSystemProperties().present("fashion-mnist"),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        MainAccess.runTable(root, "2", "profile", "quick", "methods", "supervised,uda");

        Map<String, Double> now = accuracies(ResultsCsv.read(root.resolve("results/table2/quick/runs.csv")));
        Map<String, Double> committed = accuracies(ResultsCsv.read(Path.of("..", "results", "table2", "quick", "runs.csv")));
        assertThat(now.get("supervised")).isGreaterThan(0.70);
        assertThat(now.get("uda")).isGreaterThan(now.get("supervised") + 0.01);
        for (String m : List.of("supervised", "uda")) {
            assertThat(now.get(m)).as(m).isCloseTo(committed.get(m), offset(0.01));
        }
    }

    private static Map<String, Double> accuracies(List<ResultRow> rows) {
        Map<String, Double> acc = new HashMap<>();
        for (ResultRow r : rows) {
            if (r.metric().equals("acc_test") && r.run().seed() == 0) {
                acc.put(r.run().method(), r.value());
            }
        }
        return acc;
    }
}
