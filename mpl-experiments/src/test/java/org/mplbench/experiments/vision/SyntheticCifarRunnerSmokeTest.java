package org.mplbench.experiments.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.SslSplit;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.experiments.MainAccess;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/** The synthetic-cifar runner end to end on the smoke profile (WRN-28-2, a few steps). */
class SyntheticCifarRunnerSmokeTest {

    @Test
    void trainsAndWritesRunsTableAndLabelMap(@TempDir Path root) throws IOException {
        MainAccess.runTable(root, "synthetic-cifar", "profile", "smoke", "steps", "2");
        Path out = root.resolve("results/synthetic-cifar/smoke");
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        assertThat(rows).extracting(ResultRow::metric).containsExactly("acc_test", "acc_labeled", "acc_test_batch_stats",
                "acc_test", "acc_labeled", "acc_test_batch_stats");
        assertThat(rows).extracting(r -> r.run().variant()).containsOnly("wrn28-2-paper", "wrn28-2-reference-code");
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.run().dataSource()).isEqualTo("synthetic");
            assertThat(r.run().dataset()).isEqualTo("synthetic-cifar");
            assertThat(r.steps()).isEqualTo(2);
            assertThat(r.value()).isBetween(0.0, 1.0);
        });
        assertThat(Files.readString(out.resolve("table.md"))).contains("synthetic stand-in data, not CIFAR-10")
                .contains("| wrn28-2-paper | 0 |").contains("| wrn28-2-reference-code | 0 |").contains("\nProvenance: commit ");
        // each run's specification, and the config hash in its rows is that specification's
        for (ResultRow r : rows) {
            String spec = Files.readString(out.resolve("runs").resolve(r.run().fileKey() + ".json"));
            assertThat(spec).contains("\"runner\": \"synthetic-cifar\"").contains("\"variant\": \"" + r.run().variant() + "\"");
        }
        // the published label map reloads to the split the run used
        SslSplit split = SslSplit.read(out.resolve("labelmap.csv"), SyntheticCifar.generate(1, 0.02).train());
        assertThat(split.labeled()).hasSize(200);
        assertThat(split.validation()).hasSize(100);
    }
}
