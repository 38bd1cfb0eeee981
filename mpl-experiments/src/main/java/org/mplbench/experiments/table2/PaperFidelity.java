package org.mplbench.experiments.table2;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.config.Check;
import org.mplbench.data.Normalization;
import org.mplbench.data.SplitSpec;
import org.mplbench.experiments.methods.MethodArgs.Role;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.experiments.run.Profile;
import org.mplbench.image.InceptionCrop;
import org.mplbench.mpl.MplConfig;
import org.mplbench.train.Sgd;
import org.mplbench.train.WarmupCosine;

/**
 * The {@code paper} profile's CIFAR-10-4K and SVHN-1K cells field by field: each value read from the
 * code that trains them, beside the value its source gives and where (file and flag of the official
 * TF code, the paper, or the best-known PyTorch code), or marked as this suite's choice with the
 * reason. {@code docs/paper-profile.md} is {@link #markdown()}; {@code PaperFidelityTest} fails when a
 * sourced field's value no longer equals its source's, or when the page is stale.
 *
 * <p>Sources, as cited: "official" = {@code google-research/google-research}
 * {@code meta_pseudo_labels/} (its README's CIFAR command, {@code flag_utils.py} defaults,
 * {@code common_utils.py}, {@code data_utils.py}, {@code augment.py}, {@code training_utils.py});
 * "PyTorch" = {@code kekmodel/MPL-pytorch} ({@code main.py}, {@code data.py}, its README command);
 * "paper" = the CVPR text as quoted in the reference notes (tables and the dataset slide).
 */
public final class PaperFidelity {

    /** Whether a field's value is taken from a source or chosen by this suite. */
    public enum Kind {
        SOURCED,
        CHOICE
    }

    /**
     * One field of a cell.
     *
     * @param name what it is (with its {@code -Dbudget.} name where it has one)
     * @param value the value the code trains with
     * @param kind sourced, or this suite's choice
     * @param sourceValue the source's value (sourced: must equal {@code value}); for a choice, what
     *     the sources do instead, or "—"
     * @param source where the value is written; for a choice, the reason
     */
    public record Field(String name, String value, Kind kind, String sourceValue, String source) {}

    /** ImageNet's training images, its official 10 % subset (the {@code ten_percent} shards) and validation images. */
    private static final int IMAGENET_TRAIN = 1_281_167;
    private static final int IMAGENET_VAL = 50_000;

    /**
     * ImageNet-10%: the official README's ImageNet command (its dataset name, image size and class count
     * are copy-paste slips from the CIFAR command; the data code's {@code imagenet_10_percent_mpl} is
     * meant), {@code data_utils}' ImageNet functions, {@code augment.py}'s defaults.
     */
    static List<Field> imagenetFields(Budget b) {
        Table2Cell cell = Table2Cell.IMAGENET_10PCT;
        MethodFactory mpl = new MethodFactory(b, Table2Method.MPL, 0, cell.classes(), cell.channels());
        MethodFactory uda = new MethodFactory(b, Table2Method.UDA, 0, cell.classes(), cell.channels());
        RandAugment ra = mpl.randAugment();
        SplitSpec spec = cell.split().in(b.split());
        WarmupCosine t_lr = mpl.schedule(Role.TEACHER);
        WarmupCosine s_lr = mpl.schedule(Role.STUDENT);
        WarmupCosine single = uda.schedule(Role.TEACHER);
        Sgd finetune = mpl.finetuneOptimizer();
        Rows r = new Rows(false);
        boolean crops = b.views() == Budget.Views.IMAGENET;

        // data
        r.sourced("labeled images", Math.round(spec.labeledFraction() * 100) + " % of each class",
                "10 % of each class", "paper Table 2 (ImageNet-10%); official `imagenet_10_percent_uda._lab_parser` "
                        + "reads the `ten_percent-*-of-00128` shards");
        r.choice("labeled draw", "class-balanced random 10 % (split seed " + Table2Data.SPLIT_SEED + ")",
                "official: the prepared `ten_percent` shards", "the shards' list of images is not published; a "
                        + "class-balanced draw has the same size per class");
        r.sourced("unlabeled images", spec.unlabeledIncludesLabeled() ? "every training image (" + count(IMAGENET_TRAIN)
                + ", labeled ones included)" : "the rest", "every training image (1,281,167, labeled ones included)",
                "official `_index_to_unl_filename`: all `train-*-of-01024` shards");
        r.sourced("test images (`test_images`)", b.testImages() == 0 ? count(IMAGENET_VAL) : count(b.testImages()),
                count(IMAGENET_VAL), "official `imagenet_eval(eval_mode='test')`: the `validation-*` shards");
        r.sourced("normalisation", Normalization.IMAGENET.toString(),
                "mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225]",
                "official `data_utils.IMAGENET_MEAN` / `IMAGENET_STDDEV` (×255 on 0–255 pixels)");

        // views
        r.sourced("views (`views`)", Check.spell(b.views()), "imagenet", "official `imagenet_10_percent_uda`: random "
                + "crops of decoded photographs, no pad-crop (`_flip_and_jitter` is CIFAR's)");
        r.sourced("training crop", crops ? "Inception: coverage ≥ " + num(InceptionCrop.MIN_OBJECT_COVERED)
                + ", ratio 3/4–4/3, area " + num(InceptionCrop.MIN_AREA) + "–" + num(InceptionCrop.MAX_AREA) + ", "
                + InceptionCrop.MAX_ATTEMPTS + " attempts, else the centre crop" : "pad-crop of the evaluation view",
                "Inception: coverage ≥ 0.1, ratio 3/4–4/3, area 0.08–1, 10 attempts, else the centre crop",
                "official `_decode_and_random_crop` (`sample_distorted_bounding_box`)");
        r.sourced("resize", (crops ? "bicubic" : "none, then the evaluation view's bicubic") + " to " + b.imageSize()
                + "², sampled at i · in/out", "bicubic to 224², "
                + "sampled at i · in/out", "official `tf.image.resize_bicubic` (TF1: no half-pixel centres)");
        r.choice("image side (`image_size`)", Integer.toString(b.imageSize()), "README: 32 (copied from the CIFAR "
                + "command)", "ResNet-50's ImageNet input; the README's 32 sits beside its other CIFAR slips "
                + "(`cifar10_4000_mpl`, 10 classes)");
        r.sourced("horizontal flips (`flip`)", yes(b.flip()), "yes", "official `random_flip_left_right` in "
                + "`_lab_parser` and in each unlabeled view");
        r.sourced("labeled view of UDA and MPL", mpl.labeledStrong() ? "strong" : "crop + flip", "crop + flip",
                "official `imagenet_10_percent_uda._lab_parser`");
        r.sourced("unlabeled views", crops ? "one crop per image, decoded once; weak = flip, strong = own flip + "
                + "RandAugment" : "CIFAR's: flip + pad-crop, RandAugment, Cutout, flip + pad-crop",
                "one crop per image, decoded once; weak = flip, strong = own flip + RandAugment",
                "official `_unl_parser` (`ori_image`, `aug_image` from one `_decode_and_random_crop`)");
        r.sourced("RandAugment", Check.spell(ra.variant()) + ", " + ra.n() + " ops, magnitude " + ra.m(),
                "paper, 2 ops, magnitude 17", "official ImageNet README command `--augment_magnitude=17`, "
                        + "`augment.RandAugment(magnitude=...)`");
        r.sourced("RandAugment translate", num(ra.translatePixels()) + " px", "170 px",
                "official `augment.RandAugment` default `translate_const=100`, level 1.7");
        r.sourced("RandAugment Cutout op", ra.cutoutOpSize() + " px", "136 px",
                "official default `cutout_const=40`: pad `int(1.7 · 40)` = 68 each side");
        r.sourced("final Cutout", ra.finalCutoutSize() == 0 ? "none" : ra.finalCutoutSize() + " px", "none",
                "official `_unl_parser`: no `augment.cutout` after RandAugment on ImageNet");
        r.sourced("evaluation view", "centre " + num(224.0 / 256 * 100) + " % of the short side, bicubic to "
                + b.imageSize() + "²", "centre 87.5 % of the short side, bicubic to 224²",
                "official `_decode_and_center_crop` (224 / (224 + 32))");
        r.choice("pixel depth between the ops", "8-bit throughout (resize rounded)", "official: float32 until "
                + "RandAugment's uint8 cast", "the suite's pipeline works on bytes; the difference is below one level");

        // network
        r.sourced("network (`network`)", b.network(), "resnet-50", "official README `--model_type='resnet-50'`");
        r.sourced("batch-norm decay (`bn_decay`)", num(b.bnDecay()), "0.99", "official `flag_utils` `batch_norm_decay`");
        r.sourced("batch-norm epsilon (`bn_eps`)", num(b.bnEps()), "0.001", "official `flag_utils` `batch_norm_epsilon`");
        r.sourced("dropout before the classifier (`dropout`)", num(b.dropout()), "0.1",
                "official README `--dense_dropout_rate=0.1`");

        // optimisation
        r.sourced("steps (`steps`)", count(b.steps()), "700,000", "official README `--num_train_steps=700000`");
        r.sourced("labeled batch (`labeled_batch`)", count(b.labeledBatch()), "1,024",
                "official README `--train_batch_size=1024`");
        r.sourced("unlabeled per labeled (`mu`)", Integer.toString(b.mu()), "15", "official README `--uda_data=15`");
        r.sourced("teacher peak learning rate (`lr_teacher`)", num(t_lr.base()), "0.6",
                "official README `--mpl_teacher_lr=0.15` × 1,024/256 (`common_utils.get_learning_rate`)");
        r.sourced("student peak learning rate (`lr_student`)", num(s_lr.base()), "0.4",
                "official README `--mpl_student_lr=0.1` × 1,024/256");
        r.sourced("warm-up steps (`warmup_steps`)", count(t_lr.warmupSteps()) + " / " + count(s_lr.warmupSteps()),
                "5,000 / 5,000", "official README `--mpl_teacher_lr_warmup_steps=5000`, "
                        + "`--mpl_student_lr_warmup_steps=5000`");
        r.sourced("single networks' warm-up (`baseline_warmup_steps`)", count(single.warmupSteps()), "10,000",
                "official README `--num_warmup_steps=10000`");
        r.choice("single networks' learning rate", num(single.base()) + " (`lr_teacher`)",
                "official: `lr` (its default 0.016 per 256 is RMSprop's)", "the command sets no `--lr`; "
                        + "Supervised, Pseudo Labels and UDA take the teacher's rate, as on CIFAR");
        r.sourced("student wait (`student_wait_steps`)", count(s_lr.waitSteps()), "20,000",
                "official README `--mpl_student_lr_wait_steps=20000`");
        r.sourced("decay", "cosine to 0 at step " + count(s_lr.totalSteps()), "cosine to 0 at step 700,000",
                "official README `--lr_decay_type=\"cosine\"`");
        r.sourced("momentum (`momentum`)", num(b.momentum()) + " Nesterov", "0.9 Nesterov",
                "official `common_utils.get_optimizer`: `MomentumOptimizer(momentum=0.9, use_nesterov=True)`");
        r.sourced("weight decay (`weight_decay`)", num(b.weightDecay()) + ", batch norm excluded",
                "0.0001, batch norm excluded", "official README `--weight_decay=1e-4`");
        r.sourced("label smoothing (`label_smoothing`)", num(b.labelSmoothing()), "0.1",
                "official README `--label_smoothing=0.1`");
        r.sourced("gradient clipping (`clip_grad_norm`)", num(b.clipGradNorm()), "5", "official README `--grad_bound=5.`");
        r.sourced("student moving average (`ema_decay`)", num(b.emaDecay()), "0.999", "official README `--ema_decay=0.999`");
        r.sourced("UDA temperature (`uda.temperature`)", num(b.uda().temperature()), "0.5", "official README `--uda_temp=0.5`");
        r.sourced("UDA threshold (`uda.threshold`)", num(b.uda().threshold()), "0.6", "official README `--uda_threshold=0.6`");
        r.sourced("UDA weight (`uda.weight`)", num(b.uda().weight()), "20", "official README `--uda_weight=20.`");
        r.sourced("UDA ramp (`uda.ramp_steps`)", count(b.uda().rampSteps()), "50,000", "official README `--uda_steps=50000`");
        long microTeacher = (b.labeledBatch() + 2L * b.unlabeledBatch()) / b.microBatches();
        r.choice("micro-batches (`micro_batches`)", b.microBatches() + ": " + count(b.labeledBatch() / b.microBatches())
                + " labeled + " + count(b.unlabeledBatch() / b.microBatches()) + " unlabeled per micro-batch, gradients "
                + "summed", "official: the batch split over TPU cores", "a step of " + count(b.labeledBatch() + 2L * b.unlabeledBatch())
                + " teacher images at " + b.imageSize() + " px is split so that a device holds it; the sum equals the whole batch's gradient except for batch norm "
                + "(`MplMicroBatchesTest`)");
        r.choice("batch-norm statistics", "per micro-batch: groups of " + count(microTeacher) + " teacher images",
                "official `--batch_norm_batch_size=1024`: groups of 1,024 images", "the micro-batch count that "
                        + "divides both batches and comes nearest; running statistics move once per micro-batch");
        r.choice("arithmetic (`precision`)", arithmetic(b), "official: bfloat16 on TPU (`--use_bfloat16`)",
                PRECISION_NOTE);

        // finetuning and evaluation
        r.choice("finetuning (`finetune_steps`, `finetune_batch`, `finetune_lr`)", count(b.finetuneSteps()) + " steps of "
                + b.finetuneBatch() + " at " + num(b.finetuneLr()) + ", Nesterov " + num(finetune.momentum()),
                "—", "the paper's ImageNet-10% finetuning setting was not retrieved; the CIFAR recipe, twice as long");
        r.sourced("evaluated model", "the student's moving average (after finetuning: the student), final step",
                "the student's moving average (after finetuning: the student), final step",
                "paper: the final checkpoint; the official code evaluates the average");
        r.sourced("top-5 accuracy", "measured (`acc_test_top5`)", "measured (`acc_test_top5`)",
                "paper Table 2 reports top-1/top-5 for ImageNet-10%");
        r.sourced("seeds", Integer.toString(Table2Runner.defaultSeeds(Profile.PAPER, cell).size()), "1",
                "paper Table 2: one run on ImageNet-10% (no ± given)");
        r.choice("evaluation cadence (`eval_every`)", count(b.evalEvery()), "—", "every 10,000 steps: an evaluation of "
                + "50,000 images at 224² costs ~0.2 % of the steps between them");
        r.choice("checkpoint cadence (`checkpoint_every`)", count(b.checkpointEvery()), "—",
                "bookkeeping: a run resumes from its last checkpoint with identical results");
        r.sourced("`mpl` row", "the CIFAR cell's `mpl` preset", "the CIFAR cell's `mpl` preset",
                "official `training_utils` (class MPL) is the same code for both data sets");
        r.choice("`mpl-reference-code` row's RandAugment", "the official ImageNet one", "—",
                "the PyTorch code has no ImageNet pipeline");
        return r.fields;
    }

    /** CIFAR-10's training images; SVHN's train and extra. */
    private static final int CIFAR_TRAIN = 50_000;
    private static final int SVHN_TRAIN = 73_257;
    private static final int SVHN_EXTRA = 531_131;

    private PaperFidelity() {}

    /** The cells this page covers: the paper's three. */
    public static List<Table2Cell> cells() {
        return Table2Cell.paperCells();
    }

    /** Every field of {@code cell}'s paper budget, data, views, optimisation, finetuning and MPL rows. */
    public static List<Field> fields(Table2Cell cell) {
        return fields(cell, Budget.of(Profile.PAPER, cell));
    }

    /** The fields of {@code cell} trained with budget {@code b} (the paper's, or a changed one in tests). */
    static List<Field> fields(Table2Cell cell, Budget b) {
        if (cell == Table2Cell.IMAGENET_10PCT) {
            return imagenetFields(b);
        }
        boolean svhn = cell == Table2Cell.SVHN_1K;
        MethodFactory mpl = new MethodFactory(b, Table2Method.MPL, 0, cell.classes(), cell.channels());
        MethodFactory ref = new MethodFactory(b, Table2Method.MPL_REFERENCE_CODE, 0, cell.classes(), cell.channels());
        WeakAugment weak = mpl.weakView();
        RandAugment ra = RandAugment.of(mpl.randAugmentVariant());
        SplitSpec spec = cell.split().in(b.split());
        WarmupCosine t_lr = mpl.schedule(Role.TEACHER);
        WarmupCosine s_lr = mpl.schedule(Role.STUDENT);
        Sgd finetune = mpl.finetuneOptimizer();
        MplConfig paper = mpl.mplConfig();
        MplConfig pytorch = ref.mplConfig();
        Rows r = new Rows(svhn);

        // data and split
        int labeled = spec.labeledPerClass() * cell.classes();
        int heldOut = spec.validationPerClass() * cell.classes();
        int pool = svhn ? SVHN_TRAIN + SVHN_EXTRA : CIFAR_TRAIN;
        int unlabeled = spec.unlabeledIncludesLabeled() ? pool - heldOut : pool - labeled - heldOut;
        r.both("split (`split`)", Check.spell(b.split()), "paper", "paper dataset table (slides): the published "
                + "counts below. `-Dbudget.split=codes`: every training image unlabeled, as both codes (official "
                + "`data_utils.cifar10_4000_uda` reads all of `train.bin`; PyTorch `data.x_u_split`)");
        r.both("labeled images", count(labeled), svhn ? "1,000" : "4,000", "paper Table 2 / dataset table");
        String draw = "class-balanced, " + spec.labeledPerClass() + " per class";
        if (svhn) {
            r.choice("labeled draw", draw, "—", "no SVHN setting in either code: the PyTorch code's class-balanced "
                    + "CIFAR draw, 100 per class from `train`");
        } else {
            r.sourced("labeled draw", draw, "class-balanced, 400 per class", "PyTorch `data.x_u_split` "
                    + "(`np.random.choice(idx, label_per_class)`); the official code takes the first 4,000 records "
                    + "of `train.bin` instead");
        }
        r.both("unlabeled images", count(unlabeled), svhn ? "603,388" : "41,000", svhn
                ? "paper dataset table: 603,000 (rounded: train 73,257 + extra 531,131 − 1,000 labeled)"
                : "paper dataset table (slides): 41,000");
        r.choice("held out of both sets", count(heldOut) + (heldOut > 0 ? " (" + spec.validationPerClass()
                + " per class)" : ""), svhn ? "—" : "50,000 − 4,000 − 41,000 = 5,000, which ones unstated",
                svhn ? "the paper's 603,000 leaves nothing out" : "the paper's counts leave 5,000 images out of both "
                        + "sets without saying which: this suite draws 500 per class with the labeled ones "
                        + "(`-Devaluate=validation` evaluates on them)");
        r.choice("one split for every seed (`split_per_seed`)", b.splitPerSeed() ? "per seed" : "one split (split seed "
                + Table2Data.SPLIT_SEED + ")", "PyTorch: redrawn per seed; official: fixed",
                "the paper does not say; one split keeps seeds paired across rows. `-Dbudget.split_per_seed=true` "
                        + "draws each run's split from its seed, so the spread includes the split's variance");
        int testSet = svhn ? 26_032 : 10_000;
        r.both("test images (`test_images`)", b.testImages() == 0 ? count(testSet) : count(b.testImages()),
                count(testSet), "paper dataset table (slides)");
        if (svhn) {
            r.choice("normalisation", "SVHN's own training statistics (`Normalization.of(train)` at load, recorded "
                    + "in each run's `config.json`)", "—", "neither code has SVHN; CIFAR-10's statistics (what this "
                    + "suite used before) describe other images");
        } else {
            r.sourced("normalisation", Normalization.CIFAR10.toString(),
                    "mean [0.4914, 0.482158, 0.4465309], std [0.247032, 0.243485, 0.26159]",
                    "official `data_utils.CIFAR_MEAN` / `CIFAR_STDDEV` (×255 on 0–255 pixels)");
        }

        // views
        r.both("views (`views`)", Check.spell(b.views()), "cifar", "official `cifar10_4000_uda`: `_flip_and_jitter` "
                + "and RandAugment on the 32² records");
        if (svhn) {
            r.choice("horizontal flips (`flip`)", yes(b.flip()), "CIFAR: yes", "a mirrored digit is another glyph or "
                    + "none; no code gives SVHN views");
        } else {
            r.sourced("horizontal flips (`flip`)", yes(b.flip()), "yes", "official `data_utils._flip_and_jitter` "
                    + "(`random_flip_left_right`); PyTorch `RandomHorizontalFlip`");
        }
        r.both("padding before the random crop (`pad`)", Integer.toString(weak.pad()), "4",
                "official `_flip_and_jitter`: `image_size // 8`; PyTorch `padding=int(resize * 0.125)`");
        r.both("padding fill (`padding`)", Check.spell(weak.padding()), "constant-128",
                "official `_flip_and_jitter(x, 128)` (`constant_values`); PyTorch `fill=128, padding_mode='constant'`");
        r.both("labeled view of UDA and MPL", mpl.labeledStrong() ? "strong" : "weak (flip + pad-crop)",
                "weak (flip + pad-crop)", "official `cifar10_4000_uda._lab_parser`");
        r.both("RandAugment", Check.spell(ra.variant()) + ", " + ra.n() + " ops, magnitude " + ra.m(),
                "paper, 2 ops, magnitude 16", "official README `--augment_magnitude=16`, `augment.RandAugment` "
                        + "(2 layers, one probability per image)");
        r.both("RandAugment translate", num(ra.translatePixels()) + " px", "6.4 px",
                "official `data_utils`: `translate_const=image_size//8`, level 1.6");
        r.both("RandAugment Cutout op", ra.cutoutOpSize() + " px", "12 px",
                "official `cutout_const=image_size//8`: pad `int(1.6 · 4)` = 6 each side");
        r.both("final Cutout", ra.finalCutoutSize() + " px", "16 px",
                "official `augment.cutout(image, pad_size=image_size//4)`");
        r.both("strong view ends with flip + pad-crop again", yes(ra.variant() == RandAugment.Variant.PAPER), "yes",
                "official `_unl_parser`: `_flip_and_jitter(aug_image, 128)` after Cutout");

        // network
        r.both("network (`network`)", b.network(), "wrn-28-2", "paper: WRN-28-2 for CIFAR-10 and SVHN; official README "
                + "`--model_type=\"wrn-28-2\"`");
        r.both("stem width (`stem_width`)", Integer.toString(b.stemWidth()), "32", "official `modeling.py` (16·k)");
        r.both("batch-norm decay (`bn_decay`)", num(b.bnDecay()), "0.99", "official `flag_utils` `batch_norm_decay`");
        r.both("batch-norm epsilon (`bn_eps`)", num(b.bnEps()), "0.001", "official `flag_utils` `batch_norm_epsilon`");
        r.both("dropout before the classifier (`dropout`)", num(b.dropout()), "0.2",
                "official README `--dense_dropout_rate=0.2`");
        r.both("image side (`image_size`)", Integer.toString(b.imageSize()), "32", "paper dataset table: 32×32 for "
                + "CIFAR-10 and SVHN; official README `--image_size=32`");

        // optimisation
        r.both("steps (`steps`)", count(b.steps()), "300,000", "official README `--num_train_steps=300000`");
        r.both("labeled batch (`labeled_batch`)", Integer.toString(b.labeledBatch()), "128",
                "official README `--train_batch_size=128`");
        r.both("unlabeled per labeled (`mu`)", Integer.toString(b.mu()), "7", "official README `--uda_data=7`");
        r.both("teacher peak learning rate (`lr_teacher`)", num(t_lr.base()), "0.05",
                "official `flag_utils` `mpl_teacher_lr` 0.1 × 128/256 (`common_utils.get_learning_rate`)");
        r.both("student peak learning rate (`lr_student`)", num(s_lr.base()), "0.05",
                "official `flag_utils` `mpl_student_lr` 0.1 × 128/256");
        r.both("warm-up steps (`warmup_steps`)", count(t_lr.warmupSteps()) + " / " + count(s_lr.warmupSteps()),
                "5,000 / 5,000", "official `flag_utils` `mpl_teacher_lr_warmup_steps`, `mpl_student_lr_warmup_steps`");
        r.both("student wait (`student_wait_steps`)", count(s_lr.waitSteps()), "3,000",
                "official README `--mpl_student_lr_wait_steps=3000`");
        r.choice("single networks' warm-up (`baseline_warmup_steps`)", count(b.baselineWarmupSteps()),
                "official `flag_utils` `num_warmup_steps` 0", "the CIFAR command trains MPL only; Supervised, Pseudo "
                        + "Labels and UDA warm up as MPL's networks");
        r.choice("warm-up ramp", "lr · (t − wait) / warm-up", "official: lr · (t + 1 − wait) / warm-up",
                "one step behind the official ramp (of 5,000), kept so that every committed result reproduces");
        r.both("decay", "cosine to 0 at step " + count(s_lr.totalSteps()), "cosine to 0 at step 300,000",
                "official README `--lr_decay_type=\"cosine\"`, `cosine_decay(alpha=0.0)`");
        r.both("momentum (`momentum`)", num(b.momentum()) + " Nesterov", "0.9 Nesterov",
                "official `common_utils.get_optimizer`: `MomentumOptimizer(momentum=0.9, use_nesterov=True)`");
        r.both("weight decay (`weight_decay`)", num(b.weightDecay()) + ", batch norm excluded",
                "0.0005, batch norm excluded", "official README `--weight_decay=5e-4`; `training_utils` skips BN variables");
        r.both("label smoothing (`label_smoothing`)", num(b.labelSmoothing()), "0.15",
                "official README `--label_smoothing=0.15`");
        r.both("gradient clipping (`clip_grad_norm`)", b.clipGradNorm() == 0 ? "none" : num(b.clipGradNorm()), "none",
                "official `flag_utils` `grad_bound` 1e9 (never reached)");
        r.both("student moving average (`ema_decay`)", num(b.emaDecay()), "0.995", "official README `--ema_decay=0.995`");
        r.both("moving-average warm-up", MethodRegistry.EMA_WARMUP ? "min(d, (t + 1)/(t + 10))" : "none",
                "min(d, (t + 1)/(t + 10))", "official `common_utils.setup_ema`");
        r.both("UDA temperature (`uda.temperature`)", num(b.uda().temperature()), "0.7", "official README `--uda_temp=0.7`");
        r.both("UDA threshold (`uda.threshold`)", num(b.uda().threshold()), "0.6", "official README `--uda_threshold=0.6`");
        r.both("UDA weight (`uda.weight`)", num(b.uda().weight()), "8", "official README `--uda_weight=8`");
        r.both("UDA ramp (`uda.ramp_steps`)", count(b.uda().rampSteps()) + (b.uda().referenceCodeRamp() ? ", (t + 1)/ramp"
                : ", t/ramp"), "5,000, t/ramp", "official README `--uda_steps=5000`; `training_utils` ramp");
        r.choice("micro-batches (`micro_batches`)", Integer.toString(b.microBatches()), "—", "the step ("
                + count(b.labeledBatch() + 2L * b.unlabeledBatch()) + " teacher images at " + b.imageSize()
                + " px) fits one device; batch norm over each forward's whole batch");
        r.choice("arithmetic (`precision`)", arithmetic(b), "official: bfloat16 on TPU; PyTorch: AMP float16",
                PRECISION_NOTE);

        // finetuning
        r.both("finetuning steps (`finetune_steps`)", count(b.finetuneSteps()), "1,000", "paper (finetuning paragraph)");
        r.both("finetuning batch (`finetune_batch`)", Integer.toString(b.finetuneBatch()), "512", "paper");
        r.both("finetuning learning rate (`finetune_lr`)", num(b.finetuneLr()) + ", constant", "0.00001, constant",
                "paper: SGD at 1e-5 (the PyTorch command uses 3e-5 for 625 epochs)");
        r.both("finetuning optimiser", num(finetune.momentum()) + (finetune.nesterov() ? " Nesterov" : "")
                + ", weight decay " + num(finetune.weightDecay()), "0.9 Nesterov, weight decay 0",
                "PyTorch `main.finetune`: `SGD(momentum=0.9, nesterov=True, weight_decay=0)` (the paper names SGD only)");
        r.both("dropout while finetuning (`finetune_dropout`)", b.finetuneDropout() ? "on" : "off", "off",
                "PyTorch `main.finetune`: `model.drop = nn.Identity()` (the paper is silent; the official code "
                        + "has no finetuning)");
        r.both("finetuning view", "strong", "strong", "PyTorch `data.transform_finetune` (flip, pad-crop, RandAugment)");
        r.choice("finetuning starts from", "the student's moving average at the last step",
                "PyTorch: the moving average of the best-test checkpoint", "choosing a checkpoint on the test set is "
                        + "not this suite's protocol; the paper reports the final checkpoint");

        // evaluation
        r.both("evaluated model", "the student's moving average (after finetuning: the student), final step",
                "the student's moving average (after finetuning: the student), final step",
                "paper (slides): the final checkpoint, no held-out validation; both codes evaluate the average");
        r.both("seeds", Integer.toString(Table2Runner.defaultSeeds(Profile.PAPER).size()), "10",
                "paper Table 2: mean ± std over 10 runs");
        r.both("evaluation cadence (`eval_every`)", count(b.evalEvery()), "1,000", "PyTorch README `--eval-step 1000`");
        r.choice("checkpoint cadence (`checkpoint_every`)", count(b.checkpointEvery()), "—",
                "bookkeeping: a run resumes from its last checkpoint with identical results");
        r.choice("Pseudo Labels threshold (`pl_threshold`)", num(b.plThreshold()), "—", "the paper frames Pseudo "
                + "Labels as a frozen supervised teacher's hard labels, without a threshold");
        r.choice("stand-in scale (`synthetic_scale`)", num(b.syntheticScale()), "—", "read only by the synthetic stand-in");

        // the two MPL rows
        r.both("`mpl` row: feedback h", h(paper), "old − new", "paper Appendix A (first-order Taylor); the PyTorch "
                + "code keeps `s_loss_l_old - s_loss_l_new` as the \"theoretically correct formula\" (its issue 6)");
        r.both("`mpl` row: pseudo labels", labels(paper), "hard, sampled, from the strong view",
                "paper §2: ŷ sampled from T(x_u) on the input the student trains on");
        r.choice("`mpl` row: labeled loss before the student's step", oldLoss(paper), "both codes: the joint forward",
                "the paired forward (same dropout masks as the forward after the step) removes batch-norm and "
                        + "dropout noise from h; `-Dmethods=mpl-reference-code` keeps the codes' way");
        r.both("`mpl` row: baseline subtracted from h", paper.movingAverageBaseline() ? "moving average" : "none",
                "none", "PyTorch `main.py` (baseline commented out); the official code subtracts a moving average");
        r.both("`mpl-reference-code` row", h(pytorch) + "; " + labels(pytorch) + "; " + oldLoss(pytorch),
                "new − old; hard, argmax, from the weak view; joint forward", "PyTorch `main.py` "
                        + "(`dot_product = s_loss_l_new - s_loss_l_old`, `hard_pseudo_label` of `t_logits_uw`)");
        r.both("teacher's losses", "CE(x_l) + UDA + h · MPL", "CE(x_l) + UDA + h · MPL",
                "official `training_utils` (class MPL); PyTorch `t_loss = t_loss_uda + t_loss_mpl`");
        return r.fields;
    }

    /**
     * The fields whose value differs from what they say: a sourced value other than its source's, or
     * on SVHN-1K a value other than the CIFAR-10-4K value it says it takes.
     */
    public static List<Field> mismatches(List<Field> fields) {
        String cifar = "CIFAR-10-4K: ";
        return fields.stream().filter(f -> f.kind() == Kind.SOURCED ? !f.value().equals(f.sourceValue())
                : f.sourceValue().startsWith(cifar) && !f.value().equals(f.sourceValue().substring(cifar.length())))
                .toList();
    }

    /** Counts of {@code fields}, by kind. */
    public static long count(List<Field> fields, Kind kind) {
        return fields.stream().filter(f -> f.kind() == kind).count();
    }

    /** {@code docs/paper-profile.md}. */
    public static String markdown() {
        StringBuilder sb = new StringBuilder("""
                # The `paper` profile, field by field

                Generated from the code by `PaperFidelity` (`mpl-experiments`, package `table2`); the test
                `PaperFidelityTest` fails when a sourced field's value no longer equals its source's, and when this page
                is not what the code generates (regenerate: `mvn -pl mpl-experiments test -Dtest=PaperFidelityTest
                -Dgolden.update=true`). *Value* is what `-Dtable=2 -Dprofile=paper` trains with; *source* is where the
                same value is written, or, for this suite's choices, the reason. Names in parentheses are `-Dbudget.`
                fields, read from the budget; rows without one describe code that is not a setting (which views
                get which augmentation, where finetuning starts, the teacher's losses: `MethodFactory`,
                `MetaPseudoLabels`).

                Sources: **official** = the authors' TF code (`google-research/google-research`, `meta_pseudo_labels/`:
                the README's CIFAR-10-4K command, `flag_utils.py` defaults, `common_utils.py`, `data_utils.py`,
                `augment.py`, `training_utils.py`); **PyTorch** = the best-known reproduction (`kekmodel/MPL-pytorch`:
                `main.py`, `data.py`, its README command); **paper** = the CVPR text (Table 2, the dataset table, the
                finetuning paragraph, Appendix A). The official code has no SVHN configuration and the PyTorch code none
                at all; the paper's appendix table of per-dataset settings was not available, so SVHN-1K takes
                CIFAR-10-4K's values as this suite's choice wherever nothing else is known.

                ImageNet-10% follows the README's ImageNet command and the data code's ImageNet functions (the
                command's dataset name, image size and class count are slips copied from the CIFAR command).

                No row has been run at this profile by this suite (it needs GPUs; see the compute estimate in the
                profile's `table.md` header).
                """);
        for (Table2Cell cell : cells()) {
            List<Field> fields = fields(cell);
            sb.append(String.format(Locale.ROOT, "%n## %s%n%n%d fields: %d sourced, %d this suite's choice.%n%n",
                    cell.title(), fields.size(), count(fields, Kind.SOURCED), count(fields, Kind.CHOICE)));
            sb.append("| Field | Value | Source's value | Source (or reason) |\n|---|---|---|---|\n");
            for (Field f : fields) {
                sb.append("| ").append(f.name()).append(" | ").append(f.value()).append(" | ")
                        .append(f.kind() == Kind.SOURCED ? f.sourceValue() : "*suite's choice* (" + f.sourceValue() + ")")
                        .append(" | ").append(f.source()).append(" |\n");
            }
        }
        return sb.toString();
    }

    private static String h(MplConfig c) {
        return switch (c.feedback()) {
            case OLD_MINUS_NEW -> "old − new";
            case NEW_MINUS_OLD -> "new − old";
            case OFF -> "0";
            case COSINE -> "cos(∇L_l(new), ∇L_u(old))";
        };
    }

    private static String labels(MplConfig c) {
        return (c.labels() == MplConfig.LabelKind.HARD ? "hard, " : "soft, ")
                + (c.labelRule() == MplConfig.PseudoLabelRule.SAMPLE ? "sampled" : "argmax")
                + ", from the " + Check.spell(c.labelView()) + " view";
    }

    private static String oldLoss(MplConfig c) {
        return c.oldLoss() == MplConfig.OldLoss.PAIRED_FORWARD ? "paired forward" : "joint forward";
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String num(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /**
     * The rows of one cell. On SVHN a field the sources give for CIFAR only is this suite's choice
     * (CIFAR's value); {@link #both} says so by itself.
     */
    private static final class Rows {
        final List<Field> fields = new ArrayList<>();
        final boolean svhn;

        Rows(boolean svhn) {
            this.svhn = svhn;
        }

        void sourced(String name, String value, String sourceValue, String source) {
            fields.add(new Field(name, value, Kind.SOURCED, sourceValue, source));
        }

        void choice(String name, String value, String instead, String why) {
            fields.add(new Field(name, value, Kind.CHOICE, instead, why));
        }

        /**
         * Sourced on CIFAR-10-4K; on SVHN-1K sourced too when the source is the paper's (its tables and
         * method cover both), else CIFAR's value as this suite's choice.
         */
        void both(String name, String value, String sourceValue, String source) {
            if (!svhn || source.startsWith("paper")) {
                sourced(name, value, sourceValue, source);
            } else {
                choice(name, value, "CIFAR-10-4K: " + sourceValue, "no SVHN setting in either code: CIFAR-10-4K's ("
                        + source + ")");
            }
        }
    }

    private static final String PRECISION_NOTE = "float32 by default; `-Dbudget.precision=bf16` runs the convolutions in "
            + "bfloat16 with float32 weights, batch norm statistics and losses (MXNet on a CPU with AVX512-BF16; "
            + "docs/performance.md)";

    private static String arithmetic(Budget b) {
        return b.precision() == org.mplbench.nn.Precision.FP32 ? "float32"
                : "bfloat16 convolutions and activations, float32 weights and losses";
    }
}
