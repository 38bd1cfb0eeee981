package org.mplbench.experiments.vision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SplitSpec;
import org.mplbench.data.SslSplit;
import org.mplbench.data.Subset;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.methods.MethodArgs;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.Progress;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.RunSpec;
import org.mplbench.experiments.run.Runner;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.reports.AtomicText;
import org.mplbench.reports.Provenance;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;
import org.mplbench.reports.SyntheticCifarReport;
import org.mplbench.reports.RunId;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.ImageEvaluation;
import org.mplbench.train.PipelineBatches;
import org.mplbench.train.ProgressListener;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;

/**
 * {@code -Dtable=synthetic-cifar}: is the synthetic stand-in learnable but not trivial? A supervised
 * WRN-28-2, with the official code's settings and with the reference code's (whose BN momentum
 * 0.001, i.e. decay 0.999, matters at short budgets), on a CIFAR-10-4K-shaped split of {@code synthetic-cifar}: 4,000
 * labels, weak augmentation (flip + pad-crop), label smoothing 0.15, SGD Nesterov momentum 0.9,
 * lr 0.05 with cosine decay, weight decay 5e-4 on every parameter (BN included, unlike the paper), batch 64,
 * test accuracy on the 10,000 synthetic test
 * images. The budget is the profile's: {@code smoke} a few steps on a small set, {@code cpu} 1,500
 * steps (24 epochs of the labeled set).
 */
public final class SyntheticCifarRunner implements Runner {

    private static final int BATCH = 64;

    @Override
    public String name() {
        return "synthetic-cifar";
    }

    @Override
    public String folder() {
        return name();
    }

    @Override
    public List<String> aliases() {
        return List.of();
    }

    @Override
    public Set<String> options() {
        return Set.of("steps");
    }

    @Override
    public String description() {
        return "supervised WRN-28-2 on synthetic-cifar with 4,000 labels: how hard the stand-in is";
    }

    @Override
    public void run(RunOptions o) throws Exception {
        if (o.profile() == Profile.QUICK) {
            throw new org.mplbench.config.ConfigException("-Dprofile", "quick is a Table 2 profile; synthetic-cifar has "
                    + "smoke and cpu");
        }
        boolean smoke = o.profile() == Profile.SMOKE;
        long steps = o.steps().orElse(smoke ? 4L : 1_500L);
        double scale = smoke ? 0.02 : 1.0;
        List<Long> seeds = o.seeds().orElse(List.of(0L));
        long splitSeed = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        Path dir = o.resultsDir(name());
        ProvenanceProbe probe = ProvenanceProbe.of(o.root());
        String config = String.format(Locale.ROOT, "wrn28-2 paper and reference-code, supervised, batch %d, steps %d, lr 0.05 cosine, "
                + "nesterov 0.9, wd 5e-4, smoothing 0.15, weak aug, synthetic scale %s, split seed %d", BATCH, steps, scale, splitSeed);
        Provenance prov = null;
        VisionData data = SyntheticCifar.generate(1, scale);
        SplitSpec spec = smoke ? SplitSpec.CIFAR10_4K.withLabeledPerClass(20, 10) : SplitSpec.CIFAR10_4K;
        SslSplit split = SslSplit.draw(spec, data.train(), data.train().size(), splitSeed);
        split.write(dir.resolve("labelmap.csv"), data.train());
        List<ResultRow> rows = new ArrayList<>();
        for (String variant : List.of("wrn28-2-paper", "wrn28-2-reference-code")) {
            for (long seed : seeds) {
                RunSpec run = new RunSpec(name(), spec.name(), data.dataset(), data.source(), "supervised", variant, seed,
                        splitSeed, o.profile().id(), probe.engine().engine() + " " + probe.engine().version(),
                        Map.of("config", config));
                RunId id = run.id();
                prov = probe.forConfig(run.configHash());
                AtomicText.write(dir.resolve("runs").resolve(id.fileKey() + ".json"), run.toJson());
                Engine.getInstance().setRandomSeed((int) seed);
                try (NDManager base = NDManager.newBaseManager();
                        BatchPipeline pipeline = BatchPipeline.builder().setImages(data.train())
                                .setLabeled(split.labeled(), BATCH, WeakAugment.standard())
                                .optSeed(seed).optThreads(threads).build();
                        Progress progress = Progress.start(variant + " seed " + seed, steps, o.progress())) {
                    Network net = Network.create((variant.endsWith("paper") ? WideResNet.paper(10) : WideResNet.referenceCode(10))
                            .build(), base, DataType.FLOAT32,
                            new Shape(1, 3, 32, 32));
                    Sgd sgd = Sgd.builder().setLearningRate(s -> 0.05 * 0.5 * (1 + Math.cos(Math.PI * s / steps)))
                            .optMomentum(0.9).optNesterov(true).optWeightDecay(5e-4).optDecayBatchNorm(true).build();
                    try (SslMethod method = MethodRegistry.get("supervised", "default").build(MethodArgs.builder()
                            .setNetworks(() -> net).setOptimizers(role -> sgd).setSteps(steps).optLabelSmoothing(0.15).build())) {
                        TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(new PipelineBatches(pipeline))
                                .setSteps(steps).optLogEvery(Math.max(1, steps / 20))
                                .addListener(new ProgressListener(progress::step, progress::message)).build();
                        double wall = loop.run(base);
                        int nTest = data.test().size();
                        double acc = ImageEvaluation.accuracy(net, data.test(), data.normalization(), nTest, 250, base);
                        double trainAcc = ImageEvaluation.accuracy(net, labeledView(data, split), data.normalization(),
                                split.labeled().length, 250, base);
                        double batchStatsAcc = ImageEvaluation.accuracy(net, data.test(), data.normalization(), nTest, 250, base,
                                true);
                        double ms = wall * 1000 / steps;
                        rows.add(new ResultRow(id, "acc_test", acc, steps, wall, ms, prov));
                        rows.add(new ResultRow(id, "acc_labeled", trainAcc, steps, wall, ms, prov));
                        rows.add(new ResultRow(id, "acc_test_batch_stats", batchStatsAcc, steps, wall, ms, prov));
                        progress.println(String.format(Locale.ROOT, "%s seed %d: test accuracy %.2f %%, labeled-set accuracy %.2f %%, %.0f ms/step",
                                variant, seed, 100 * acc, 100 * trainAcc, ms));
                    }
                }
            }
        }
        ResultsCsv.write(dir.resolve("runs.csv"), rows);
        String md = SyntheticCifarReport.markdown(new SyntheticCifarReport.Setup(o.profile().id(), split.labeled().length,
                spec.name(), splitSeed, data.test().size(), steps, BATCH, threads, config), rows);
        AtomicText.write(dir.resolve("table.md"), md);
        System.out.println("wrote " + dir.resolve("runs.csv") + " and table.md");
    }

    private static ImageSet labeledView(VisionData data, SslSplit split) {
        return new Subset(data.train(), split.labeled());
    }
}
