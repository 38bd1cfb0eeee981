package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.engine.CompiledGraph;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslBatch;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainedNetwork;
import org.mplbench.train.TwoMoonBatches;

/**
 * The compiled TwoMoon step against the recorded one: from the same networks, on the same batches and
 * engine draws, both give the same logged values and weights after every step (float32: to rounding).
 */
class FusedMlpStepTest {

    private static final int STEPS = 40;

    private static MplConfig config(String name) {
        return switch (name) {
            case "reference-code" -> MplConfig.referenceCode();
            case "paper" -> MplConfig.paper().toBuilder().optOldLoss(MplConfig.OldLoss.JOINT_FORWARD).build();
            case "paper-paired" -> MplConfig.paper();
            case "no-feedback" -> MplConfig.paper().toBuilder().optFeedback(MplConfig.Feedback.OFF).build();
            case "h10-mpl-only" -> MplConfig.paper().toBuilder().optFeedbackScale(10).optTeacherSupervisedWeight(0)
                    .optLabelRule(MplConfig.PseudoLabelRule.ARGMAX).build();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Network mlp(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return Network.create(Mlp.builder().optInitRange(1).build(), m, DataType.FLOAT32, new Shape(1, 2));
    }

    private static MetaPseudoLabels mpl(NDManager m, MplConfig c, boolean fused) {
        return MetaPseudoLabels.builder().setTeacher(mlp(m, 1), Sgd.builder().setLearningRate(0.5).build())
                .setStudent(mlp(m, 2), Sgd.builder().setLearningRate(0.3).build()).optConfig(c).optFusedStep(fused)
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference-code", "paper", "paper-paired", "no-feedback", "h10-mpl-only"})
    void everyStepLogsAndLeavesWhatTheRecordedStepDoes(String name) {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
            TwoMoon.Data data = TwoMoon.generate(TwoMoonConfig.paper(), 0);
            try (TwoMoonBatches batches = new TwoMoonBatches(data, 64, 0, DataType.FLOAT32, m);
                    MetaPseudoLabels fused = mpl(m, config(name), true);
                    MetaPseudoLabels recorded = mpl(m, config(name), false)) {
                assertThat(fused.fusedStep()).isTrue();
                assertThat(recorded.fusedStep()).isFalse();
                // the amplified feedback amplifies rounding too: compared over its first steps only
                int steps = name.startsWith("h10") ? 5 : STEPS;
                for (int step = 0; step < steps; step++) {
                    Map<String, Double> a;
                    Map<String, Double> b;
                    try (NDManager scope = m.newSubManager()) {
                        SslBatch batch = batches.next(scope, step);
                        Engine.getInstance().setRandomSeed(100 + step);
                        a = fused.step(batch, step).read();
                        Engine.getInstance().setRandomSeed(100 + step);
                        b = recorded.step(batch, step).read();
                    }
                    assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
                    for (String key : a.keySet()) {
                        double gap = Math.abs(a.get(key) - b.get(key));
                        // t_loss carries h (a difference of two losses, so their rounding) times the scale
                        double scale = key.equals("t_loss") ? config(name).feedbackScale() : 1;
                        assertThat(gap).as("%s at step %d: %s vs %s", key, step, a.get(key), b.get(key))
                                .isLessThan(2e-5 * scale * Math.max(1, Math.abs(b.get(key))));
                    }
                }
                assertClose(fused.teacher(), recorded.teacher());
                assertClose(fused.student(), recorded.student());
            }
        }
    }

    private static void assertClose(Network a, Network b) {
        for (int i = 0; i < a.weights().size(); i++) {
            NDArray x = a.weights().get(i);
            NDArray y = b.weights().get(i);
            assertThat(x.sub(y).abs().max().getFloat()).as("weight %d", i).isLessThan(1e-4f);
        }
    }

    /** Saved after 5 steps and loaded into fresh networks, the compiled step continues bit for bit. */
    @Test
    void aResumedRunContinuesExactly(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
            TwoMoon.Data data = TwoMoon.generate(TwoMoonConfig.paper(), 0);
            MplConfig paper = config("paper");
            try (TwoMoonBatches batches = new TwoMoonBatches(data, 64, 0, DataType.FLOAT32, m);
                    TwoMoonBatches again = new TwoMoonBatches(data, 64, 0, DataType.FLOAT32, m);
                    MetaPseudoLabels whole = mpl(m, paper, true);
                    MetaPseudoLabels resumed = mpl(m, paper, true)) {
                for (int step = 0; step < 10; step++) {
                    if (step == 5) {
                        whole.save(dir);
                        resumed.load(dir);
                    }
                    try (NDManager scope = m.newSubManager()) {
                        SslBatch batch = batches.next(scope, step);
                        Engine.getInstance().setRandomSeed(100 + step);
                        whole.step(batch, step);
                    }
                    try (NDManager scope = m.newSubManager()) {
                        SslBatch batch = again.next(scope, step);
                        if (step >= 5) {
                            Engine.getInstance().setRandomSeed(100 + step);
                            resumed.step(batch, step);
                        }
                    }
                }
                for (int i = 0; i < 6; i++) {
                    assertThat(resumed.student().weights().get(i).toFloatArray())
                            .containsExactly(whole.student().weights().get(i).toFloatArray());
                    assertThat(resumed.teacher().weights().get(i).toFloatArray())
                            .containsExactly(whole.teacher().weights().get(i).toFloatArray());
                }
            }
        }
    }

    /** Each setting the graph does not cover is named; on the PyTorch engine the engine is. */
    @Test
    void unsupportedSettingsAreNamed() {
        try (NDManager m = NDManager.newBaseManager()) {
            TrainedNetwork t = new TrainedNetwork(mlp(m, 1),
                    Sgd.builder().setLearningRate(0.5).build(), null);
            TrainedNetwork s = new TrainedNetwork(mlp(m, 2),
                    Sgd.builder().setLearningRate(0.3).build(), null);
            MplConfig ref = MplConfig.referenceCode();
            if (!CompiledGraph.available()) {
                assertThat(FusedMlpStep.unsupported(t, s, ref, 0, false, 1, true)).contains("MXNet engine");
                return;
            }
            assertThat(FusedMlpStep.unsupported(t, s, ref, 0, false, 1, true)).isNull();
            assertThat(FusedMlpStep.unsupported(t, s, MplConfig.soft(), 0, false, 1, true)).contains("hard labels");
            assertThat(FusedMlpStep.unsupported(t, s, ref, 0.1, false, 1, true)).contains("label smoothing");
            assertThat(FusedMlpStep.unsupported(t, s, ref, 0, true, 1, true)).contains("UDA");
            assertThat(FusedMlpStep.unsupported(t, s, ref, 0, false, 2, true)).contains("micro-batches");
            TrainedNetwork momentum = new TrainedNetwork(mlp(m, 2),
                    Sgd.builder().setLearningRate(0.3).optMomentum(0.9).build(), null);
            assertThat(FusedMlpStep.unsupported(t, momentum, ref, 0, false, 1, true)).contains("not plain SGD");
            Network wide = Network.create(Mlp.builder().optHidden(16, 8).build(), m, DataType.FLOAT32, new Shape(1, 2));
            TrainedNetwork other = new TrainedNetwork(wide,
                    Sgd.builder().setLearningRate(0.3).build(), null);
            assertThat(FusedMlpStep.unsupported(t, other, ref, 0, false, 1, true)).contains("different layers");
            Network f64 = Network.create(Mlp.builder().build(), m, DataType.FLOAT64, new Shape(1, 2));
            assertThat(FusedMlpStep.unsupported(t, new TrainedNetwork(f64,
                    Sgd.builder().setLearningRate(0.3).build(), null), ref, 0, false, 1, true)).contains("float32 MLPs");
        }
    }

    @Test
    void whatTheGraphDoesNotCoverStaysRecorded() {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
            MplConfig soft = MplConfig.soft();
            try (MetaPseudoLabels a = mpl(m, soft, true);
                    MetaPseudoLabels b = MetaPseudoLabels.builder()
                            .setTeacher(mlp(m, 1), Sgd.builder().setLearningRate(0.5).build())
                            .setStudent(mlp(m, 2), Sgd.builder().setLearningRate(0.3).optMomentum(0.9).build())
                            .optConfig(MplConfig.referenceCode()).build()) {
                assertThat(a.fusedStep()).as("soft labels").isFalse();
                assertThat(b.fusedStep()).as("a student with momentum").isFalse();
            }
        }
    }
}
