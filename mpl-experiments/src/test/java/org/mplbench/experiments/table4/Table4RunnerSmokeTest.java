package org.mplbench.experiments.table4;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.TestTrees;
import org.mplbench.mpl.LargeTeacherOutputs;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * {@code -Dtable=4} and {@code -Dtable=1} end to end at the smoke budget on trees the test writes: the
 * filtering stage, then Supervised, MPL and Reduced MPL (its large teacher's outputs stored once), the
 * headline from the same runs; and the refusals a user meets first.
 */
class Table4RunnerSmokeTest {

    @TempDir
    Path root;
    @TempDir
    Path data;

    private String[] options(String... more) {
        return TestTrees.poolOptions(data, more);
    }

    private void writeData() throws Exception {
        TestTrees.writeTree(data.resolve("imagenet/train"), 3, 8, 1);
        TestTrees.writeTree(data.resolve("imagenet/val"), 3, 3, 2);
        TestTrees.writeTree(data.resolve("pool"), 3, 6, 3);
    }

    private String error(String table, String... keyValues) {
        return MainAccess.errorOf(root, table, keyValues);
    }

    @Test
    void filtersThenTrainsSupervisedMplAndReducedMplAndRendersTablesFourAndOne() throws Exception {
        writeData();
        assertThat(error("1", "profile", "smoke")).contains("run -Dtable=4 -Dprofile=smoke first");
        MainAccess.runTable(root, "4", options("stage", "filter", "top-k", "3"));
        Path out = root.resolve("results/table4/smoke");
        assertThat(Files.readAllLines(out.resolve("filter/manifest.csv")).get(0)).startsWith("# Table 4 unlabeled pool");
        // Reduced MPL before its large teacher's run: named
        assertThat(error("4", options("methods", "reduced-mpl", "seeds", "3")))
                .contains("Reduced MPL's large teacher is imagenet/supervised/seed3");
        MainAccess.runTable(root, "4", options());

        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        assertThat(rows.stream().filter(r -> r.metric().equals("acc_test")).map(r -> r.run().method()))
                .containsExactlyInAnyOrder("supervised", "mpl", "reduced-mpl");
        Path outputs = out.resolve("large-teacher/imagenet-supervised-seed0.outputs");
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("runs/imagenet/reduced-mpl/seed0/config.json")))
                .getAsJsonObject();
        JsonObject d = config.getAsJsonObject("data");
        assertThat(d.get("large_teacher").getAsString()).isEqualTo("imagenet/supervised/seed0");
        try (LargeTeacherOutputs o = LargeTeacherOutputs.open(outputs)) {
            // every training image: the labeled set and the selected pool, 3 classes each
            assertThat(o.rows()).isEqualTo(d.get("train_images").getAsLong() + d.get("pool_images").getAsLong());
            assertThat(o.classes()).isEqualTo(3);
        }
        assertThat(config.getAsJsonObject("budget").get("network").getAsString()).isEqualTo("efficientnet-w0.25-d0.5");
        String table = Files.readString(out.resolve("table.md"));
        assertThat(table).contains("# Table 4 (smoke): efficientnet-w0.25-d0.5 with a filtered unlabeled pool — not run "
                + "at the paper's scale").contains("| Reduced Meta Pseudo Labels (after finetuning) | " + String.format(
                        java.util.Locale.ROOT, "%.2f M", org.mplbench.nn.EfficientNetSpec.member(0.25, 0.5, 32, 0.2, 3, false)
                                .parameters() / 1e6) + " |")
                .contains("480,309,308 parameters").contains("316,649,180 parameters")
                .contains("| Meta Pseudo Labels EfficientNet-L2 (300M unlabeled JFT) | 480 | 90.2 | 98.8 | 91.02 |");

        MainAccess.runTable(root, "1", "profile", "smoke");
        String headline = Files.readString(root.resolve("results/table1/smoke/table.md"));
        assertThat(headline).contains("| Meta Pseudo Labels (EfficientNet-L2) (paper, ImageNet) | 90.2 | 91.02 | 1 |")
                .contains("| Supervised (ours, imagenet) |").contains("minus Supervised, paired by seed");
    }

    @Test
    void thePaperScaleIsRefusedUnlessAskedForByName() {
        String refused = error("4", "profile", "paper", "data.imagenet", data.toString(), "data.unlabeled", data.toString());
        assertThat(refused).contains("-Dprofile: paper is Table 4 at the paper's scale: 3 runs").contains("EFLOP")
                .contains("2,048 TPUv3 cores").contains("-Dallow-paper-scale=true");
        assertThat(error("4", "profile", "paper", "allow-paper-scale", "maybe")).contains("'maybe' is not true or false");
        // asked for, on this CPU it still needs -Dallow-cpu
        assertThat(error("4", "profile", "paper", "allow-paper-scale", "true", "data.imagenet", data.toString(),
                "data.unlabeled", data.toString())).contains("-Ddevice: the paper profile would train on the CPU");
    }
}
