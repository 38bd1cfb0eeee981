package org.mplbench.experiments.table2;

import java.util.Locale;
import java.util.Map;
import org.mplbench.augment.WeakAugment.Padding;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.data.SplitSpec;
import org.mplbench.experiments.run.Profile;
import org.mplbench.nn.Precision;
import org.mplbench.ssl.UdaConfig;

/**
 * Everything a Table 2 run is trained with besides the method: network, batches, schedules and
 * every knob of the paper/reference-code hyperparameter table. A profile picks one per cell;
 * {@code -D} overrides replace single fields. Validated on construction.
 *
 * @param network network name for tables ({@code wrn-28-2}, {@code wrn-10-1}, {@code resnet-50})
 * @param depth WRN depth (ignored for ResNet-50)
 * @param widen WRN widening factor
 * @param stemWidth WRN stem convolution width
 * @param bnDecay batch-norm running-statistics decay (0.99 official; 0.999 PyTorch code)
 * @param bnEps batch-norm epsilon
 * @param dropout dropout before the classifier (teacher and student)
 * @param imageSize input side in pixels
 * @param views which pipeline makes the views ({@link Views}); {@code imagenet} takes no padding
 * @param flip random horizontal flips in every view (off for digits)
 * @param pad pixels of padding before the random crop of every view
 * @param padding what the crop sees outside the image
 * @param split which training images are unlabeled ({@link SplitSpec.Variant})
 * @param splitPerSeed draw the labeled split from each run's seed instead of one split for all seeds
 * @param steps training steps (MPL: before finetuning; Pseudo Labels: per phase)
 * @param labeledBatch labeled images per step
 * @param mu unlabeled images per labeled image
 * @param microBatches micro-batches per step, their gradients summed (1: the whole batch at once);
 *     batch norm then normalises each micro-batch on its own ({@link org.mplbench.ssl.MicroBatches})
 * @param precision the convolutions' arithmetic: {@code fp32}, or {@code bf16} with float32 master
 *     weights ({@link Precision}; MXNet on a CPU with AVX512-BF16)
 * @param lrTeacher peak learning rate of the teacher (and of single-network methods)
 * @param lrStudent peak learning rate of the student
 * @param warmupSteps linear warm-up steps of MPL's teacher and student schedules
 * @param baselineWarmupSteps linear warm-up steps of the single-network methods (Supervised, Pseudo Labels, UDA)
 * @param studentWaitSteps MPL: steps the student's learning rate stays 0 before its warm-up
 * @param weightDecay L2 added to gradients, batch-norm parameters excluded
 * @param momentum Nesterov momentum
 * @param labelSmoothing label smoothing of supervised and pseudo-label CE
 * @param clipGradNorm global gradient-norm bound (0: none)
 * @param emaDecay decay of the evaluated moving average (0: evaluate the raw weights)
 * @param uda UDA term of the UDA baseline and of MPL's teacher
 * @param finetuneSteps MPL: finetuning steps on labeled data (0: none)
 * @param finetuneBatch MPL: finetuning batch
 * @param finetuneLr MPL: constant finetuning learning rate
 * @param finetuneDropout MPL: whether the student's dropout stays on while it is finetuned
 * @param plThreshold Pseudo Labels: minimum teacher confidence of a pseudo label
 * @param evalEvery steps between test evaluations (the last step is always evaluated)
 * @param checkpointEvery steps between checkpoints (evaluations also checkpoint)
 * @param testImages test images evaluated (0: all)
 * @param syntheticScale size of the synthetic stand-in relative to CIFAR-10
 */
public record Budget(
        String network, int depth, int widen, int stemWidth, double bnDecay, double bnEps, double dropout,
        int imageSize, Views views, boolean flip, int pad, Padding padding, SplitSpec.Variant split, boolean splitPerSeed,
        long steps, int labeledBatch, int mu, int microBatches, Precision precision,
        double lrTeacher, double lrStudent, long warmupSteps, long baselineWarmupSteps, long studentWaitSteps,
        double weightDecay, double momentum, double labelSmoothing, double clipGradNorm, double emaDecay,
        UdaConfig uda, long finetuneSteps, int finetuneBatch, double finetuneLr, boolean finetuneDropout, double plThreshold,
        long evalEvery, long checkpointEvery, int testImages, double syntheticScale) {

    /** The pipelines of the paper's two kinds of data. */
    public enum Views {
        /**
         * Images at their training size: weak = flip + pad-crop, strong = the CIFAR RandAugment chain
         * ({@link org.mplbench.augment.StrongAugment}); evaluation on the images as they are.
         */
        CIFAR,
        /**
         * Photographs of any size (the official ImageNet pipeline): each image decoded once per step,
         * a random Inception crop resized to {@code image_size}, weak = flip, strong = flip +
         * RandAugment at magnitude 17 with ImageNet constants; evaluation on the centre 224/256 crop.
         */
        IMAGENET
    }

    public Budget {
        Check.notNull("budget.network", network);
        Check.notNull("budget.views", views);
        Check.notNull("budget.precision", precision);
        if (views == Views.IMAGENET && pad != 0) {
            throw new ConfigException("budget.pad", pad + " with views imagenet, whose random crops take no padding: "
                    + "set budget.pad=0");
        }
        Check.closed("budget.depth", depth, 10, 100);
        if (network.startsWith("wrn-")) {
            // the name follows -Dbudget.depth and -Dbudget.widen, so that tables say what was trained
            network = "wrn-" + depth + "-" + widen;
        }
        if (network.startsWith("efficientnet-")) {
            MethodFactory.efficientNet(network, 2, imageSize, dropout); // an unknown variant is refused here
            if (precision == Precision.BF16) {
                // its depthwise and squeeze-and-excitation convolutions, swish and stochastic depth
                // have not been run in bfloat16 (WRN and ResNet-50 have: docs/performance.md)
                throw new ConfigException("budget.precision", "bf16 is implemented for the WRN and ResNet-50 networks, "
                        + "not for " + network + ": use fp32");
            }
        }
        if (network.startsWith("wrn") && (depth - 4) % 6 != 0) {
            throw new ConfigException("budget.depth", depth + " is not 6n + 4");
        }
        Check.closed("budget.widen", widen, 1, 20);
        if (precision == Precision.BF16 && network.startsWith("wrn") && widen < 2) {
            // measured on wrn-16-1, 224 images of 28 px, forward + backward: 362 ms float32, 765 ms bf16
            throw new ConfigException("budget.precision", "bf16 with widen " + widen + ": a group of " + 16 * widen
                    + " channels runs oneDNN 2.4 bf16 kernels whose memory layout differs from the AMX kernels', and "
                    + "batch norm's backward then falls to a reference kernel, 2x slower than fp32 "
                    + "(docs/performance.md): use fp32, or widen >= 2");
        }
        Check.closed("budget.stem_width", stemWidth, 1, 1024);
        Check.closedOpen("budget.bn_decay", bnDecay, 0, 1);
        Check.openClosed("budget.bn_eps", bnEps, 0, 1);
        Check.closedOpen("budget.dropout", dropout, 0, 1);
        Check.closed("budget.image_size", imageSize, 8, 1024);
        Check.closed("budget.pad", pad, 0, 64);
        Check.notNull("budget.padding", padding);
        Check.notNull("budget.split", split);
        Check.closed("budget.steps", steps, 1L, 100_000_000L);
        Check.closed("budget.labeled_batch", labeledBatch, 1, 1 << 16);
        Check.closed("budget.mu", mu, 1, 64);
        Check.closed("budget.micro_batches", microBatches, 1, 1 << 16);
        if (labeledBatch % microBatches != 0 || labeledBatch * mu % microBatches != 0) {
            throw new ConfigException("budget.micro_batches", microBatches + " does not divide the labeled batch "
                    + labeledBatch + " and the unlabeled batch " + labeledBatch * mu + " into equal micro-batches");
        }
        Check.openClosed("budget.lr_teacher", lrTeacher, 0, 100);
        Check.openClosed("budget.lr_student", lrStudent, 0, 100);
        Check.closed("budget.warmup_steps", warmupSteps, 0L, steps - 1);
        Check.closed("budget.baseline_warmup_steps", baselineWarmupSteps, 0L, steps - 1);
        if (studentWaitSteps + warmupSteps >= steps) {
            throw new ConfigException("budget.student_wait_steps",
                    "wait " + studentWaitSteps + " + warm-up " + warmupSteps + " must be below the " + steps + " steps");
        }
        Check.closed("budget.weight_decay", weightDecay, 0, 1);
        Check.closedOpen("budget.momentum", momentum, 0, 1);
        Check.closedOpen("budget.label_smoothing", labelSmoothing, 0, 1);
        Check.closed("budget.clip_grad_norm", clipGradNorm, 0, 1e12);
        Check.closedOpen("budget.ema_decay", emaDecay, 0, 1);
        Check.notNull("budget.uda", uda);
        Check.closed("budget.finetune_steps", finetuneSteps, 0L, 100_000_000L);
        Check.closed("budget.finetune_batch", finetuneBatch, 1, 1 << 16);
        if (finetuneSteps > 0 && finetuneBatch % microBatches != 0) {
            throw new ConfigException("budget.micro_batches", microBatches + " does not divide the finetuning batch "
                    + finetuneBatch + " into equal micro-batches");
        }
        Check.openClosed("budget.finetune_lr", finetuneLr, 0, 100);
        Check.closed("budget.pl_threshold", plThreshold, 0, 1);
        Check.closed("budget.eval_every", evalEvery, 1L, Long.MAX_VALUE);
        Check.closed("budget.checkpoint_every", checkpointEvery, 1L, Long.MAX_VALUE);
        Check.closed("budget.test_images", testImages, 0, Integer.MAX_VALUE);
        Check.openClosed("budget.synthetic_scale", syntheticScale, 0, 100);
    }

    /** The profile's budget for a cell ({@link BudgetPresets}). */
    public static Budget of(Profile profile, Table2Cell cell) {
        return BudgetPresets.of(profile, cell);
    }

    /** This budget with another input side (the same network on 28×28 images). */
    Budget withImageSize(int side) {
        return Overrides.replace(this, "image_size", Integer.toString(side), "budget.image_size");
    }

    /** This budget with {@code steps} training steps; warm-up, wait, ramp and cadences scale along. */
    public Budget withSteps(long newSteps) {
        double f = newSteps / (double) steps;
        long warm = Math.min(newSteps - 1, Math.round(warmupSteps * f));
        long baselineWarm = Math.min(newSteps - 1, Math.round(baselineWarmupSteps * f));
        long wait = Math.round(studentWaitSteps * f);
        if (wait + warm >= newSteps) {
            wait = 0;
            warm = Math.min(warm, newSteps - 1);
        }
        long ramp = Math.round(uda.rampSteps() * f);
        return toBuilder().steps(newSteps).warmupSteps(warm, baselineWarm).studentWaitSteps(wait).uda(uda.withRampSteps(ramp))
                .evalEvery(Math.max(1, Math.min(evalEvery, newSteps)))
                .checkpointEvery(Math.max(1, Math.min(checkpointEvery, newSteps)))
                .build();
    }

    /** Unlabeled images per step. */
    public int unlabeledBatch() {
        return labeledBatch * mu;
    }

    /**
     * This budget with fields replaced by name ({@code lr_teacher}, {@code uda.weight}, ...: the
     * record components in snake case), from {@code -Dbudget.<field>=<value>}.
     */
    public Budget withOverrides(Map<String, String> overrides) {
        Map<String, String> own = new java.util.TreeMap<>();
        Map<String, String> udaFields = new java.util.TreeMap<>();
        overrides.forEach((k, v) -> (k.startsWith("uda.") ? udaFields : own).put(k.startsWith("uda.") ? k.substring(4) : k, v));
        Budget b = Overrides.replaceAll(this, own, "-Dbudget.");
        return udaFields.isEmpty() ? b : Overrides.replace(b, "uda", Overrides.replaceAll(uda, udaFields, "-Dbudget.uda."));
    }

    /** Network and batches in a few words (the table title of a one-cell table). */
    public String shortText() {
        return String.format(Locale.ROOT, "%s, %d steps of %d labeled + %d unlabeled images", network(), steps(),
                labeledBatch(), unlabeledBatch());
    }

    /** Every field that matters, in words (the table's budget list). */
    public String describe() {
        return String.format(Locale.ROOT,
                "%s (dropout %.2g, BN decay %.3g), %d steps of %d labeled + %d unlabeled (μ %d) images, "
                        + "%s%sNesterov %.2g, lr teacher %.3g / student %.3g, warm-up %d%s, student wait %d, cosine to 0, "
                        + "wd %.2g (not BN), label smoothing %.2g, EMA %.4g, UDA τ %.2g threshold %.2g weight %.3g ramp %d, "
                        + "Pseudo Labels threshold %.2g, finetune %d steps of %d at lr %.2g (dropout %s); "
                        + "%s; %s split%s; eval every %d on %s test images",
                network(), dropout(), bnDecay(), steps(), labeledBatch(), unlabeledBatch(), mu(),
                microBatches() == 1 ? "" : "in " + microBatches() + " micro-batches (batch norm per micro-batch), ",
                precision() == Precision.FP32 ? "" : "bf16 convolutions (float32 weights), ",
                momentum(),
                lrTeacher(), lrStudent(), warmupSteps(),
                baselineWarmupSteps() == warmupSteps() ? "" : " (single networks " + baselineWarmupSteps() + ")",
                studentWaitSteps(), weightDecay(), labelSmoothing(),
                emaDecay(), uda().temperature(), uda().threshold(), uda().weight(), uda().rampSteps(),
                plThreshold(), finetuneSteps(), finetuneBatch(), finetuneLr(), finetuneDropout() ? "on" : "off",
                viewsText(), Check.spell(split()),
                splitPerSeed() ? " drawn per seed" : "", evalEvery(),
                testImages() == 0 ? "all" : Integer.toString(testImages()));
    }
    private String viewsText() {
        String flips = flip() ? "flips" : "no flips";
        return views() == Views.IMAGENET ? "ImageNet views (Inception crop to " + imageSize() + ", " + flips
                + ", RandAugment m 17; evaluation on the centre 224/256)"
                : flips + ", pad " + pad() + " (" + Check.spell(padding()) + ") + crop";
    }

    /** An empty builder: every field must be set (presets start from {@link BudgetPresets#paperCifar()}). */
    static Builder builder() {
        return new Builder();
    }

    /** A builder holding this budget, to change some fields by name. */
    public Builder toBuilder() {
        return new Builder().network(network).wideResNet(depth, widen, stemWidth).batchNorm(bnDecay, bnEps)
                .dropout(dropout).imageSize(imageSize).views(views).augment(flip, pad, padding).split(split, splitPerSeed).steps(steps).labeledBatch(labeledBatch).mu(mu)
                .microBatches(microBatches).precision(precision)
                .learningRates(lrTeacher, lrStudent).warmupSteps(warmupSteps, baselineWarmupSteps).studentWaitSteps(studentWaitSteps)
                .weightDecay(weightDecay).momentum(momentum).labelSmoothing(labelSmoothing).clipGradNorm(clipGradNorm)
                .emaDecay(emaDecay).uda(uda).finetune(finetuneSteps, finetuneBatch, finetuneLr).finetuneDropout(finetuneDropout).plThreshold(plThreshold)
                .evalEvery(evalEvery).checkpointEvery(checkpointEvery).testImages(testImages).syntheticScale(syntheticScale);
    }

    /**
     * Budgets by field name: presets start from {@link #paperCifar()} and say what they change. Every
     * field must be set; {@link #build()} validates as the record does.
     */
    public static final class Builder {
        private String network;
        private int depth;
        private int widen;
        private int stemWidth;
        private double bnDecay = Double.NaN;
        private double bnEps = Double.NaN;
        private double dropout = Double.NaN;
        private int imageSize;
        private Views views;
        private Boolean flip;
        private int pad = -1;
        private Padding padding;
        private SplitSpec.Variant split;
        private Boolean splitPerSeed;
        private long steps;
        private int labeledBatch;
        private int mu;
        private int microBatches = 1;
        private Precision precision = Precision.FP32;
        private double lrTeacher = Double.NaN;
        private double lrStudent = Double.NaN;
        private long warmupSteps = -1;
        private long baselineWarmupSteps = -1;
        private long studentWaitSteps = -1;
        private double weightDecay = Double.NaN;
        private double momentum = Double.NaN;
        private double labelSmoothing = Double.NaN;
        private double clipGradNorm = Double.NaN;
        private double emaDecay = Double.NaN;
        private UdaConfig uda;
        private long finetuneSteps = -1;
        private int finetuneBatch;
        private double finetuneLr = Double.NaN;
        private Boolean finetuneDropout;
        private double plThreshold = Double.NaN;
        private long evalEvery;
        private long checkpointEvery;
        private int testImages = -1;
        private double syntheticScale = Double.NaN;

        private Builder() {}

        public Builder network(String name) {
            this.network = name;
            return this;
        }

        /** Depth, widening factor and stem width (ResNet-50: 50, 1, 64; depth and widening unused). */
        public Builder wideResNet(int depth, int widen, int stemWidth) {
            this.depth = depth;
            this.widen = widen;
            this.stemWidth = stemWidth;
            if (network != null && network.startsWith("wrn-")) {
                this.network = "wrn-" + depth + "-" + widen;
            }
            return this;
        }

        public Builder batchNorm(double decay, double eps) {
            this.bnDecay = decay;
            this.bnEps = eps;
            return this;
        }

        public Builder dropout(double rate) {
            this.dropout = rate;
            return this;
        }

        public Builder imageSize(int side) {
            this.imageSize = side;
            return this;
        }

        public Builder views(Views views) {
            this.views = views;
            return this;
        }

        /** Flips on or off, padding before the crop and what fills it (every view). */
        public Builder augment(boolean flip, int pad, Padding padding) {
            this.flip = flip;
            this.pad = pad;
            this.padding = padding;
            return this;
        }

        /** Which images are unlabeled, and whether each seed draws its own labeled split. */
        public Builder split(SplitSpec.Variant variant, boolean perSeed) {
            this.split = variant;
            this.splitPerSeed = perSeed;
            return this;
        }

        public Builder steps(long steps) {
            this.steps = steps;
            return this;
        }

        public Builder labeledBatch(int images) {
            this.labeledBatch = images;
            return this;
        }

        public Builder mu(int ratio) {
            this.mu = ratio;
            return this;
        }

        /** Micro-batches per step (default 1: the whole batch at once). */
        public Builder microBatches(int count) {
            this.microBatches = count;
            return this;
        }

        /** The convolutions' arithmetic (default fp32). */
        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        public Builder learningRates(double teacher, double student) {
            this.lrTeacher = teacher;
            this.lrStudent = student;
            return this;
        }

        /** The same warm-up for MPL and for the single-network methods. */
        public Builder warmupSteps(long steps) {
            return warmupSteps(steps, steps);
        }

        /** MPL's teacher and student warm-up, and the single-network methods'. */
        public Builder warmupSteps(long mpl, long baselines) {
            this.warmupSteps = mpl;
            this.baselineWarmupSteps = baselines;
            return this;
        }

        public Builder studentWaitSteps(long steps) {
            this.studentWaitSteps = steps;
            return this;
        }

        public Builder weightDecay(double wd) {
            this.weightDecay = wd;
            return this;
        }

        public Builder momentum(double m) {
            this.momentum = m;
            return this;
        }

        public Builder labelSmoothing(double eps) {
            this.labelSmoothing = eps;
            return this;
        }

        public Builder clipGradNorm(double bound) {
            this.clipGradNorm = bound;
            return this;
        }

        public Builder emaDecay(double decay) {
            this.emaDecay = decay;
            return this;
        }

        public Builder uda(UdaConfig uda) {
            this.uda = uda;
            return this;
        }

        /** MPL's finetuning: steps (0: none), batch and constant learning rate. */
        public Builder finetune(long steps, int batch, double lr) {
            this.finetuneSteps = steps;
            this.finetuneBatch = batch;
            this.finetuneLr = lr;
            return this;
        }

        public Builder finetuneDropout(boolean on) {
            this.finetuneDropout = on;
            return this;
        }

        public Builder finetuneSteps(long steps) {
            this.finetuneSteps = steps;
            return this;
        }

        public Builder plThreshold(double threshold) {
            this.plThreshold = threshold;
            return this;
        }

        public Builder evalEvery(long steps) {
            this.evalEvery = steps;
            return this;
        }

        public Builder checkpointEvery(long steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /** Test images evaluated (0: all). */
        public Builder testImages(int n) {
            this.testImages = n;
            return this;
        }

        public Builder syntheticScale(double scale) {
            this.syntheticScale = scale;
            return this;
        }

        public Budget build() {
            if (flip == null || splitPerSeed == null || finetuneDropout == null) {
                throw new ConfigException("budget", "augment(...), split(...) and finetuneDropout(...) must be set");
            }
            return new Budget(network, depth, widen, stemWidth, bnDecay, bnEps, dropout, imageSize, views, flip, pad,
                    padding, split, splitPerSeed, steps, labeledBatch, mu, microBatches, precision, lrTeacher, lrStudent, warmupSteps,
                    baselineWarmupSteps, studentWaitSteps,
                    weightDecay, momentum, labelSmoothing, clipGradNorm, emaDecay, uda, finetuneSteps, finetuneBatch,
                    finetuneLr, finetuneDropout, plThreshold, evalEvery, checkpointEvery, testImages, syntheticScale);
        }
    }
}
