package org.mplbench.experiments.vision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.mplbench.augment.Augmentation;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.engine.Autograd;
import org.mplbench.engine.EngineInfo;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.Losses;

/**
 * {@code -Dbench=vision}: throughput of the vision stack on synthetic-cifar images. Weak + strong
 * augmentation on one thread (per variant), the full batch pipeline on all cores (labeled 64 weak +
 * unlabeled 448 weak and strong, as one MPL step at μ = 7), and WRN-28-2 forward + backward at batch
 * 64 with the engine's thread count ({@code OMP_NUM_THREADS}). Median, min and max over repetitions
 * after a warm-up.
 */
public final class VisionBench {

    private static final int REPS = 7;

    private VisionBench() {}

    public static void run(PrintStream out) throws Exception {
        EngineInfo engine = EngineInfo.current();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Vision benchmark: engine %s %s on %s, OMP_NUM_THREADS %s, %d cores, Java %s%n",
                engine.engine(), engine.version(), engine.device(), engine.threads(), cores, System.getProperty("java.version"));
        out.printf(Locale.ROOT, "%-44s %12s %12s %12s %10s%n", "case", "median", "min", "max", "unit");
        ImageSet images = SyntheticCifar.images(3, 0, 4096);
        for (RandAugment.Variant v : RandAugment.Variant.values()) {
            StrongAugment strong = new StrongAugment(RandAugment.of(v));
            WeakAugment weak = WeakAugment.standard();
            report(out, "augment weak+strong 1 thread, " + v.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    () -> augmentRate(images, weak, strong, 20_000), "img/s");
        }
        try (BatchPipeline p = BatchPipeline.builder().setImages(images)
                .setLabeled(range(0, 400), 64, WeakAugment.standard())
                .optUnlabeled(range(0, images.size()), 448, WeakAugment.standard(),
                        new StrongAugment(RandAugment.of(RandAugment.Variant.REFERENCE_CODE)))
                .optThreads(cores).optSeed(1).build()) {
            long[] step = {0};
            report(out, "pipeline 64+448 (weak+strong), " + cores + " threads", () -> {
                long t0 = System.nanoTime();
                int n = 0;
                for (int i = 0; i < 10; i++) {
                    try {
                        p.build(step[0]++);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    n += 64 + 448;
                }
                return n / ((System.nanoTime() - t0) / 1e9);
            }, "img/s");
        }
        wrn(out);
    }

    private static double augmentRate(ImageSet images, Augmentation weak, Augmentation strong, int n) {
        Augmentation.Scratch s = new Augmentation.Scratch(images.imageBytes());
        byte[] a = new byte[images.imageBytes()];
        byte[] b = new byte[images.imageBytes()];
        SplittableRandom rng = new SplittableRandom(5);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            images.read(i % images.size(), a, 0);
            System.arraycopy(a, 0, b, 0, a.length);
            weak.apply(a, 32, 32, rng, s);
            strong.apply(b, 32, 32, rng, s);
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static void wrn(PrintStream out) {
        Engine.getInstance().setRandomSeed(0);
        try (NDManager base = NDManager.newBaseManager()) {
            Network net = Network.create(WideResNet.referenceCode(10).build(), base, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            NDArray x = base.randomNormal(new Shape(64, 3, 32, 32));
            NDArray y = base.randomInteger(0, 10, new Shape(64), DataType.INT32);
            report(out, "WRN-28-2 forward+backward, batch 64", () -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    try (NDManager scope = base.newSubManager(); GradientCollector gc = Autograd.record()) {
                        // Results land in the first operand's manager: inputs must live in the scope.
                        NDArray loss = Losses.labelSmoothedCrossEntropy(net.forward(inScope(x, scope), true),
                                inScope(y, scope), 0);
                        net.clearGradients();
                        gc.backward(loss);
                        loss.getFloat();
                    }
                }
                return 3 * 64 / ((System.nanoTime() - t0) / 1e9);
            }, "img/s", 11);
            report(out, "WRN-28-2 inference forward, batch 64", () -> {
                long t0 = System.nanoTime();
                for (int i = 0; i < 3; i++) {
                    try (NDManager scope = base.newSubManager()) {
                        net.forward(inScope(x, scope), false).getFloat(0, 0);
                    }
                }
                return 3 * 64 / ((System.nanoTime() - t0) / 1e9);
            }, "img/s", 11);
        }
    }

    private static NDArray inScope(NDArray a, NDManager scope) {
        NDArray c = a.duplicate();
        c.attach(scope);
        return c;
    }

    private static void report(PrintStream out, String name, DoubleSupplier rate, String unit) {
        report(out, name, rate, unit, REPS);
    }

    private static void report(PrintStream out, String name, DoubleSupplier rate, String unit, int reps) {
        rate.getAsDouble(); // warm-up
        double[] r = new double[reps];
        for (int i = 0; i < reps; i++) {
            r[i] = rate.getAsDouble();
        }
        Arrays.sort(r);
        out.printf(Locale.ROOT, "%-44s %12.1f %12.1f %12.1f %10s%n", name, r[reps / 2], r[0], r[reps - 1], unit);
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
