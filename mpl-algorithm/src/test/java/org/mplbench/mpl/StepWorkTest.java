package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepWork;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;

/** The work an MPL step declares (for FLOP counts) is the work it does. */
class StepWorkTest {

    @ParameterizedTest
    @ValueSource(strings = {"paper", "reference-code", "soft"})
    void declaredExamplesAreTheExamplesThroughTheNetworks(String preset) {
        try (NDManager m = NDManager.newBaseManager()) {
            Network teacher = wrn(m, 1);
            Network student = wrn(m, 2);
            try (MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                    .setTeacher(teacher, Sgd.builder().setLearningRate(0.1).build())
                    .setStudent(student, Sgd.builder().setLearningRate(0.1).build())
                    .optConfig(MplConfig.preset(preset)).optUda(UdaConfig.cifar(0))
                    .optFinetune(1, Sgd.builder().setLearningRate(0.1).build()).optSeed(3).build()) {
                for (int step = 0; step < 2; step++) { // step 1 is the finetuning phase
                    long before = teacher.forwardedExamples() + student.forwardedExamples();
                    try (NDManager scope = m.newSubManager()) {
                        Engine.getInstance().setRandomSeed(step);
                        mpl.step(new SslBatch(scope.randomNormal(new Shape(4, 3, 8, 8)), scope.create(new int[] {0, 1, 2, 1}),
                                scope.randomNormal(new Shape(6, 3, 8, 8)), scope.randomNormal(new Shape(6, 3, 8, 8)), scope), step);
                    }
                    long done = teacher.forwardedExamples() + student.forwardedExamples() - before;
                    StepWork work = mpl.work(step, 4, 6, true);
                    assertThat(work.forwardedExamples()).as("step %d", step).isEqualTo(done);
                }
            }
        }
    }

    @Test
    void referenceCodeStepAt16Mu7IsTheHandCount() {
        // teacher: 16 + 2·112 forward + backward; student: 16 + 112; one forward on x_l after its step
        try (NDManager m = NDManager.newBaseManager();
                MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                        .setTeacher(wrn(m, 1), Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(wrn(m, 2), Sgd.builder().setLearningRate(0.1).build())
                        .optConfig(MplConfig.referenceCode()).optUda(UdaConfig.cifar(0)).build()) {
            StepWork w = mpl.work(0, 16, 112, true);
            assertThat(w).isEqualTo(new StepWork(240 + 128, 16));
            assertThat(w.flops(1.0)).isEqualTo(3 * 368 + 16);
        }
    }

    @Test
    void onlySampledLabelsOrDropoutNeedTheEngineReseeded() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (String preset : new String[] {"paper", "reference-code", "soft"}) {
                MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                        .setTeacher(wrn(m, 1), Sgd.builder().setLearningRate(0.1).build())
                        .setStudent(wrn(m, 2), Sgd.builder().setLearningRate(0.1).build())
                        .optConfig(MplConfig.preset(preset)).build();
                // paper samples its pseudo labels (Gumbel noise from the engine); the others take argmax
                assertThat(mpl.drawsEngineRandomness()).as(preset).isEqualTo(preset.equals("paper"));
            }
            Engine.getInstance().setRandomSeed(4);
            Network dropout = Network.create(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0.2)
                    .build(), m, DataType.FLOAT32, new Shape(1, 3, 8, 8));
            MetaPseudoLabels mpl = MetaPseudoLabels.builder()
                    .setTeacher(wrn(m, 1), Sgd.builder().setLearningRate(0.1).build())
                    .setStudent(dropout, Sgd.builder().setLearningRate(0.1).build())
                    .optConfig(MplConfig.referenceCode()).build();
            assertThat(mpl.drawsEngineRandomness()).isTrue();
        }
    }

    private static Network wrn(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return Network.create(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0).build(), m,
                DataType.FLOAT32, new Shape(1, 3, 8, 8));
    }
}
