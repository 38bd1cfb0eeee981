package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;

/**
 * MPL trains bit for bit the same while a thread runs the garbage collector every millisecond beside it. An
 * engine that reads memory a Java object owns after that object is gone (DJL's PyTorch engine did, in
 * a number times an array and in copies: {@code engine.Scalars}, {@code engine.ArrayCopy}) reads
 * freed memory here, whose first bytes glibc overwrites with its free-list pointers at once.
 */
class GcPressureTest {

    private static final int STEPS = 6;

    private record Outcome(double[] teacher, double[] student, Map<String, Double> log) {}

    private static Sgd sgd(double lr) {
        // weight decay: the optimiser copies each weight every step
        return Sgd.builder().setLearningRate(lr).optMomentum(0.9).optNesterov(true).optWeightDecay(1e-3).build();
    }

    /** An MLP on points, or (image) a small WRN with batch norm and dropout on 8×8 images. */
    private static Network net(NDManager m, int seed, DataType type, boolean image) {
        Engine.getInstance().setRandomSeed(seed);
        if (image) {
            return Network.create(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0.3).build(), m,
                    type, new Shape(1, 3, 8, 8));
        }
        return Network.create(Mlp.builder().optHidden(8).setOutputs(3).optInitRange(1.0).build(), m, type, new Shape(1, 2));
    }

    private static SslBatch batch(NDManager scope, int step, DataType type, boolean image) {
        Engine.getInstance().setRandomSeed(100 + step);
        Shape point = image ? new Shape(3, 8, 8) : new Shape(2);
        NDArray x_l = scope.randomNormal(new Shape(8).addAll(point), type);
        NDArray y_l = scope.create(new int[] {0, 1, 2, 1, 0, 2, 2, 1});
        return new SslBatch(x_l, y_l, scope.randomNormal(new Shape(16).addAll(point), type),
                scope.randomNormal(new Shape(16).addAll(point), type), scope);
    }

    /** Every feature whose code multiplies by numbers or copies arrays: UDA, smoothing, EMA, micro-batches, finetuning. */
    private static Outcome run(DataType type, MplConfig config, boolean image) {
        try (NDManager m = NDManager.newBaseManager()) {
            MetaPseudoLabels.Builder b = MetaPseudoLabels.builder()
                    .setTeacher(net(m, 1, type, image), sgd(0.3))
                    .setStudent(net(m, 2, type, image), sgd(0.2))
                    .optConfig(config).optLabelSmoothing(0.1).optSeed(5)
                    .optStudentEma(net(m, 3, type, image), 0.9, true)
                    .optMicroBatches(MicroBatches.of(2))
                    .optUda(new UdaConfig(0.7, 0.3, 2.0, 0, false))
                    .optFinetune(STEPS - 1, sgd(0.05));
            try (MetaPseudoLabels mpl = b.build()) {
                Map<String, Double> log = null;
                for (int step = 0; step < STEPS; step++) {
                    try (NDManager scope = m.newSubManager()) {
                        SslBatch x = batch(scope, step, type, image);
                        Engine.getInstance().setRandomSeed(7 + step);
                        log = mpl.step(x, step).read();
                    }
                }
                return new Outcome(values(mpl.teacher()), values(mpl.student()), log);
            }
        }
    }

    private static double[] values(Network net) {
        return net.weights().stream().flatMapToDouble(w -> java.util.Arrays.stream(w.toType(DataType.FLOAT64, false)
                .toDoubleArray())).toArray();
    }

    private static Outcome underPressure(DataType type, MplConfig config, boolean image) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong collections = new AtomicLong();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                collections.incrementAndGet();
                try {
                    Thread.sleep(1); // the training thread still gets most of the time between safepoints
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-pressure");
        collector.setDaemon(true);
        collector.start();
        try {
            return run(type, config, image);
        } finally {
            stop.set(true);
            collector.join();
            assertThat(collections.get()).as("collections during the run").isGreaterThan(STEPS);
        }
    }

    private static void assertSame(DataType type, MplConfig config, boolean image) throws InterruptedException {
        Outcome quiet = run(type, config, image);
        Outcome pressed = underPressure(type, config, image);
        assertThat(pressed.teacher()).as("teacher, %s", type).containsExactly(quiet.teacher());
        assertThat(pressed.student()).as("student, %s", type).containsExactly(quiet.student());
        assertThat(pressed.log()).as("logged scalars, %s", type).isEqualTo(quiet.log());
        assertThat(quiet.log().values()).allMatch(Double::isFinite);
    }

    @Test
    void hardLabelsTrainTheSameUnderACollectorRunningEveryMillisecond() throws InterruptedException {
        assertSame(DataType.FLOAT32, MplConfig.paper(), false);
        assertSame(DataType.FLOAT64, MplConfig.referenceCode(), false);
    }

    @Test
    void softLabelsTrainTheSameUnderACollectorRunningEveryMillisecond() throws InterruptedException {
        assertSame(DataType.FLOAT32, MplConfig.soft(), false);
    }

    @Test
    void anImageNetworkWithBatchNormAndDropoutTrainsTheSameUnderACollectorRunningEveryMillisecond()
            throws InterruptedException {
        assertSame(DataType.FLOAT32, MplConfig.paper(), true);
    }
}
