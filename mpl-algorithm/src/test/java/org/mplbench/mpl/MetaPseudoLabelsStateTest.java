package org.mplbench.mpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.config.ConfigException;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TwoMoonBatches;

class MetaPseudoLabelsStateTest {

    private static final TwoMoon.Data DATA = TwoMoon.generate(new TwoMoonConfig(200, 3, 0.1, 10), 4);

    private static MetaPseudoLabels mpl(NDManager m, MplConfig config) {
        Engine.getInstance().setRandomSeed(9);
        Network t = Network.create(Mlp.builder().optInitRange(1).build(), m, DataType.FLOAT32, new Shape(1, 2));
        Network s = Network.create(Mlp.builder().optInitRange(1).build(), m, DataType.FLOAT32, new Shape(1, 2));
        return MetaPseudoLabels.builder()
                .setTeacher(t, Sgd.builder().setLearningRate(0.5).optMomentum(0.9).optNesterov(true).build())
                .setStudent(s, Sgd.builder().setLearningRate(0.5).build())
                .optConfig(config)
                .build();
    }

    /** Full-batch argmax labels: the run depends only on the state, which must survive save/load. */
    private static float[][] train(NDManager m, MetaPseudoLabels mpl, long from, long to) {
        try (TwoMoonBatches b = new TwoMoonBatches(DATA, 0, 0, DataType.FLOAT32, m)) {
            TrainLoop.builder().setMethod(mpl).setBatches(b).setSteps(to).build().run(m, from, to);
        }
        return new float[][] {mpl.teacher().weights().get(0).toFloatArray(), mpl.student().weights().get(4).toFloatArray()};
    }

    @Test
    void resumingFromACheckpointContinuesIdentically(@TempDir Path dir) throws IOException {
        MplConfig config = MplConfig.referenceCode().toBuilder().optBaseline(true).build();
        float[][] uninterrupted;
        try (NDManager m = NDManager.newBaseManager(); MetaPseudoLabels a = mpl(m, config)) {
            uninterrupted = train(m, a, 0, 30);
        }
        float[][] resumed;
        try (NDManager m = NDManager.newBaseManager()) {
            try (MetaPseudoLabels first = mpl(m, config)) {
                train(m, first, 0, 12);
                first.save(dir);
            }
            try (MetaPseudoLabels second = mpl(m, config)) {
                second.load(dir);
                resumed = train(m, second, 12, 30);
            }
        }
        assertThat(resumed[0]).isEqualTo(uninterrupted[0]);
        assertThat(resumed[1]).isEqualTo(uninterrupted[1]);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("teacher.params", "student.params", "teacher.sgd", "student.sgd", "mpl.state");
        }
    }

    @Test
    void missingStateFileIsNamed(@TempDir Path dir) {
        try (NDManager m = NDManager.newBaseManager(); MetaPseudoLabels a = mpl(m, MplConfig.paper())) {
            assertThatThrownBy(() -> a.load(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("teacher.params");
        }
    }

    @Test
    void presetsFollowTheirSources() {
        assertThat(MplConfig.paper().feedback()).isEqualTo(MplConfig.Feedback.OLD_MINUS_NEW);
        assertThat(MplConfig.paper().labelRule()).isEqualTo(MplConfig.PseudoLabelRule.SAMPLE);
        assertThat(MplConfig.referenceCode().feedback()).isEqualTo(MplConfig.Feedback.NEW_MINUS_OLD);
        assertThat(MplConfig.referenceCode().labelRule()).isEqualTo(MplConfig.PseudoLabelRule.ARGMAX);
        assertThat(MplConfig.soft().labels()).isEqualTo(MplConfig.LabelKind.SOFT);
        assertThat(MplConfig.preset("reference-code")).isEqualTo(MplConfig.referenceCode());
    }

    @Test
    void invalidValuesNameFieldAndRange() {
        assertThatThrownBy(() -> MplConfig.paper().toBuilder().optJvpEpsilon(0).build()).isInstanceOf(ConfigException.class)
                .hasMessage("mpl.jvp_epsilon: value 0.0 is out of range; allowed (0, 1]");
        assertThatThrownBy(() -> new MplConfig(MplConfig.Feedback.OFF, MplConfig.PseudoLabelRule.ARGMAX,
                MplConfig.LabelKind.HARD, true, 1.0, 1, 1e-3, MplConfig.View.WEAK,
                MplConfig.ReinforceTerm.STUDENT_LABEL, MplConfig.OldLoss.JOINT_FORWARD, 1, 1))
                .hasMessage("mpl.baseline_decay: value 1.0 is out of range; allowed [0, 1)");
        assertThatThrownBy(() -> MplConfig.paper().toBuilder().optFeedbackScale(0).build())
                .hasMessageContaining("mpl.feedback_scale");
        assertThatThrownBy(() -> MplConfig.paper().toBuilder().optStudentStepsPerTeacherStep(0).build())
                .hasMessage("mpl.student_steps_per_teacher_step: value 0 is out of range; allowed [1, 1000000]");
        assertThatThrownBy(() -> MplConfig.soft().toBuilder().optFeedback(MplConfig.Feedback.COSINE).build())
                .hasMessageStartingWith("mpl.feedback: COSINE is a hard-label feedback");
        assertThatThrownBy(() -> MplConfig.paper().toBuilder().optOldLoss(null).build()).hasMessageContaining("mpl.old_loss");
        assertThatThrownBy(() -> MplConfig.preset("best")).hasMessageContaining("paper, reference-code, soft");
    }
}
