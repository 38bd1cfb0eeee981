package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/** The merge job's rendering ({@code -Dreport-only}) of a table whose tasks did not all leave a result. */
class MergeTest {

    @Test
    void partialResultsMergeIntoATableThatNamesEveryRunWithoutAResultAndItsLog(@TempDir Path root) throws Exception {
        MainAccess.runTable(root, "twomoon", "profile", "smoke", "seeds", "0");
        Path out = root.resolve("results/twomoon/smoke");
        // as if the tasks of runs 2 (mpl/paper) and 5 (mpl/soft) had died before writing their rows
        Files.delete(out.resolve("runs/twomoon-mpl-paper-seed0.csv"));
        Files.delete(out.resolve("runs/twomoon-mpl-soft-seed0.csv"));
        Files.createDirectories(out.resolve("slurm"));
        Files.writeString(out.resolve("slurm/submission.json"), "{\"arrayJob\": \"9\", \"mergeJob\": \"10\", "
                + "\"submittedAt\": \"2026-11-30T10:00:00Z\", \"indices\": [0, 1, 2, 3, 4, 5, 6, 7]}\n");

        MainAccess.runTable(root, "twomoon", "profile", "smoke", "seeds", "0", "report-only", "true");

        assertThat(ResultsCsv.read(out.resolve("runs.csv")).stream().map(ResultRow::run).map(r -> r.method() + "/"
                + r.variant()).distinct()).hasSize(6).doesNotContain("mpl/paper", "mpl/soft");
        assertThat(Files.readString(out.resolve("table.md"))).endsWith("\n## Runs without a result\n\n"
                + "- `mpl/paper/seed0` (Slurm array task 9_2): no result: its task ended without one (partial); "
                + "log `slurm/logs/task-2.log`\n"
                + "- `mpl/soft/seed0` (Slurm array task 9_5): no result: its task ended without one (partial); "
                + "log `slurm/logs/task-5.log`\n");
    }
}
