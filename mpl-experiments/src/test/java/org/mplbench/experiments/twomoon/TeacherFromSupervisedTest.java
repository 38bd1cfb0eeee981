package org.mplbench.experiments.twomoon;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.data.TwoMoon;
import org.mplbench.experiments.methods.MethodArgs;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TwoMoonBatches;

/** A teacher "started from the Supervised model" is exactly the Supervised baseline's network. */
class TeacherFromSupervisedTest {

    @Test
    void theTeacherIsTrainedAsTheSupervisedBaselineIs() {
        TwoMoonSettings s = SweepCondition.FAITHFUL.withStars(true).settings(List.of(3L), 60);
        TwoMoon.Data data = TwoMoon.generate(s.data(), 3, TwoMoon.FIGURE_STARS);
        try (NDManager base = NDManager.newBaseManager();
                TwoMoonBatches batches = new TwoMoonBatches(data, s.unlabeledBatch(), 3, DataType.FLOAT32, base);
                TwoMoonBatches again = new TwoMoonBatches(data, s.unlabeledBatch(), 3, DataType.FLOAT32, base)) {
            Engine.getInstance().setRandomSeed(3);
            Network teacher = TwoMoonRun.newMlp(s, base);
            Engine.getInstance().setRandomSeed(3);
            Network supervisedNet = TwoMoonRun.newMlp(s, base);
            assertThat(teacher.weights().get(0).toFloatArray()).containsExactly(
                    supervisedNet.weights().get(0).toFloatArray());
            TwoMoonRun.supervise(teacher, batches, s, base);
            SslMethod supervised = MethodRegistry.get("supervised", "default").build(MethodArgs.builder()
                    .setNetworks(() -> supervisedNet).setOptimizers(r -> Sgd.builder().setLearningRate(s.lr()).build())
                    .setSteps(s.steps()).build());
            TrainLoop.builder().setMethod(supervised).setBatches(again).setSteps(s.steps()).build().run(base);
            for (int i = 0; i < teacher.weights().size(); i++) {
                assertThat(teacher.weights().get(i).toFloatArray()).as("weight %d", i)
                        .containsExactly(supervisedNet.weights().get(i).toFloatArray());
            }
            assertThat(teacher.weights().get(0).toFloatArray()).isNotEqualTo(
                    TwoMoonRun.newMlp(s, base).weights().get(0).toFloatArray());
        }
    }
}
