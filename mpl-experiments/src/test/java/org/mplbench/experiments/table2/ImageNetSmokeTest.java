package org.mplbench.experiments.table2;

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
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/** The ImageNet-10% cell end to end at the smoke budget, on a tiny class-per-folder tree of JPEGs. */
class ImageNetSmokeTest {

    @Test
    void theImageNetCellTrainsOnRandomCropsAndReportsTopFive(@TempDir Path root, @TempDir Path imagenet)
            throws Exception {
        TestTrees.writeTree(imagenet.resolve("train"), 3, 16, 1);
        TestTrees.writeTree(imagenet.resolve("val"), 3, 4, 2);
        String old = System.getProperty("data.imagenet");
        System.setProperty("data.imagenet", imagenet.toString());
        try {
            MainAccess.runTable(root, "2", "profile", "smoke", "data", "real", "cells", "imagenet-10pct",
                    "methods", "supervised,mpl");
        } finally {
            if (old == null) {
                System.clearProperty("data.imagenet");
            } else {
                System.setProperty("data.imagenet", old);
            }
        }
        Path out = root.resolve("results/table2/smoke");
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        assertThat(rows).filteredOn(r -> r.metric().equals("acc_test_top5")).hasSize(2)
                .allMatch(r -> r.run().cell().equals("imagenet-10pct") && r.value() == 1.0); // 3 classes: always in the top 5
        assertThat(rows).filteredOn(r -> r.metric().equals("acc_test")).hasSize(2);
        JsonObject config = JsonParser.parseString(Files.readString(out.resolve("runs/imagenet-10pct/mpl/seed0/config.json")))
                .getAsJsonObject();
        JsonObject budget = config.getAsJsonObject("budget");
        assertThat(budget.get("views").getAsString()).isEqualTo("IMAGENET");
        assertThat(budget.get("network").getAsString()).isEqualTo("resnet-50");
        assertThat(config.getAsJsonObject("data").get("normalization").getAsString())
                .contains("0.485");
        assertThat(Files.readString(out.resolve("table.md"))).contains("Meta Pseudo Labels (after finetuning), top-5",
                "91.38", "ImageNet views (Inception crop to 32");
    }
}
