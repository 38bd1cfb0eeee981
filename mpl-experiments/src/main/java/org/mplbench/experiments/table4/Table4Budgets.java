package org.mplbench.experiments.table4;

import java.util.List;
import org.mplbench.config.ConfigException;
import org.mplbench.data.SplitSpec;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.table2.Budget;
import org.mplbench.experiments.table3.Table3Runner;

/**
 * Table 4's budgets. {@code paper}: the paper's large-scale setup (§3.4 and its slides) — EfficientNet-L2
 * trained at 512×512, 2,048 labeled + 16,384 unlabeled images per step, 1,000,000 steps, then 20,000
 * finetuning steps — and, where the paper is silent, Table 3's ImageNet values (views, warm-ups, UDA,
 * regularisation, the per-256 learning rates scaled to the batch, finetuning at 1e-4). {@code cpu}:
 * a narrow, shallow EfficientNet on 28-pixel images of the Fashion-MNIST tree Table 3's cpu profile
 * writes, with Table 3's cpu budget; {@code smoke}: a narrower one for the tests.
 */
final class Table4Budgets {

    private static final Table3Runner TABLE_3 = new Table3Runner();

    private Table4Budgets() {}

    static Budget of(Profile p) {
        return switch (p) {
            case PAPER -> paper();
            case CPU -> cpu();
            case SMOKE -> smoke();
            default -> throw new ConfigException("-Dprofile", "Table 4 has the paper, cpu and smoke profiles, not " + p.id());
        };
    }

    static Budget paper() {
        return TABLE_3.budget(Profile.PAPER).toBuilder()
                .network("efficientnet-l2").dropout(0.5).imageSize(512)
                .steps(1_000_000).labeledBatch(2_048).mu(8)
                // 8 labeled + 64 unlabeled per micro-batch (this suite's choice: the paper split each image
                // into 16 strips over 16 cores instead)
                .microBatches(256)
                // the ImageNet-10% command's per-256 rates (0.15 teacher, 0.1 student) × 2,048/256
                .learningRates(0.15 * 8, 0.1 * 8)
                .finetune(20_000, 2_048, 1e-4)
                .evalEvery(20_000).checkpointEvery(5_000)
                .build();
    }

    /**
     * Table 3's cpu budget (600 steps of 32 + 96 images of the Fashion-MNIST tree, rate 0.05) with the
     * student replaced by {@code efficientnet-w0.5-d0.5}, a narrower, shallower member of the family with
     * ImageNet's strides: B0 itself took 0.4 s per supervised step of 16 images here and its training loss
     * was still 2.2 after 300 steps.
     */
    static Budget cpu() {
        return TABLE_3.budget(Profile.CPU).toBuilder()
                .network("efficientnet-w0.5-d0.5").dropout(0.2)
                .build();
    }

    /**
     * Table 3's smoke budget (two micro-batches) with a narrow member.
     */
    static Budget smoke() {
        return TABLE_3.budget(Profile.SMOKE).toBuilder()
                .network("efficientnet-w0.25-d0.5").dropout(0.2)
                .build();
    }

    static SplitSpec split(Profile p) {
        return TABLE_3.split(p);
    }

    /** The pool images kept per predicted class: Table 3's (the paper filtered JFT to 130 M images as Noisy Student did). */
    static int topK(Profile p) {
        return TABLE_3.topK(p);
    }

    /** Paper: one run; cpu: two seeds; smoke: one. */
    static List<Long> seeds(Profile p) {
        return TABLE_3.seeds(p);
    }
}
