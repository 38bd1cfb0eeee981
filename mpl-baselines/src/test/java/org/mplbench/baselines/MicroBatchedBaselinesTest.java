package org.mplbench.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;

/** Each baseline's step in micro-batches equals its whole-batch step (float64 MLPs, no batch norm). */
class MicroBatchedBaselinesTest {

    private static final int STEPS = 4;

    private record Outcome(double[] weights, Map<String, Double> log) {}

    private static Network mlp(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return Network.create(Mlp.builder().optHidden(8).setOutputs(3).optInitRange(1).build(), m, DataType.FLOAT64,
                new Shape(1, 2));
    }

    private static Sgd sgd() {
        return Sgd.builder().setLearningRate(0.3).optMomentum(0.9).optNesterov(true).optWeightDecay(1e-3).build();
    }

    private static SslBatch batch(NDManager scope, int step) {
        Engine.getInstance().setRandomSeed(50 + step);
        return new SslBatch(scope.randomNormal(new Shape(8, 2), DataType.FLOAT64),
                scope.create(new int[] {0, 1, 2, 1, 0, 2, 2, 1}), scope.randomNormal(new Shape(24, 2), DataType.FLOAT64),
                scope.randomNormal(new Shape(24, 2), DataType.FLOAT64), scope);
    }

    private static Outcome run(BiFunction<NDManager, MicroBatches, SslMethod> method, int k) {
        try (NDManager m = NDManager.newBaseManager(); SslMethod sslMethod = method.apply(m, MicroBatches.of(k))) {
            Map<String, Double> log = null;
            for (int step = 0; step < STEPS; step++) {
                try (NDManager scope = m.newSubManager()) {
                    log = sslMethod.step(batch(scope, step), step).read();
                }
            }
            double[] w = sslMethod.evaluationModel().weights().stream()
                    .flatMapToDouble(a -> Arrays.stream(a.toDoubleArray())).toArray();
            return new Outcome(w, log);
        }
    }

    private static void assertSameSteps(BiFunction<NDManager, MicroBatches, SslMethod> method) {
        Outcome whole = run(method, 1);
        for (int k : new int[] {2, 4, 8}) {
            Outcome parts = run(method, k);
            assertThat(parts.weights()).as("%d micro-batches", k).containsExactly(whole.weights(), within(1e-12));
            assertThat(parts.log().keySet()).containsExactlyElementsOf(whole.log().keySet());
            whole.log().forEach((key, v) -> assertThat(parts.log().get(key)).as(key).isCloseTo(v, within(1e-12)));
        }
        try (NDManager m = NDManager.newBaseManager(); SslMethod untouched = method.apply(m, MicroBatches.ONE)) {
            NDArray first = untouched.evaluationModel().weights().get(0);
            assertThat(Math.abs(first.toDoubleArray()[0] - whole.weights()[0])).as("the weights moved").isGreaterThan(1e-6);
        }
    }

    @Test
    void supervised() {
        assertSameSteps((m, micro) -> Supervised.builder().setModel(mlp(m, 1), sgd()).optLabelSmoothing(0.1)
                .optEma(mlp(m, 2), 0.9, true).optMicroBatches(micro).build());
    }

    @Test
    void uda() {
        assertSameSteps((m, micro) -> Uda.builder().setModel(mlp(m, 1), sgd()).setUda(new UdaConfig(0.7, 0.3, 2.0, 0, false))
                .optLabelSmoothing(0.1).optMicroBatches(micro).build());
    }

    @Test
    void pseudoLabelsBothPhases() {
        // two teacher steps, then the student learns from the frozen teacher's confident labels
        assertSameSteps((m, micro) -> PseudoLabels.builder().setTeacher(mlp(m, 1), sgd()).setStudent(mlp(m, 3), sgd())
                .setTeacherSteps(2).optThreshold(0.4).optStudentLabelSmoothing(0.1).optMicroBatches(micro).build());
    }
}
