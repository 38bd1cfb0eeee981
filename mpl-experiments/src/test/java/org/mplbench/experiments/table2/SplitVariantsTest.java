package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.DataFormatException;
import org.mplbench.data.SslSplit;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.run.Profile;

/** The split as a choice: per-seed splits and the codes' all-unlabeled variant, end to end at the smoke budget. */
class SplitVariantsTest {

    private static Path only(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(Files::isDirectory).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static JsonObject config(Path out, String run) throws Exception {
        return JsonParser.parseString(Files.readString(out.resolve("runs/cifar10-4k/" + run + "/config.json")))
                .getAsJsonObject();
    }

    @Test
    void perSeedSplitsGiveEachSeedItsOwnLabeledSet(@TempDir Path root) throws Exception {
        MainAccess.runTable(root, "2", "profile", "smoke", "methods", "supervised", "seeds", "0,1",
                "budget.split_per_seed", "true");
        Path out = only(root.resolve("results/table2"));
        Budget b = Budget.of(Profile.SMOKE, Table2Cell.CIFAR10_4K).withOverrides(Map.of("split_per_seed", "true"));
        long s0 = Table2Data.splitSeed(b, 0);
        long s1 = Table2Data.splitSeed(b, 1);
        assertThat(s0).isNotEqualTo(s1).isNotEqualTo(Table2Data.SPLIT_SEED);
        assertThat(config(out, "supervised/seed0").get("split_seed").getAsLong()).isEqualTo(s0);
        assertThat(config(out, "supervised/seed1").get("split_seed").getAsLong()).isEqualTo(s1);
        VisionData data = SyntheticCifar.generate(Table2Data.DATA_SEED, b.syntheticScale());
        SslSplit a = SslSplit.read(out.resolve("splits/cifar10-4k-synthetic-cifar-seed" + s0 + ".csv"), data.train());
        SslSplit c = SslSplit.read(out.resolve("splits/cifar10-4k-synthetic-cifar-seed" + s1 + ".csv"), data.train());
        assertThat(a.labeled()).isNotEqualTo(c.labeled()).hasSameSizeAs(c.labeled());
        assertThat(Files.readString(out.resolve("table.md"))).contains("labeled splits drawn per run seed",
                "split drawn per seed");
    }

    @Test
    void theCodesVariantWithThePaperViewsAndFinetuningRunsEndToEnd(@TempDir Path root) throws Exception {
        MainAccess.runTable(root, "2", "profile", "smoke", "methods", "uda,mpl", "budget.split", "codes",
                "budget.padding", "constant-128", "budget.flip", "false", "budget.finetune_dropout", "false");
        Path out = only(root.resolve("results/table2"));
        JsonObject data = config(out, "uda/seed0").getAsJsonObject("data");
        assertThat(data.get("unlabeled").getAsInt()).isEqualTo(data.get("train_images").getAsInt());
        assertThat(out.resolve("splits/cifar10-4k-synthetic-cifar-codes.csv")).exists();
        JsonObject budget = config(out, "mpl/seed0").getAsJsonObject("budget");
        assertThat(budget.get("padding").getAsString()).isEqualTo("CONSTANT_128");
        assertThat(budget.get("flip").getAsBoolean()).isFalse();
        assertThat(budget.get("finetuneDropout").getAsBoolean()).isFalse();
        JsonObject result = JsonParser.parseString(Files.readString(out.resolve("runs/cifar10-4k/mpl/seed0/result.json")))
                .getAsJsonObject();
        assertThat(result.get("status").getAsString()).isEqualTo("ok");
        assertThat(Files.readString(out.resolve("table.md"))).contains("(dropout off); no flips, pad 4 (constant-128)",
                "codes split");
    }

    @Test
    void aSplitFileDrawnForAnotherSeedIsRefused(@TempDir Path out) throws Exception {
        Budget b = Budget.of(Profile.SMOKE, Table2Cell.CIFAR10_4K).withOverrides(Map.of("split_per_seed", "true"));
        VisionData data = SyntheticCifar.generate(Table2Data.DATA_SEED, b.syntheticScale());
        long s0 = Table2Data.splitSeed(b, 0);
        SslSplit first = Table2Data.split(Table2Cell.CIFAR10_4K, data, b, Profile.SMOKE, out, s0);
        assertThat(Table2Data.split(Table2Cell.CIFAR10_4K, data, b, Profile.SMOKE, out, s0)).isEqualTo(first);
        Path file = out.resolve("splits/cifar10-4k-synthetic-cifar-seed" + s0 + ".csv");
        long s1 = Table2Data.splitSeed(b, 1);
        Files.copy(file, out.resolve("splits/cifar10-4k-synthetic-cifar-seed" + s1 + ".csv"));
        assertThatThrownBy(() -> Table2Data.split(Table2Cell.CIFAR10_4K, data, b, Profile.SMOKE, out, s1))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("drawn with seed " + s0)
                .hasMessageContaining("needs cifar10-4k with seed " + s1);
    }
}
