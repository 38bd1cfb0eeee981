package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Profile;

class BudgetTest {

    @Test
    void paperProfileHasThePublishedCifarSettings() {
        Budget b = Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K);
        assertThat(b.network()).isEqualTo("wrn-28-2");
        assertThat(b.steps()).isEqualTo(300_000);
        assertThat(b.labeledBatch()).isEqualTo(128);
        assertThat(b.unlabeledBatch()).isEqualTo(896);
        assertThat(b.lrTeacher()).isEqualTo(0.05);
        assertThat(b.lrStudent()).isEqualTo(0.05);
        assertThat(b.warmupSteps()).isEqualTo(5_000);
        assertThat(b.studentWaitSteps()).isEqualTo(3_000);
        assertThat(b.weightDecay()).isEqualTo(5e-4);
        assertThat(b.momentum()).isEqualTo(0.9);
        assertThat(b.labelSmoothing()).isEqualTo(0.15);
        assertThat(b.dropout()).isEqualTo(0.2);
        assertThat(b.emaDecay()).isEqualTo(0.995);
        assertThat(b.bnDecay()).isEqualTo(0.99);
        assertThat(b.uda().temperature()).isEqualTo(0.7);
        assertThat(b.uda().threshold()).isEqualTo(0.6);
        assertThat(b.uda().weight()).isEqualTo(8);
        assertThat(b.uda().rampSteps()).isEqualTo(5_000);
        assertThat(b.finetuneSteps()).isEqualTo(1_000);
        assertThat(b.finetuneBatch()).isEqualTo(512);
        assertThat(b.finetuneLr()).isEqualTo(1e-5);
        assertThat(b.clipGradNorm()).isZero();
    }

    @Test
    void paperProfileHasThePublishedImageNetSettings() {
        Budget b = Budget.of(Profile.PAPER, Table2Cell.IMAGENET_10PCT);
        assertThat(b.network()).isEqualTo("resnet-50");
        assertThat(b.imageSize()).isEqualTo(224);
        assertThat(b.steps()).isEqualTo(700_000);
        assertThat(b.labeledBatch()).isEqualTo(1024);
        assertThat(b.unlabeledBatch()).isEqualTo(15_360);
        assertThat(b.lrTeacher()).isEqualTo(0.6);
        assertThat(b.lrStudent()).isEqualTo(0.4);
        assertThat(b.studentWaitSteps()).isEqualTo(20_000);
        assertThat(b.weightDecay()).isEqualTo(1e-4);
        assertThat(b.labelSmoothing()).isEqualTo(0.1);
        assertThat(b.clipGradNorm()).isEqualTo(5);
        assertThat(b.dropout()).isEqualTo(0.1);
        assertThat(b.emaDecay()).isEqualTo(0.999);
        assertThat(b.uda().temperature()).isEqualTo(0.5);
        assertThat(b.uda().weight()).isEqualTo(20);
        assertThat(b.uda().rampSteps()).isEqualTo(50_000);
        assertThat(b.finetuneSteps()).isEqualTo(2_000);
    }

    @Test
    void cpuProfileScalesScheduleLengthsWithTheSteps() {
        Budget b = Budget.of(Profile.CPU, Table2Cell.CIFAR10_4K);
        assertThat(b.steps()).isEqualTo(400);
        assertThat(b.warmupSteps()).isEqualTo(Math.round(5_000 * 400 / 300_000.0));
        assertThat(b.studentWaitSteps()).isEqualTo(Math.round(3_000 * 400 / 300_000.0));
        assertThat(b.uda().rampSteps()).isEqualTo(b.warmupSteps());
        assertThat(b.lrTeacher()).isEqualTo(0.05);
        assertThatThrownBy(() -> Budget.of(Profile.CPU, Table2Cell.IMAGENET_10PCT)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dprofile=paper");
        Budget s = Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K).withSteps(3_000);
        assertThat(s.warmupSteps()).isEqualTo(50);
        assertThat(s.studentWaitSteps()).isEqualTo(30);
        assertThat(s.uda().rampSteps()).isEqualTo(50);
        assertThat(s.evalEvery()).isEqualTo(1_000);
    }

    @Test
    void fashionMnistCellsHaveTheirOwnBudgetsAt28Pixels() {
        Budget paper = Budget.of(Profile.PAPER, Table2Cell.FASHION_MNIST_4K);
        assertThat(paper.network()).isEqualTo("wrn-28-2");
        assertThat(paper.imageSize()).isEqualTo(28);
        assertThat(paper.steps()).isEqualTo(300_000);
        assertThat(paper.withImageSize(32)).isEqualTo(Budget.of(Profile.PAPER, Table2Cell.CIFAR10_4K));
        assertThat(Budget.of(Profile.SMOKE, Table2Cell.FASHION_MNIST_1K).imageSize()).isEqualTo(28);
        Budget cpu = Budget.of(Profile.CPU, Table2Cell.FASHION_MNIST_1K);
        assertThat(cpu.imageSize()).isEqualTo(28);
        Budget quick = Budget.of(Profile.QUICK, Table2Cell.FASHION_MNIST_1K);
        assertThat(quick.steps()).isLessThan(cpu.steps());
        assertThat(quick.testImages()).isEqualTo(2_000);
        assertThat(quick.network()).isEqualTo(cpu.network());
        assertThatThrownBy(() -> Budget.of(Profile.QUICK, Table2Cell.CIFAR10_4K)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Fashion-MNIST cells only");
        Budget nightly = Budget.of(Profile.NIGHTLY, Table2Cell.FASHION_MNIST_1K);
        assertThat(nightly.steps()).isEqualTo(250);
        assertThat(nightly.finetuneSteps()).isEqualTo(20);
        assertThat(nightly.testImages()).isEqualTo(2_000);
        assertThat(nightly.evalEvery()).isEqualTo(125);
        assertThatThrownBy(() -> Budget.of(Profile.NIGHTLY, Table2Cell.CIFAR10_4K)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("fashion-mnist-1k only");
    }

    @Test
    void overridesReplaceFieldsByNameAndAreValidated() {
        Budget b = Budget.of(Profile.SMOKE, Table2Cell.CIFAR10_4K)
                .withOverrides(Map.of("lr_teacher", "0.2", "uda.weight", "4", "ema_decay", "0"));
        assertThat(b.lrTeacher()).isEqualTo(0.2);
        assertThat(b.uda().weight()).isEqualTo(4);
        assertThat(b.emaDecay()).isZero();
        Budget smoke = Budget.of(Profile.SMOKE, Table2Cell.CIFAR10_4K);
        assertThatThrownBy(() -> smoke.withOverrides(Map.of("lr", "0.1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dbudget.lr: no such field").hasMessageContaining("lr_teacher");
        assertThatThrownBy(() -> smoke.withOverrides(Map.of("steps", "many")))
                .hasMessageContaining("-Dbudget.steps: 'many' is not a valid long");
        assertThatThrownBy(() -> smoke.withOverrides(Map.of("momentum", "1")))
                .hasMessageContaining("budget.momentum");
        assertThatThrownBy(() -> smoke.withOverrides(Map.of("student_wait_steps", "100")))
                .hasMessageContaining("must be below the 8 steps");
    }

    @Test
    void precisionIsFloat32UnlessOverriddenAndBf16IsRefusedForEfficientNets() {
        Budget b = Budget.of(Profile.CPU, Table2Cell.FASHION_MNIST_1K);
        assertThat(b.precision()).isEqualTo(org.mplbench.nn.Precision.FP32);
        assertThat(b.describe()).doesNotContain("bf16");
        // the cell's wrn-16-1 is refused in bf16 (its 16-channel groups are slower in bf16), wrn-16-2 is not
        assertThatThrownBy(() -> b.withOverrides(Map.of("precision", "bf16"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bf16 with widen 1").hasMessageContaining("use fp32, or widen >= 2");
        Budget bf = b.withOverrides(Map.of("precision", "bf16", "widen", "2"));
        assertThat(bf.precision()).isEqualTo(org.mplbench.nn.Precision.BF16);
        assertThat(bf.network()).isEqualTo("wrn-16-2");
        assertThat(bf.describe()).contains("bf16 convolutions (float32 weights)");
        assertThat(bf.toBuilder().build()).isEqualTo(bf);
        assertThatThrownBy(() -> bf.withOverrides(Map.of("precision", "fp16"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dbudget.precision");
        assertThatThrownBy(() -> b.withOverrides(Map.of("network", "efficientnet-b0", "precision", "bf16")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("budget.precision")
                .hasMessageContaining("not for efficientnet-b0");
    }
}
