package org.mplbench.experiments.vision;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.engine.EngineInfo;
import org.mplbench.mpl.MetaPseudoLabels;
import org.mplbench.mpl.MplConfig;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.PipelineBatches;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.WarmupCosine;

/**
 * {@code -Dbench=mpl-step}: wall time of full MPL steps on WRN-28-2 — teacher with UDA, student,
 * EMA, batches from the augmentation pipeline — at labeled batch {@code -Dbench.labeled} (16) and
 * {@code -Dbench.mu} (7), for the {@code reference-code} preset (the work of the PyTorch code it is
 * compared with) and the {@code paper} preset (two extra labeled forwards for paired feedback).
 * Median, min and max per step after warm-up steps, and the process's resident memory over the
 * timed steps (it must stay flat).
 */
public final class MplStepBench {

    private MplStepBench() {}

    public static void run(PrintStream out, Properties p) throws Exception {
        int labeled = Integer.parseInt(p.getProperty("bench.labeled", "16"));
        int mu = Integer.parseInt(p.getProperty("bench.mu", "7"));
        int steps = Integer.parseInt(p.getProperty("bench.steps", "20"));
        int warmup = Integer.parseInt(p.getProperty("bench.warmup", "3"));
        String[] presets = p.getProperty("bench.presets", "reference-code,paper").split(",");
        EngineInfo engine = EngineInfo.current();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "MPL step benchmark: WRN-28-2, labeled %d, mu %d (%d unlabeled, weak + strong), "
                        + "UDA teacher, student EMA; engine %s %s on %s, OMP_NUM_THREADS %s, %d cores, Java %s%n",
                labeled, mu, labeled * mu, engine.engine(), engine.version(), engine.device(), engine.threads(), cores,
                System.getProperty("java.version"));
        ImageSet images = SyntheticCifar.images(3, 0, 4096);
        for (String preset : presets) {
            MplConfig config = MplConfig.preset(preset);
            Engine.getInstance().setRandomSeed(0);
            try (NDManager base = NDManager.newBaseManager();
                    BatchPipeline pipeline = BatchPipeline.builder().setImages(images)
                            .setLabeled(range(0, 400), labeled, WeakAugment.standard())
                            .optUnlabeled(range(0, images.size()), labeled * mu, WeakAugment.standard(),
                                    new StrongAugment(RandAugment.of(RandAugment.Variant.PAPER)))
                            .optThreads(cores).optSeed(1).build()) {
                MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                        .setTeacher(wrn(base), sgd())
                        .setStudent(wrn(base), sgd())
                        .optConfig(config).optUda(UdaConfig.cifar(5_000)).optLabelSmoothing(0.15)
                        .optStudentEma(wrn(base), 0.995, true).optSeed(1).build();
                TrainLoop loop = TrainLoop.builder().setMethod(mpl).setBatches(new PipelineBatches(pipeline))
                        .setSteps(warmup + steps).optSeed(1).optLog(1, (s, m) -> { }).build();
                loop.run(base, 0, warmup);
                double[] ms = new double[steps];
                long rssStart = rssKb();
                long rssMax = rssStart;
                for (int s = 0; s < steps; s++) {
                    ms[s] = loop.run(base, warmup + s, warmup + s + 1) * 1000;
                    rssMax = Math.max(rssMax, rssKb());
                }
                long rssEnd = rssKb();
                mpl.close();
                double[] sorted = ms.clone();
                Arrays.sort(sorted);
                double median = sorted[steps / 2];
                out.printf(Locale.ROOT, "%-16s median %8.1f ms/step  min %8.1f  max %8.1f  (%d steps after %d warm-up)  "
                                + "%.1f labeled+unlabeled img/s  RSS %d -> %d MB (max %d)%n",
                        preset, median, sorted[0], sorted[steps - 1], steps, warmup,
                        labeled * (1 + mu) * 1000 / median, rssStart / 1024, rssEnd / 1024, rssMax / 1024);
            }
        }
    }

    private static Network wrn(NDManager base) {
        return Network.create(WideResNet.paper(10).build(), base, DataType.FLOAT32, new Shape(1, 3, 32, 32));
    }

    private static Sgd sgd() {
        // past warm-up: the measured steps update both networks at a real rate
        return Sgd.builder().setLearningRate(WarmupCosine.of(0.05, 0, 1, 300_000)).optMomentum(0.9).optNesterov(true)
                .optWeightDecay(5e-4).build();
    }

    /** Resident set size of this process in kB (Linux), or -1. */
    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
