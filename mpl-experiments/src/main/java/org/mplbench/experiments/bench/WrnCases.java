package org.mplbench.experiments.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.experiments.methods.MethodArgs;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.nn.Network;
import org.mplbench.nn.Precision;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.PipelineBatches;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.WarmupCosine;

/**
 * WRN-28-2 training steps on synthetic-cifar batches from the augmentation pipeline, as the Table 2
 * runner trains: the supervised step, the MPL step (UDA teacher, student EMA) at several batch
 * sizes, and a long MPL run for resident memory. The network is the reference code's WRN-28-2
 * (16-channel stem, 0.429 GFLOP forward per 32×32 image), the one the PyTorch timings ran.
 */
final class WrnCases {

    private WrnCases() {}

    static List<BenchCase> all() {
        return List.of(new Supervised64(Precision.FP32), new MplStep(8, 2, 1, 5, 30), new MplStep(16, 7, 1, 3, 10),
                new MplStep(64, 7, 1, 2, 5), new MplStep(64, 7, 4, 2, 5), new MplMemory(),
                new Supervised64(Precision.BF16), new MplStep(8, 2, 1, Precision.BF16, 5, 30),
                new MplStep(16, 7, 1, Precision.BF16, 3, 10));
    }

    /** A case name's suffix and a description's clause for the convolutions' precision. */
    private static String suffix(Precision p) {
        return p == Precision.FP32 ? "" : "-bf16";
    }

    private static String clause(Precision p) {
        return p == Precision.FP32 ? "" : ", bf16 convolutions (float32 weights)";
    }

    /** A network, its method and a loop over pipeline batches. */
    private record Setup(NDManager base, BatchPipeline pipeline, SslMethod method, TrainLoop loop, double flopsPerExample)
            implements AutoCloseable {

        double stepFlops(long step, long labeled, long unlabeled) {
            return method.work(step, labeled, unlabeled, unlabeled > 0).flops(flopsPerExample);
        }

        /** Runs step {@code s} (after {@code base} warm-up calls the loop is past JIT and pool warm-up). */
        void step(long s) {
            loop.run(base, s, s + 1);
        }

        @Override
        public void close() {
            method.close();
            pipeline.close();
            base.close();
        }
    }

    private static Setup setup(int labeled, int mu, String preset) {
        return setup(labeled, mu, 1, preset, Precision.FP32);
    }

    private static Setup setup(int labeled, int mu, int microBatches, String preset, Precision precision) {
        Engine.getInstance().setRandomSeed(0);
        NDManager base = NDManager.newBaseManager();
        ImageSet images = SyntheticCifar.images(3, 0, 4096);
        int cores = Runtime.getRuntime().availableProcessors();
        BatchPipeline.Builder pb = BatchPipeline.builder().setImages(images)
                .setLabeled(Reps.range(0, 400), labeled, WeakAugment.standard()).optThreads(cores).optSeed(1);
        if (mu > 0) {
            pb.optUnlabeled(Reps.range(0, images.size()), labeled * mu, WeakAugment.standard(),
                    new StrongAugment(RandAugment.of(RandAugment.Variant.REFERENCE_CODE)));
        }
        BatchPipeline pipeline = pb.build();
        MethodArgs.Builder args = MethodArgs.builder().setNetworks(() -> wrn(base, precision)).setOptimizers(role -> sgd())
                .setSteps(Long.MAX_VALUE).optLabelSmoothing(0.15).optMicroBatches(microBatches);
        if (mu > 0) {
            args.optUda(UdaConfig.cifar(5_000)).optEma(0.995).optSeed(1);
        }
        SslMethod method = (mu == 0 ? MethodRegistry.get("supervised", "default") : MethodRegistry.get("mpl", preset))
                .build(args.build());
        TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(new PipelineBatches(pipeline))
                .setSteps(Long.MAX_VALUE).optSeed(1).optLogEvery(1).build();
        return new Setup(base, pipeline, method, loop, method.evaluationModel().forwardFlopsPerExample());
    }

    private static Network wrn(NDManager base, Precision precision) {
        return Network.create(WideResNet.referenceCode(10).build(), base, DataType.FLOAT32, new Shape(1, 3, 32, 32),
                precision);
    }

    private static Sgd sgd() {
        // past warm-up: the measured steps update both networks at a real rate
        return Sgd.builder().setLearningRate(WarmupCosine.of(0.05, 0, 1, 300_000)).optMomentum(0.9).optNesterov(true)
                .optWeightDecay(5e-4).build();
    }

    private static Measurement timeSteps(Setup s, int warmup, int reps, int labeled, int unlabeled, String detail)
            throws Exception {
        long[] step = {0};
        double[] seconds = Reps.time(warmup, reps, () -> s.step(step[0]++));
        return new Measurement(seconds, 1, warmup, labeled + unlabeled, s.stepFlops(step[0], labeled, unlabeled),
                null, detail);
    }

    static final class Supervised64 extends NamedCase {
        private final Precision precision;

        Supervised64(Precision precision) {
            super("wrn-supervised-b64" + suffix(precision),
                    "WRN-28-2 supervised step (forward, backward, Nesterov update), batch 64, pipeline batches"
                            + clause(precision), true, true);
            this.precision = precision;
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            try (Setup s = setup(64, 0, 1, null, precision)) {
                return timeSteps(s, settings.warmupOr(5), settings.repsOr(30), 64, 0, "label smoothing 0.15");
            }
        }
    }

    /** The MPL step; in micro-batches its detail and the peak resident memory show what they save. */
    static final class MplStep extends NamedCase {
        private final int labeled;
        private final int mu;
        private final int micro;
        private final Precision precision;
        private final int warmup;
        private final int reps;

        MplStep(int labeled, int mu, int micro, int warmup, int reps) {
            this(labeled, mu, micro, Precision.FP32, warmup, reps);
        }

        MplStep(int labeled, int mu, int micro, Precision precision, int warmup, int reps) {
            super("mpl-" + labeled + "mu" + mu + (micro == 1 ? "" : "-micro" + micro) + suffix(precision),
                    "WRN-28-2 MPL step, labeled " + labeled + ", mu " + mu + " (" + labeled * mu
                            + " unlabeled, weak + strong), UDA teacher, student EMA"
                            + (micro == 1 ? "" : ", in " + micro + " micro-batches (gradients summed)") + clause(precision),
                    true, true);
            this.labeled = labeled;
            this.mu = mu;
            this.micro = micro;
            this.precision = precision;
            this.warmup = warmup;
            this.reps = reps;
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            String preset = settings.presetOr("reference-code");
            try (Setup s = setup(labeled, mu, micro, preset, precision)) {
                Measurement m = timeSteps(s, settings.warmupOr(warmup), settings.repsOr(reps), labeled, labeled * mu, "");
                return new Measurement(m.secondsPerRep(), m.stepsPerRep(), m.warmupReps(), m.examplesPerStep(),
                        m.flopsPerStep(), m.rss(), String.format(Locale.ROOT, "preset %s, peak RSS %.0f MB", preset,
                                Reps.peakRssKb() / 1024.0));
            }
        }
    }

    /** Resident memory over a long MPL run at the cheapest configuration the suite benchmarks. */
    static final class MplMemory extends NamedCase {
        MplMemory() {
            super("rss-mpl", "resident memory over 500 WRN-28-2 MPL steps (labeled 8, mu 2), growth after the first tenth",
                    true, true);
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            String preset = settings.presetOr("reference-code");
            int steps = settings.stepsOr(500);
            try (Setup s = setup(8, 2, preset)) {
                return Memory.run(steps, 1, s::step, 8 + 16, s.stepFlops(0, 8, 16), "preset " + preset + ", " + steps + " steps");
            }
        }
    }
}
