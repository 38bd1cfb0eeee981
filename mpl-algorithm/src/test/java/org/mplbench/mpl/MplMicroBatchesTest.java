package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mplbench.engine.Autograd;
import org.mplbench.mpl.MplConfig.OldLoss;
import org.mplbench.mpl.MplConfig.PseudoLabelRule;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;

/**
 * Gradient accumulation over micro-batches gives the MPL step of the whole batch where batch norm does
 * not interfere (float64 MLPs: equal to rounding), and with batch norm each micro-batch is normalised on
 * its own while the running statistics move once per micro-batch.
 */
class MplMicroBatchesTest {

    private static final int STEPS = 3;

    /** Teacher and student weights after {@link #STEPS} steps, and the last step's scalars. */
    private record Outcome(double[] teacher, double[] student, Map<String, Double> log) {}

    private static Sgd sgd(double lr) {
        return Sgd.builder().setLearningRate(lr).optMomentum(0.9).optNesterov(true).optWeightDecay(1e-3).build();
    }

    private static SslBatch batch(NDManager scope, int step) {
        Engine.getInstance().setRandomSeed(100 + step);
        NDArray x_l = scope.randomNormal(new Shape(8, 2), DataType.FLOAT64);
        NDArray y_l = scope.create(new int[] {0, 1, 2, 1, 0, 2, 2, 1});
        return new SslBatch(x_l, y_l, scope.randomNormal(new Shape(16, 2), DataType.FLOAT64),
                scope.randomNormal(new Shape(16, 2), DataType.FLOAT64), scope);
    }

    private static Outcome run(MplConfig config, boolean uda, int microBatches, int finetuneSteps) {
        try (NDManager m = NDManager.newBaseManager()) {
            MetaPseudoLabels.Builder b = MetaPseudoLabels.builder()
                    .setTeacher(Probe.mlp(m, 1, 1.0, 8, 3), sgd(0.3))
                    .setStudent(Probe.mlp(m, 2, 1.0, 8, 3), sgd(0.2))
                    .optConfig(config).optLabelSmoothing(0.1).optSeed(5)
                    .optStudentEma(Probe.mlp(m, 3, 1.0, 8, 3), 0.9, true)
                    .optMicroBatches(MicroBatches.of(microBatches));
            if (uda) {
                b.optUda(new UdaConfig(0.7, 0.3, 2.0, 0, false));
            }
            if (finetuneSteps > 0) {
                b.optFinetune(STEPS - finetuneSteps, sgd(0.05));
            }
            try (MetaPseudoLabels mpl = b.build()) {
                Map<String, Double> log = null;
                for (int step = 0; step < STEPS; step++) {
                    try (NDManager scope = m.newSubManager()) {
                        SslBatch x = batch(scope, step);
                        Engine.getInstance().setRandomSeed(7 + step); // as the loop: the same draws (sampled labels)
                        log = mpl.step(x, step).read();
                    }
                }
                return new Outcome(Probe.flatten(Probe.weights(mpl.teacher())), Probe.flatten(Probe.weights(mpl.student())),
                        log);
            }
        }
    }

    private static void assertSameStep(MplConfig config, boolean uda, int finetuneSteps) {
        Outcome whole = run(config, uda, 1, finetuneSteps);
        for (int k : new int[] {2, 4, 8}) {
            Outcome parts = run(config, uda, k, finetuneSteps);
            assertThat(parts.teacher()).as("teacher, %d micro-batches", k).containsExactly(whole.teacher(), within(1e-12));
            assertThat(parts.student()).as("student, %d micro-batches", k).containsExactly(whole.student(), within(1e-12));
            assertThat(parts.log().keySet()).containsExactlyElementsOf(whole.log().keySet());
            whole.log().forEach((key, v) -> assertThat(parts.log().get(key)).as(key).isCloseTo(v, within(1e-12)));
        }
        // both networks really moved: the comparison is not between untouched weights
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(maxDiff(whole.teacher(), Probe.flatten(Probe.weights(Probe.mlp(m, 1, 1.0, 8, 3))))).isGreaterThan(1e-3);
            assertThat(maxDiff(whole.student(), Probe.flatten(Probe.weights(Probe.mlp(m, 2, 1.0, 8, 3))))).isGreaterThan(1e-3);
        }
    }

    @Test
    void hardSampledLabelsWithUdaAccumulateToTheWholeBatchStep() {
        assertSameStep(MplConfig.paper(), true, 0);
    }

    @Test
    void pairedForwardsAndArgmaxLabelsAccumulateToTheWholeBatchStep() {
        assertSameStep(MplConfig.paper().toBuilder().optOldLoss(OldLoss.PAIRED_FORWARD)
                .optLabelRule(PseudoLabelRule.ARGMAX).optBaseline(true).build(), false, 0);
    }

    @Test
    void referenceCodeTermAccumulatesToTheWholeBatchStep() {
        assertSameStep(MplConfig.referenceCode(), true, 0);
    }

    @Test
    void softLabelsExactGradientAccumulatesToTheWholeBatchStep() {
        assertSameStep(MplConfig.soft(), false, 0);
    }

    @Test
    void finetuningAccumulatesToTheWholeBatchStep() {
        assertSameStep(MplConfig.paper(), false, 1);
    }

    private static Network bnTeacher(NDManager m) {
        return wrn(m, 11);
    }

    private static Network wrn(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return Network.create(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0).build(), m,
                DataType.FLOAT32, new Shape(1, 3, 8, 8));
    }

    private static SslBatch imageBatch(NDManager scope) {
        Engine.getInstance().setRandomSeed(12);
        return new SslBatch(scope.randomNormal(new Shape(4, 3, 8, 8)), scope.create(new int[] {0, 1, 2, 1}),
                scope.randomNormal(new Shape(8, 3, 8, 8)).add(1), scope.randomNormal(new Shape(8, 3, 8, 8)).mul(2), scope);
    }

    private static double[] buffers(Network net) {
        return doubles(net.buffers());
    }

    private static double[] doubles(java.util.List<NDArray> arrays) {
        return arrays.stream().flatMapToDouble(a -> java.util.Arrays.stream(a.toType(DataType.FLOAT64, false)
                .toDoubleArray())).toArray();
    }

    @Test
    void batchNormNormalisesEachMicroBatchAndItsStatisticsMoveOncePerMicroBatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            // What the teacher's running statistics should become: one training forward and backward on
            // each micro-batch [x_l_i, x_uw_i, x_us_i] in turn, from the same starting point.
            Network expected = bnTeacher(m);
            try (NDManager scope = m.newSubManager()) {
                SslBatch x = imageBatch(scope);
                for (int i = 0; i < 2; i++) {
                    NDArray part = NDArrays.concat(new NDList(x.x_l().split(2).get(i), x.x_uw().split(2).get(i),
                            x.x_us().split(2).get(i)));
                    try (GradientCollector gc = Autograd.record()) {
                        expected.clearGradients();
                        gc.backward(expected.forward(part, true).sum());
                    }
                }
            }
            double[] whole = null;
            for (int k : new int[] {1, 2}) {
                Network teacher = bnTeacher(m);
                double[] before = buffers(teacher);
                try (MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                        .setTeacher(teacher, Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(wrn(m, 13), Sgd.builder().setLearningRate(0.1).build())
                        .optMicroBatches(MicroBatches.of(k)).build();
                        NDManager scope = m.newSubManager()) {
                    mpl.step(imageBatch(scope), 0);
                    if (k == 1) {
                        whole = doubles(teacher.weights());
                        assertThat(buffers(teacher)).isNotEqualTo(before);
                    } else {
                        assertThat(buffers(teacher)).containsExactly(buffers(expected), within(1e-6));
                        // per-micro-batch statistics change the update: the equivalence needs no batch norm
                        assertThat(maxDiff(doubles(teacher.weights()), whole)).isGreaterThan(1e-5);
                    }
                }
            }
        }
    }

    private static double maxDiff(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
