package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.table2.PaperFidelity.Field;
import org.mplbench.experiments.table2.PaperFidelity.Kind;

/**
 * The paper profile against its sources: every sourced field has its source's value, SVHN-1K's
 * borrowed fields have CIFAR-10-4K's, every budget field is on the page, and docs/paper-profile.md is
 * what the code generates.
 */
class PaperFidelityTest {

    private static final Path PAGE = Path.of("..", "docs", "paper-profile.md");

    @ParameterizedTest
    @EnumSource(value = Table2Cell.class, names = {"CIFAR10_4K", "SVHN_1K", "IMAGENET_10PCT"})
    void everyFieldHasTheValueItsSourceGives(Table2Cell cell) {
        List<Field> fields = PaperFidelity.fields(cell);
        assertThat(PaperFidelity.mismatches(fields)).as("fields whose value differs from their source's").isEmpty();
        assertThat(fields).extracting(Field::name).doesNotHaveDuplicates();
    }

    @Test
    void aChangedValueIsCaught() {
        Budget changed = Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K)
                .withOverrides(Map.of("lr_teacher", "0.1", "padding", "reflect", "finetune_dropout", "true"));
        assertThat(PaperFidelity.mismatches(PaperFidelity.fields(Table2Cell.CIFAR10_4K, changed)))
                .extracting(Field::name)
                .containsExactly("padding fill (`padding`)", "teacher peak learning rate (`lr_teacher`)",
                        "dropout while finetuning (`finetune_dropout`)");
        Budget svhn = Budget.of(Profile.PAPER, Table2Cell.SVHN_1K).withOverrides(Map.of("mu", "5"));
        assertThat(PaperFidelity.mismatches(PaperFidelity.fields(Table2Cell.SVHN_1K, svhn)))
                .extracting(Field::name).containsExactly("unlabeled per labeled (`mu`)");
    }

    @Test
    void imagenetFollowsTheImageNetCommandAndPipeline() {
        List<Field> fields = PaperFidelity.fields(Table2Cell.IMAGENET_10PCT);
        assertThat(fields).filteredOn(f -> f.kind() == Kind.SOURCED).extracting(Field::name).contains(
                "training crop", "resize", "evaluation view", "RandAugment", "RandAugment translate",
                "RandAugment Cutout op", "final Cutout", "warm-up steps (`warmup_steps`)",
                "single networks' warm-up (`baseline_warmup_steps`)", "teacher peak learning rate (`lr_teacher`)",
                "normalisation", "seeds", "top-5 accuracy");
        Budget changed = Budget.of(Profile.PAPER, Table2Cell.IMAGENET_10PCT)
                .withOverrides(Map.of("warmup_steps", "10000", "views", "cifar", "pad", "4"));
        assertThat(PaperFidelity.mismatches(PaperFidelity.fields(Table2Cell.IMAGENET_10PCT, changed)))
                .extracting(Field::name).contains("views (`views`)", "training crop", "RandAugment",
                        "warm-up steps (`warmup_steps`)", "final Cutout");
    }

    @Test
    void svhnDiffersFromCifarOnlyInItsOwnFields() {
        Budget cifar = Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K);
        Budget svhn = Budget.of(Profile.PAPER, Table2Cell.SVHN_1K);
        assertThat(svhn.flip()).isFalse();
        assertThat(svhn.toBuilder().augment(true, svhn.pad(), svhn.padding()).build()).isEqualTo(cifar);
        List<Field> fields = PaperFidelity.fields(Table2Cell.SVHN_1K);
        assertThat(fields).filteredOn(f -> f.kind() == Kind.SOURCED).extracting(Field::name).containsExactly(
                "split (`split`)", "labeled images", "unlabeled images", "test images (`test_images`)",
                "network (`network`)", "image side (`image_size`)",
                "finetuning steps (`finetune_steps`)", "finetuning batch (`finetune_batch`)",
                "finetuning learning rate (`finetune_lr`)", "evaluated model", "seeds", "`mpl` row: feedback h",
                "`mpl` row: pseudo labels");
    }

    @Test
    void everyBudgetFieldIsOnThePage() {
        // depth and widening are in the network's name
        Set<String> inName = Set.of("depth", "widen");
        String names = String.join(" ", PaperFidelity.fields(Table2Cell.CIFAR10_4K).stream().map(Field::name).toList());
        for (RecordComponent c : Budget.class.getRecordComponents()) {
            String snake = c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
            if (c.getName().equals("uda")) {
                assertThat(names).contains("`uda.temperature`", "`uda.threshold`", "`uda.weight`", "`uda.ramp_steps`");
            } else if (!inName.contains(snake)) {
                assertThat(names).as("budget field %s", snake).contains("`" + snake + "`");
            }
        }
    }

    @Test
    void thePageIsWhatTheCodeGenerates() throws IOException {
        String md = PaperFidelity.markdown();
        if (Boolean.getBoolean("golden.update") && System.getenv("CI") == null) {
            Files.writeString(PAGE, md, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8)).isEqualTo(md);
    }
}
