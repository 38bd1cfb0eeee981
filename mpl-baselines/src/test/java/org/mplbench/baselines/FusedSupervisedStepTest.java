package org.mplbench.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.engine.CompiledGraph;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.train.Sgd;
import org.mplbench.train.TwoMoonBatches;

/** The compiled supervised step against the recorded one: same losses and weights after every step, to rounding. */
class FusedSupervisedStepTest {

    private static Network mlp(NDManager m) {
        Engine.getInstance().setRandomSeed(5);
        return Network.create(Mlp.builder().optInitRange(1).build(), m, DataType.FLOAT32, new Shape(1, 2));
    }

    private static Supervised supervised(NDManager m, double eps, boolean fused) {
        return Supervised.builder().setModel(mlp(m), Sgd.builder().setLearningRate(0.5).optMomentum(0.9).build())
                .optLabelSmoothing(eps).optFusedStep(fused).build();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 0.1})
    void everyStepLogsAndLeavesWhatTheRecordedStepDoes(double eps) {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
            TwoMoon.Data data = TwoMoon.generate(TwoMoonConfig.paper(), 0);
            try (TwoMoonBatches batches = new TwoMoonBatches(data, 64, 0, DataType.FLOAT32, m);
                    Supervised fused = supervised(m, eps, true);
                    Supervised recorded = supervised(m, eps, false)) {
                assertThat(fused.fusedStep()).isTrue();
                assertThat(recorded.fusedStep()).isFalse();
                for (int step = 0; step < 40; step++) {
                    try (NDManager scope = m.newSubManager()) {
                        SslBatch batch = batches.next(scope, step);
                        double a = fused.step(batch, step).value("loss");
                        double b = recorded.step(batch, step).value("loss");
                        assertThat(Math.abs(a - b)).as("loss at step %d: %s vs %s", step, a, b)
                                .isLessThan(2e-5 * Math.max(1, Math.abs(b)));
                    }
                    // one step: the same update to float32 rounding; 40 steps with momentum 0.9 carry that rounding on
                    assertClose(fused, recorded, step == 0 ? 1e-6f : 2e-4f);
                }
                for (int i = 0; i < fused.model().weights().size(); i++) {
                    NDArray x = fused.model().weights().get(i);
                    assertThat(x.sub(mlpWeight(m, i)).abs().max().getFloat()).as("weight %d moved", i).isGreaterThan(0.01f);
                }
            }
        }
    }

    private static void assertClose(Supervised a, Supervised b, float tolerance) {
        for (int i = 0; i < a.model().weights().size(); i++) {
            NDArray x = a.model().weights().get(i);
            NDArray y = b.model().weights().get(i);
            assertThat(x.sub(y).abs().max().getFloat()).as("weight %d", i).isLessThan(tolerance);
        }
    }

    private static NDArray mlpWeight(NDManager m, int i) {
        return mlp(m).weights().get(i);
    }

    @Test
    void microBatchesStayRecorded() {
        try (NDManager m = NDManager.newBaseManager();
                Supervised s = Supervised.builder().setModel(mlp(m), Sgd.builder().setLearningRate(0.5).build())
                        .optMicroBatches(MicroBatches.of(2)).build()) {
            assertThat(s.fusedStep()).isFalse();
        }
    }
}
