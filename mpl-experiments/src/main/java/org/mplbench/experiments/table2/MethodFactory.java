package org.mplbench.experiments.table2;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mplbench.augment.Augmentation;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Normalization;
import org.mplbench.data.SslSplit;
import org.mplbench.experiments.methods.MethodArgs.Role;
import org.mplbench.experiments.methods.MethodArgs;
import org.mplbench.experiments.methods.MethodRegistry.Option;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.image.InceptionCrop;
import org.mplbench.mpl.LargeTeacherOutputs;
import org.mplbench.mpl.MplConfig;
import org.mplbench.nn.EfficientNet;
import org.mplbench.nn.EfficientNetSpec;
import org.mplbench.nn.Network;
import org.mplbench.nn.ReducedTeacher;
import org.mplbench.nn.ResNet50;
import org.mplbench.nn.WideResNet;
import org.mplbench.random.Seeds;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.BatchSource;
import org.mplbench.train.PipelineBatches;
import org.mplbench.train.Sgd;
import org.mplbench.train.WarmupCosine;

/**
 * Builds one Table 2 run: its networks, optimisers and method, and the batch pipelines that feed it.
 * Everything random is derived from the run's seed, so a run can be rebuilt (for resuming) exactly.
 */
public final class MethodFactory {

    private static final long INIT_SALT = 0x510E527FADE682D1L;
    /** Reduced MPL: hidden units of the reduced teacher (this suite's choice; the paper gives none). */
    static final int REDUCED_TEACHER_WIDTH = 128;

    private final Budget budget;
    private final Table2Method method;
    /** The registry's entry of this row. */
    private final MethodRegistry.Entry entry;
    private final long seed;
    private final int classes;
    private final int channels;
    private Path largeTeacherOutputs;

    public MethodFactory(Budget budget, Table2Method method, long seed, int classes, int channels) {
        this.budget = budget;
        this.method = method;
        this.entry = MethodRegistry.get(method.method(), method.variant());
        this.seed = seed;
        this.classes = classes;
        this.channels = channels;
    }

    /** Steps the run takes in all (Pseudo Labels: two phases; MPL: plus finetuning). */
    public long totalSteps() {
        return entry.totalSteps(budget.steps(), budget.finetuneSteps());
    }

    /** The step after which MPL's finetuning starts (its pre-finetune evaluation), or -1. */
    long finetuneStart() {
        return isMpl() && budget.finetuneSteps() > 0 ? budget.steps() : -1;
    }

    /** MPL and Reduced MPL: a teacher and a student, MPL's schedules, finetuning. */
    boolean isMpl() {
        return entry.method().equals("mpl") || entry.method().equals("reduced-mpl");
    }

    /**
     * Reduced MPL: the large teacher's stored outputs ({@link LargeTeacherOutputs}) the method reads,
     * opened when the method is built.
     */
    public MethodFactory withLargeTeacherOutputs(Path file) {
        this.largeTeacherOutputs = file;
        return this;
    }

    /** The MPL preset of this row (null for the baselines). */
    public MplConfig mplConfig() {
        return entry.mpl();
    }

    RandAugment.Variant randAugmentVariant() {
        return method == Table2Method.MPL_REFERENCE_CODE && budget.views() == Budget.Views.CIFAR
                ? RandAugment.Variant.REFERENCE_CODE : RandAugment.Variant.PAPER;
    }

    /** The networks are initialised here from the run's seed (engine-seeded). */
    SslMethod build(NDManager base) {
        Engine.getInstance().setRandomSeed((int) Seeds.mix(seed, 0, 0, INIT_SALT));
        long steps = budget.steps();
        MethodArgs.Builder a = MethodArgs.builder()
                .setNetworks(() -> network(base))
                .setOptimizers(role -> sgd(schedule(role)))
                .setSteps(steps)
                .optLabelSmoothing(budget.labelSmoothing())
                .optEma(budget.emaDecay())
                .optMicroBatches(budget.microBatches());
        if (entry.reads(Option.UDA)) {
            a.optUda(budget.uda());
        }
        if (entry.reads(Option.THRESHOLD)) {
            a.optThreshold(budget.plThreshold());
        }
        if (entry.reads(Option.SEED)) {
            a.optSeed(seed);
        }
        if (entry.reads(Option.FINETUNE) && budget.finetuneSteps() > 0) {
            a.optFinetune(finetuneOptimizer(), budget.finetuneDropout());
        }
        if (entry.reads(Option.LARGE_TEACHER)) {
            if (largeTeacherOutputs == null) {
                throw new IllegalStateException(entry.key() + " needs the large teacher's outputs (withLargeTeacherOutputs)");
            }
            try {
                a.optLargeTeacher(LargeTeacherOutputs.open(largeTeacherOutputs), () -> Network.create(
                        ReducedTeacher.of(classes, REDUCED_TEACHER_WIDTH), base, DataType.FLOAT32, new Shape(1, classes)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return entry.build(a.build());
    }

    /**
     * The batches: labeled images (weak view for UDA/MPL, RandAugment for the supervised models),
     * unlabeled weak + strong views, and for MPL's finetuning a labeled-only pipeline with its batch.
     * The caller closes the pipelines.
     */
    Batches batches(ImageSet train, Normalization norm, SslSplit split, int threads) {
        Augmentation weak = weakView();
        Augmentation strong = strongView();
        BatchPipeline.Builder main = pipeline(train, norm, threads)
                .setLabeled(split.labeled(), budget.labeledBatch(), labeledStrong() ? strong : weak)
                .optSeed(seed);
        if (method != Table2Method.SUPERVISED && method != Table2Method.SUPERVISED_WEAK) {
            main.optUnlabeled(split.unlabeled(), budget.unlabeledBatch(), weak, strong);
        }
        BatchPipeline mainPipeline = main.build();
        if (finetuneStart() < 0) {
            return new Batches(mainPipeline, null, -1);
        }
        BatchPipeline finetune = pipeline(train, norm, threads)
                .setLabeled(split.labeled(), budget.finetuneBatch(), strong)
                .optSeed(Seeds.mix(seed, 1, 0, INIT_SALT)).build();
        return new Batches(mainPipeline, finetune, finetuneStart());
    }

    /** A pipeline over {@code train}; with the ImageNet views, one that decodes and crops at random. */
    private BatchPipeline.Builder pipeline(ImageSet train, Normalization norm, int threads) {
        BatchPipeline.Builder b = BatchPipeline.builder().setImages(train).optThreads(threads).optNormalization(norm);
        return budget.views() == Budget.Views.IMAGENET ? b.optCrop(new InceptionCrop(budget.imageSize())) : b;
    }

    /** The PyTorch code's finetuning optimiser: constant rate, Nesterov momentum, no weight decay. */
    Sgd finetuneOptimizer() {
        return Sgd.builder().setLearningRate(budget.finetuneLr())
                .optMomentum(budget.momentum()).optNesterov(budget.momentum() > 0).build();
    }

    /**
     * Whether the labeled batches get the strong view: the supervised models' (Supervised, and Pseudo
     * Labels' teacher) do; UDA's and MPL's get the weak view, as the official code's {@code _lab_parser}.
     * MPL's finetuning batches always get the strong view, as the PyTorch code's {@code transform_finetune}.
     */
    boolean labeledStrong() {
        return method == Table2Method.SUPERVISED || method == Table2Method.PSEUDO_LABELS;
    }

    /**
     * The budget's weak view: flip + pad-crop (its flips and pad-crop are also the strong view's), or
     * with the ImageNet views a flip of the pipeline's random crop.
     */
    WeakAugment weakView() {
        return budget.views() == Budget.Views.IMAGENET ? WeakAugment.flipOnly()
                : new WeakAugment(budget.pad(), budget.padding(), budget.flip());
    }

    /** The strong view: the CIFAR chain of the row's RandAugment, or the ImageNet pipeline's flip + RandAugment. */
    StrongAugment strongView() {
        return budget.views() == Budget.Views.IMAGENET ? StrongAugment.imagenet(randAugment())
                : new StrongAugment(randAugment(), weakView());
    }

    /**
     * The row's RandAugment: the official code's (or for the {@code mpl-reference-code} row the PyTorch
     * code's) at magnitude 16 with CIFAR constants; with the ImageNet views the official ImageNet one,
     * for every row (the PyTorch code has no ImageNet pipeline).
     */
    RandAugment randAugment() {
        return budget.views() == Budget.Views.IMAGENET ? RandAugment.imagenet() : RandAugment.of(randAugmentVariant());
    }

    /** The run's batch source: the main pipeline, then (MPL) the finetuning pipeline. */
    record Batches(BatchPipeline main, BatchPipeline finetune, long switchAt) implements AutoCloseable {

        BatchSource source() {
            PipelineBatches m = new PipelineBatches(main);
            if (finetune == null) {
                return m;
            }
            PipelineBatches f = new PipelineBatches(finetune);
            return (scope, step) -> step < switchAt ? m.next(scope, step) : f.next(scope, step - switchAt);
        }

        @Override
        public void close() {
            main.close();
            if (finetune != null) {
                finetune.close();
            }
        }
    }

    /**
     * The learning rate of a role: the teacher's (and single networks') from step 0, MPL's student's
     * after its wait; warm-up (MPL's, or the single networks'), then cosine to 0 at the last step.
     */
    WarmupCosine schedule(Role role) {
        long warmup = isMpl() ? budget.warmupSteps() : budget.baselineWarmupSteps();
        return role == Role.TEACHER
                ? WarmupCosine.of(budget.lrTeacher(), 0, warmup, budget.steps())
                : WarmupCosine.of(budget.lrStudent(), isMpl() ? budget.studentWaitSteps() : 0, warmup, budget.steps());
    }

    private Sgd sgd(WarmupCosine schedule) {
        return Sgd.builder()
                .setLearningRate(schedule)
                .optMomentum(budget.momentum())
                .optNesterov(budget.momentum() > 0)
                .optWeightDecay(budget.weightDecay())
                .optClipGradNorm(budget.clipGradNorm())
                .build();
    }

    /**
     * The EfficientNet of a budget's network name: a variant of the official table
     * ({@code efficientnet-b0}, {@code efficientnet-l2}, {@code efficientnet-b6-mpl}, ...) or another member,
     * {@code efficientnet-w<width>-d<depth>}; with the suffix {@code -cifar}, the official code's strides for
     * its small data sets (stride 1 in the stem and stages 2–3), else ImageNet's at any image size.
     */
    public static EfficientNetSpec efficientNet(String name, int classes, int imageSize, double dropout) {
        boolean small = name.endsWith("-cifar");
        String base = small ? name.substring(0, name.length() - "-cifar".length()) : name;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("efficientnet-w([0-9.]+)-d([0-9.]+)").matcher(base);
        if (m.matches()) {
            return EfficientNetSpec.member(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), imageSize,
                    dropout, classes, small);
        }
        return EfficientNetSpec.of(EfficientNetSpec.Variant.of(base), classes, small);
    }

    public Network network(NDManager base) {
        int size = budget.imageSize();
        return Network.create(block(), base, DataType.FLOAT32, new Shape(1, channels, size, size), budget.precision());
    }

    private Block block() {
        if (budget.network().startsWith("efficientnet-")) {
            return EfficientNet.builder().setSpec(efficientNet(budget.network(), classes, budget.imageSize(), budget.dropout()))
                    .optBatchNorm(budget.bnDecay(), budget.bnEps()).optDropout(budget.dropout()).build();
        }
        if (budget.network().startsWith("resnet")) {
            return ResNet50.builder().setClasses(classes).optBatchNorm(budget.bnDecay(), budget.bnEps())
                    .optDropout(budget.dropout()).build();
        }
        WideResNet.Builder b = method == Table2Method.MPL_REFERENCE_CODE && budget.network().equals("wrn-28-2")
                ? WideResNet.referenceCode(classes)
                : WideResNet.paper(classes).optStemWidth(budget.stemWidth()).optBatchNorm(budget.bnDecay(), budget.bnEps());
        return b.optDepth(budget.depth()).optWiden(budget.widen()).optDropout(budget.dropout()).build();
    }
}
