package org.mplbench.experiments.table3;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.TestTrees;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/**
 * {@code -Dtable=3} end to end at the smoke budget on trees the test writes: the filtering stage (an
 * unreadable pool file skipped and counted, copies of test images removed, top K per class, resumable),
 * then Supervised, UDA and MPL on the selection; and the errors a user meets first.
 */
class Table3RunnerSmokeTest {

    @TempDir
    Path root;
    @TempDir
    Path data;

    private String[] options(String... more) {
        return TestTrees.poolOptions(data, more);
    }

    private Path out() {
        return root.resolve("results/table3/smoke");
    }

    /** ImageNet-style train (3 classes × 8) and val (3 × 3); a nested pool of 18 images, 2 copies of val images, 1 broken file. */
    private void writeData() throws Exception {
        TestTrees.writeTree(data.resolve("imagenet/train"), 3, 8, 1);
        TestTrees.writeTree(data.resolve("imagenet/val"), 3, 3, 2);
        TestTrees.writeTree(data.resolve("pool/crawl"), 3, 6, 3);
        Files.copy(data.resolve("imagenet/val/n00000001/img0.jpg"), data.resolve("pool/copy-of-val.jpg"));
        Files.copy(data.resolve("imagenet/val/n00000002/img2.jpg"), data.resolve("pool/crawl/n00000000/again.jpg"));
        Files.writeString(data.resolve("pool/broken.jpg"), "not a JPEG");
    }

    @Test
    void filtersThePoolThenTrainsTheThreeRowsOnTheSelection() throws Exception {
        writeData();
        MainAccess.runTable(root, "3", options("stage", "filter", "top-k", "3"));
        Path filter = out().resolve("filter");
        JsonObject s = JsonParser.parseString(Files.readString(filter.resolve("filter.json"))).getAsJsonObject()
                .getAsJsonObject("summary");
        assertThat(s.get("poolImages").getAsInt()).isEqualTo(21);
        assertThat(s.get("unreadable").getAsInt()).isEqualTo(1);
        assertThat(s.get("duplicatesOfValidation").getAsInt()).isEqualTo(2);
        assertThat(s.get("kept").getAsInt()).isBetween(3, 9);
        assertThat(s.get("maxKeptPerClass").getAsInt()).isLessThanOrEqualTo(3);
        List<String> manifest = Files.readAllLines(filter.resolve("manifest.csv"), StandardCharsets.UTF_8);
        assertThat(manifest).anyMatch(l -> l.startsWith("# Table 3 unlabeled pool"))
                .contains("path,class,class_name,score,sha256")
                .noneMatch(l -> l.contains("broken") || l.contains("copy-of-val") || l.contains("again.jpg"));
        assertThat(manifest.stream().filter(l -> l.startsWith("crawl/")).count()).isEqualTo(s.get("kept").getAsInt());
        assertThat(Files.readString(filter.resolve("scores.csv"))).contains("broken.jpg,-1,,");

        // interrupted scoring resumes where it stopped (a torn last line cut off) and selects the same images;
        // scores are compared without their last digits, which a forward of another batch size may move
        List<String> before = withoutScores(Files.readAllLines(filter.resolve("manifest.csv")));
        List<String> scores = Files.readAllLines(filter.resolve("scores.csv"));
        Files.writeString(filter.resolve("scores.csv"), String.join("\n", scores.subList(0, 7)) + "\n12,cra");
        Files.delete(filter.resolve("manifest.csv"));
        MainAccess.runTable(root, "3", options("stage", "filter", "top-k", "3"));
        assertThat(withoutScores(Files.readAllLines(filter.resolve("manifest.csv")))).isEqualTo(before);
        assertThat(withoutScores(Files.readAllLines(filter.resolve("scores.csv")))).isEqualTo(withoutScores(scores));

        MainAccess.runTable(root, "3", options());
        List<ResultRow> rows = ResultsCsv.read(out().resolve("runs.csv"));
        for (String m : List.of("supervised", "uda", "mpl")) {
            assertThat(rows).as(m).anyMatch(r -> r.run().method().equals(m) && r.metric().equals("acc_test_top5"))
                    .anyMatch(r -> r.run().method().equals(m) && r.metric().equals("acc_test"));
        }
        JsonObject config = JsonParser.parseString(Files.readString(out().resolve("runs/imagenet/mpl/seed0/config.json")))
                .getAsJsonObject();
        assertThat(config.get("runner").getAsString()).isEqualTo("3");
        JsonObject d = config.getAsJsonObject("data");
        assertThat(d.get("pool_images").getAsInt()).isEqualTo(s.get("kept").getAsInt());
        assertThat(d.get("manifest_sha256").getAsString()).isEqualTo(PoolManifest.fileHash(filter.resolve("manifest.csv")));
        assertThat(d.get("labeled").getAsInt()).isEqualTo(3 * (8 - 1));
        assertThat(out().resolve("runs/imagenet/supervised/seed0/final-model.params")).exists();
        String md = Files.readString(out().resolve("table.md"));
        assertThat(md).contains("Meta Pseudo Labels (after finetuning), top-5", "96.50", "83.20",
                "1 unreadable and 2 equal to a test image removed", "Billion-scale SSL (unlabeled YFCC) *(reference only)*");
        // re-rendered from the files alone
        Files.delete(out().resolve("table.md"));
        MainAccess.runTable(root, "3", options("report-only", "true"));
        assertThat(Files.readString(out().resolve("table.md"))).contains("Meta Pseudo Labels (after finetuning), top-5");
    }

    /** CSV lines with every decimal number cut to 3 places. */
    private static List<String> withoutScores(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("(\\d\\.\\d{3})\\d+", "$1")).toList();
    }

    private String error(String... keyValues) {
        return error(root, keyValues);
    }

    private static String error(Path root, String... keyValues) {
        return MainAccess.errorOf(root, "3", keyValues);
    }

    @Test
    void badInputIsAnErrorThatNamesTheProblem(@TempDir Path other) throws Exception {
        writeData();
        // UDA and MPL without the filtering stage's manifest
        assertThat(error(options("methods", "mpl"))).contains("-Dstage=filter first");
        assertThat(error(options("stage", "sort"))).contains("-Dstage: 'sort' is not a stage of Table 3");
        // options a stage would ignore are refused
        assertThat(error("profile", "smoke", "top-k", "5")).contains("-Dtop-k: is read by the filtering stage only");
        assertThat(error(options("stage", "filter", "top-k", "3", "methods", "uda"))).contains("-Dmethods: the filtering stage trains");
        assertThat(error(options("data.cifar10", "/x"))).contains("-Ddata.cifar10: is not an option of runner '3'");
        assertThat(error("profile", "smoke", "data.imagenet", data.resolve("imagenet").toString()))
                .contains("-Ddata.unlabeled: is required with -Ddata.imagenet");
        assertThat(error("profile", "paper")).contains("sized for GPUs", "GPU-hours");
        assertThat(error("profile", "paper", "allow-cpu", "true")).contains("-Ddata.imagenet: not set");
        // an empty pool
        Path empty = Files.createDirectories(data.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no images here");
        assertThat(error(other, "profile", "smoke", "data.imagenet", data.resolve("imagenet").toString(), "data.unlabeled",
                empty.toString(), "stage", "filter")).contains(empty.toString(), "holds no image files");
        assertThat(other.resolve("results/table3/smoke/runs")).doesNotExist(); // refused before anything trained
        // an unreadable labeled image is an error naming it, never skipped
        Path bad = data.resolve("imagenet/train/n00000001/img3.jpg");
        Files.writeString(bad, "truncated");
        assertThat(error(other, options("stage", "filter", "top-k", "3"))).contains(bad.toString(), "unreadable image");
    }
}
