package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.Cifar10;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Subset;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.experiments.MainAccess;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/** End-to-end runs of {@code -Dtable=2} at the smoke budget: every row, re-runs, resume, failure. */
class Table2RunnerSmokeTest {

    private static Path dir(Path root) {
        return root.resolve("results/table2/smoke");
    }

    @Test
    void smokeRunsEveryRowWritesTablesAndSkipsFinishedRunsOnRerun(@TempDir Path root) throws Exception {
        MainAccess.runTable(root, "2", "profile", "smoke");
        List<ResultRow> rows = ResultsCsv.read(dir(root).resolve("runs.csv"));
        for (Table2Method m : Table2Method.table2()) {
            assertThat(rows).as(m.id()).anyMatch(r -> r.run().method().equals(m.method())
                    && r.run().variant().equals(m.variant()) && r.metric().equals("acc_test")
                    && r.value() >= 0 && r.value() <= 1 && r.run().dataSource().equals("synthetic"));
        }
        assertThat(rows).filteredOn(r -> r.metric().equals("acc_test_before_finetune")).hasSize(4);
        assertThat(rows).filteredOn(r -> r.metric().equals("acc_test")).hasSize(Table2Method.table2().size());
        String md = Files.readString(dir(root).resolve("table.md"));
        assertThat(md).contains("SYNTHETIC STAND-IN DATA (synthetic-cifar)", "Meta Pseudo Labels before finetuning", "96.11 ± 0.07",
                "UDA teacher → student, no MPL feedback", "wrn-10-1", "MixMatch *(reference only)*",
                "(cifar10-4k-accuracy.png)", "(cifar10-4k-mpl.png)", "| best-test |");
        assertThat(ImageIO.read(dir(root).resolve("cifar10-4k-accuracy.png").toFile()).getWidth()).isEqualTo(900);
        assertThat(ImageIO.read(dir(root).resolve("cifar10-4k-mpl.png").toFile()).getHeight()).isEqualTo(900);
        assertThat(CurvesCsv.read(dir(root).resolve("curves.csv")))
                .anyMatch(c -> c.series().equals("cifar10-4k/mpl") && c.metric().equals("h") && c.step() == 4)
                .anyMatch(c -> c.series().equals("cifar10-4k/uda") && c.metric().equals("acc_test") && c.step() == 8);
        String tableCsv = Files.readString(dir(root).resolve("table.csv"));
        assertThat(tableCsv).startsWith("row,kind,method,variant,metric,cell,paper_row,paper_value");

        // -Dreport-only re-renders byte-identical tables from the files alone
        Files.delete(dir(root).resolve("table.md"));
        Files.delete(dir(root).resolve("curves.csv"));
        MainAccess.runTable(root, "2", "profile", "smoke", "report-only", "true");
        assertThat(Files.readString(dir(root).resolve("table.md"))).isEqualTo(md);
        assertThat(Files.readString(dir(root).resolve("table.csv"))).isEqualTo(tableCsv);
        assertThat(dir(root).resolve("curves.csv")).exists();
        Path mplRun = dir(root).resolve("runs/cifar10-4k/mpl/seed0");
        assertThat(mplRun.resolve("config.json")).exists();
        assertThat(Files.readString(mplRun.resolve("config.json"))).contains("\"feedback\": \"OLD_MINUS_NEW\"");
        assertThat(Files.readAllLines(mplRun.resolve("metrics.jsonl"))).hasSize(3); // steps 4, 8 (before finetuning), 10
        assertThat(mplRun.resolve("checkpoint/state.json")).exists();
        assertThat(dir(root).resolve("splits/cifar10-4k-synthetic-cifar.csv")).exists();

        List<FileTime> before = resultTimes(root);
        String csv = Files.readString(dir(root).resolve("runs.csv"));
        MainAccess.runTable(root, "2", "profile", "smoke");
        assertThat(resultTimes(root)).isEqualTo(before);
        assertThat(Files.readString(dir(root).resolve("runs.csv"))).isEqualTo(csv);
    }

    private static List<FileTime> resultTimes(Path root) throws Exception {
        List<FileTime> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir(root).resolve("runs"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().equals("result.json")).sorted().toList()) {
                out.add(Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    @Test
    void aRunStoppedAndResumedEndsExactlyLikeAnUninterruptedOne(@TempDir Path a, @TempDir Path b) throws Exception {
        // pseudo-labels once resumed to 0.06 instead of 0.08 in one clean-clone run (an earlier session, before the
        // training-session rewrite); not reproduced since in 12 in-JVM and 12 out-of-process stop/resume trials
        // and 87 SIGKILL points (KillAndResumeNightlyTest), so it is back in this test
        String[] rows = {"methods", "supervised,pseudo-labels,uda,mpl,mpl-reference-code,mpl-soft"};
        MainAccess.runTable(a, "2", "profile", "smoke", rows[0], rows[1]);
        // stop every run after 3 steps (mid-way between checkpoints at 4), then after 9, then finish
        MainAccess.runTable(b, "2", "profile", "smoke", rows[0], rows[1], "stop-after", "3");
        Path mplB = dir(b).resolve("runs/cifar10-4k/mpl/seed0");
        assertThat(mplB.resolve("result.json")).doesNotExist();
        assertThat(JsonParser.parseString(Files.readString(mplB.resolve("checkpoint/state.json")))
                .getAsJsonObject().get("step").getAsLong()).isEqualTo(3);
        MainAccess.runTable(b, "2", "profile", "smoke", rows[0], rows[1], "stop-after", "9");
        assertThat(mplB.resolve("result.json")).doesNotExist(); // 8 steps + 2 finetuning: stopped at 9
        MainAccess.runTable(b, "2", "profile", "smoke", rows[0], rows[1]);
        for (String row : rows[1].split(",")) {
            Path ra = dir(a).resolve("runs/cifar10-4k/" + row + "/seed0");
            Path rb = dir(b).resolve("runs/cifar10-4k/" + row + "/seed0");
            JsonObject ja = JsonParser.parseString(Files.readString(ra.resolve("result.json"))).getAsJsonObject();
            JsonObject jb = JsonParser.parseString(Files.readString(rb.resolve("result.json"))).getAsJsonObject();
            assertThat(jb.get("metrics")).as(row).isEqualTo(ja.get("metrics"));
            // 8 steps (supervised, UDA) finish in the second invocation; 10 (MPL) and 16 (Pseudo Labels) in the third
            long total = jb.get("steps").getAsLong();
            assertThat(jb.get("resumedFrom").getAsLong()).as(row).isEqualTo(total > 9 ? 9 : 3);
            assertThat(accuracies(rb)).as(row).isEqualTo(accuracies(ra));
            assertThat(trainScalars(rb)).as(row).isEqualTo(trainScalars(ra));
        }
    }

    private static List<String> accuracies(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject())
                .map(o -> o.get("step") + ":" + o.get("acc_test")).toList();
    }

    private static List<String> trainScalars(Path run) throws Exception {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> JsonParser.parseString(l).getAsJsonObject().get("train").toString()).toList();
    }

    @Test
    void aDivergingRunStopsWithAFailedRowAndExitCodeOne(@TempDir Path root) throws Exception {
        // weight decay 1 at learning rate 100 multiplies the weights by −99 per step: inf, then NaN
        Properties p = new Properties();
        p.setProperty("table", "2");
        p.setProperty("profile", "smoke");
        p.setProperty("progress", "false");
        p.setProperty("mpl.root", root.toString());
        p.setProperty("methods", "supervised,uda");
        p.setProperty("steps", "30");
        p.setProperty("budget.lr_teacher", "100");
        p.setProperty("budget.weight_decay", "1");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MainAccess.run(p, new PrintStream(err));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("2 run(s) failed", "supervised diverged at step", "= NaN");
        Path out = Files.list(root.resolve("results/table2")).findFirst().orElseThrow();
        assertThat(out.getFileName().toString()).startsWith("smoke-steps30-custom-");
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        assertThat(rows).extracting(ResultRow::metric).containsOnly("failed");
        assertThat(Files.readString(out.resolve("table.md"))).contains("1 failed");
        JsonObject result = JsonParser.parseString(Files.readString(
                out.resolve("runs/cifar10-4k/supervised/seed0/result.json"))).getAsJsonObject();
        assertThat(result.get("status").getAsString()).isEqualTo("failed");
        String message = result.get("message").getAsString();
        assertThat(message).contains("diverged");
        long at = Long.parseLong(message.replaceAll(".*diverged at step (\\d+):.*", "$1"));
        assertThat(result.get("steps").getAsLong()).isEqualTo(at);
    }

    @Test
    void realDataIsReadThroughTheRealLoader(@TempDir Path root, @TempDir Path cifar) throws Exception {
        // a tiny CIFAR-10 in the real binary format: 5 train batches of 100 images, a test batch of 100
        ImageSet train = SyntheticCifar.images(9, 0, 500);
        for (int b = 0; b < 5; b++) {
            int[] idx = java.util.stream.IntStream.range(100 * b, 100 * b + 100).toArray();
            Files.write(cifar.resolve("data_batch_" + (b + 1) + ".bin"), Cifar10.encode(new Subset(train, idx)));
        }
        Files.write(cifar.resolve("test_batch.bin"), Cifar10.encode(SyntheticCifar.images(9, 1, 100)));
        String old = System.getProperty("data.cifar10");
        System.setProperty("data.cifar10", cifar.toString());
        try {
            MainAccess.runTable(root, "2", "profile", "smoke", "data", "real", "methods", "uda");
        } finally {
            if (old == null) {
                System.clearProperty("data.cifar10");
            } else {
                System.setProperty("data.cifar10", old);
            }
        }
        List<ResultRow> rows = ResultsCsv.read(dir(root).resolve("runs.csv"));
        assertThat(rows).allMatch(r -> r.run().dataset().equals("cifar10") && r.run().dataSource().equals("real"));
        assertThat(Files.readString(dir(root).resolve("table.md"))).contains(": real data (cifar10 (real))");
        assertThat(dir(root).resolve("splits/cifar10-4k-cifar10.csv")).exists();
    }

    @Test
    void realDataAskedForAndMissingIsAnErrorNeverASilentStandIn(@TempDir Path root, @TempDir Path cache) {
        Properties saved = (Properties) System.getProperties().clone();
        System.setProperty("data.cache", cache.toString());
        System.setProperty("data.offline", "true");
        try {
            Properties p = new Properties();
            p.setProperty("table", "2");
            p.setProperty("progress", "false");
            p.setProperty("mpl.root", root.toString());
            p.setProperty("profile", "smoke");
            p.setProperty("data", "real");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = MainAccess.run(p, new PrintStream(err));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).startsWith("Invalid data: ")
                    .contains("CIFAR-10 not found and downloads are off (-Ddata.offline=true)")
                    .contains("-Ddata.cifar10=<location>").doesNotContain("\tat org.");
        } finally {
            System.setProperties(saved);
        }
        assertThat(root.resolve("results/table2")).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(),
                d -> assertThat(d.resolve("smoke/runs")).doesNotExist());
    }

    /** A tiny Fashion-MNIST in the real IDX format (gzip), grey synthetic-cifar images cropped to 28×28. */
    static void writeTinyFashionMnist(Path dir, int train, int test) throws java.io.IOException {
        for (int part = 0; part < 2; part++) {
            int n = part == 0 ? train : test;
            ImageSet rgb = SyntheticCifar.images(9, part, n);
            byte[] pixels = new byte[n * 784];
            byte[] labels = new byte[n];
            byte[] img = new byte[rgb.imageBytes()];
            for (int k = 0; k < n; k++) {
                rgb.read(k, img, 0);
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        pixels[k * 784 + y * 28 + x] = img[3 * ((y + 2) * 32 + x + 2) + 1];
                    }
                }
                labels[k] = (byte) rgb.label(k);
            }
            String prefix = part == 0 ? "train" : "t10k";
            org.mplbench.data.Idx.write(new org.mplbench.data.InMemoryImages("tiny", pixels, labels, 28, 28, 1, 10),
                    dir.resolve(prefix + "-images-idx3-ubyte.gz"), dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
        }
    }

    @Test
    void theFashionMnistCellTrainsOnOneChannelImagesReadThroughTheIdxReader(@TempDir Path root, @TempDir Path fm)
            throws Exception {
        writeTinyFashionMnist(fm, 300, 100);
        Properties saved = (Properties) System.getProperties().clone();
        System.setProperty("data.fashion-mnist", fm.toString());
        System.setProperty("data.verify", "false");
        try {
            MainAccess.runTable(root, "2", "profile", "smoke", "data", "real", "cells", "fashion-mnist-1k",
                    "methods", "supervised,mpl");
        } finally {
            System.setProperties(saved);
        }
        List<ResultRow> rows = ResultsCsv.read(dir(root).resolve("runs.csv"));
        assertThat(rows).extracting(r -> r.run().method()).contains("supervised", "mpl");
        assertThat(rows).allMatch(r -> r.run().dataset().equals("fashion-mnist") && r.run().dataSource().equals("real")
                && r.run().cell().equals("fashion-mnist-1k"));
        assertThat(Files.readString(dir(root).resolve("table.md"))).contains("real data (fashion-mnist (real))")
                .contains("Fashion-MNIST-1K");
        JsonObject config = JsonParser.parseString(Files.readString(
                dir(root).resolve("runs/fashion-mnist-1k/mpl/seed0/config.json"))).getAsJsonObject();
        JsonObject data = config.getAsJsonObject("data");
        assertThat(data.get("image_shape").toString()).isEqualTo("[28,28,1]");
        assertThat(data.get("checksums_verified").getAsBoolean()).isFalse();
        assertThat(data.get("normalization").getAsString()).isEqualTo("mean [0.286], std [0.353]");
        // 4 labeled and 2 held out per class; the other 240 of the 300 training images are unlabeled
        assertThat(data.get("labeled").getAsInt()).isEqualTo(40);
        assertThat(data.get("unlabeled").getAsInt()).isEqualTo(240);
        // the keys keep their order from one JVM to the next (resume compares the text)
        assertThat(data.keySet()).containsExactly("train_images", "test_images", "image_shape", "normalization",
                "labeled", "unlabeled", "checksums_verified");
        assertThat(config.keySet()).startsWith("runner", "cell", "dataset", "data_source", "method", "variant", "seed",
                "split_seed", "profile", "engine", "row", "data", "mpl", "randaugment", "budget", "pipeline_threads");
        assertThat(config.get("dataset").getAsString()).isEqualTo("fashion-mnist");
        org.mplbench.engine.EngineInfo engine = org.mplbench.engine.EngineInfo.current();
        assertThat(config.get("engine").getAsString()).isEqualTo(engine.engine() + " " + engine.version());
    }
}
