package org.mplbench.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.train.Evaluation;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TrainingListener;
import org.mplbench.train.TwoMoonBatches;

class BaselinesTest {

    private static final TwoMoon.Data DATA = TwoMoon.generate(new TwoMoonConfig(300, 3, 0.1, 100), 2);

    private static Network mlp(NDManager m) {
        return Network.create(Mlp.builder().optInitRange(1).build(), m, DataType.FLOAT32, new Shape(1, 2));
    }

    private static Sgd sgd() {
        return Sgd.builder().setLearningRate(1.0).build();
    }

    @Test
    void supervisedFitsTheLabeledPoints() {
        try (NDManager m = NDManager.newBaseManager(); TwoMoonBatches b = new TwoMoonBatches(DATA, 32, 0, DataType.FLOAT32, m)) {
            Engine.getInstance().setRandomSeed(1);
            List<Double> losses = new ArrayList<>();
            try (Supervised sup = Supervised.builder().setModel(mlp(m), sgd()).build()) {
                TrainLoop.builder().setMethod(sup).setBatches(b).setSteps(600)
                        .optLogEvery(100).addListener(TrainingListener.onLog((s, v) -> losses.add(v.get("loss")))).build().run(m);
                assertThat(Evaluation.accuracy(sup.evaluationModel(), DATA.labeled().xy(), 2, DATA.labeled().label(), m))
                        .isEqualTo(1.0);
            }
            assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) / 4);
        }
    }

    @Test
    void pseudoLabelsTeacherIsTheSupervisedModelAndTheStudentFollowsIt() {
        long teacherSteps = 300;
        try (NDManager m = NDManager.newBaseManager()) {
            float[] supervisedWeights;
            try (TwoMoonBatches b = new TwoMoonBatches(DATA, 32, 0, DataType.FLOAT32, m)) {
                Engine.getInstance().setRandomSeed(5);
                try (Supervised sup = Supervised.builder().setModel(mlp(m), sgd()).build()) {
                    TrainLoop.builder().setMethod(sup).setBatches(b).setSteps(teacherSteps).build().run(m);
                    supervisedWeights = sup.evaluationModel().weights().get(0).toFloatArray();
                }
            }
            try (TwoMoonBatches b = new TwoMoonBatches(DATA, 32, 0, DataType.FLOAT32, m)) {
                Engine.getInstance().setRandomSeed(5);
                try (PseudoLabels pl = PseudoLabels.builder().setTeacher(mlp(m), sgd()).setStudent(mlp(m), sgd())
                        .setTeacherSteps(teacherSteps).build()) {
                    TrainLoop loop = TrainLoop.builder().setMethod(pl).setBatches(b).setSteps(4 * teacherSteps).build();
                    loop.run(m, 0, teacherSteps);
                    assertThat(pl.teacher().weights().get(0).toFloatArray()).isEqualTo(supervisedWeights);
                    loop.run(m, teacherSteps, 4 * teacherSteps);
                    assertThat(pl.teacher().weights().get(0).toFloatArray()).as("frozen").isEqualTo(supervisedWeights);
                    double agreement = agreement(pl.teacher(), pl.evaluationModel(), DATA.unlabeled().xy(), m);
                    assertThat(agreement).isGreaterThan(0.95);
                }
            }
        }
    }

    @Test
    void aThresholdOfOneMasksEveryPseudoLabel() {
        try (NDManager m = NDManager.newBaseManager(); TwoMoonBatches b = new TwoMoonBatches(DATA, 32, 0, DataType.FLOAT32, m)) {
            Engine.getInstance().setRandomSeed(5);
            try (PseudoLabels pl = PseudoLabels.builder().setTeacher(mlp(m), sgd()).setStudent(mlp(m), sgd())
                    .setTeacherSteps(5).optThreshold(1.0).build()) {
                float[] before = pl.evaluationModel().weights().get(0).toFloatArray();
                List<Double> maskRates = new ArrayList<>();
                TrainLoop.builder().setMethod(pl).setBatches(b).setSteps(20)
                        .optLogEvery(1).addListener(TrainingListener.onLog((s, v) -> {
                            if (v.containsKey("s_mask_rate")) {
                                maskRates.add(v.get("s_mask_rate"));
                            }
                        })).build().run(m);
                assertThat(maskRates).hasSize(15).containsOnly(0.0);
                assertThat(pl.evaluationModel().weights().get(0).toFloatArray()).isEqualTo(before);
            }
        }
    }

    @Test
    void pseudoLabelsResumesIdenticallyAcrossThePhaseBoundary(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        float[] uninterrupted;
        try (NDManager m = NDManager.newBaseManager(); TwoMoonBatches b = new TwoMoonBatches(DATA, 0, 0, DataType.FLOAT32, m)) {
            Engine.getInstance().setRandomSeed(8);
            try (PseudoLabels pl = pseudoLabels(m)) {
                TrainLoop.builder().setMethod(pl).setBatches(b).setSteps(40).build().run(m);
                uninterrupted = pl.evaluationModel().weights().get(0).toFloatArray();
            }
        }
        float[] resumed;
        try (NDManager m = NDManager.newBaseManager(); TwoMoonBatches b = new TwoMoonBatches(DATA, 0, 0, DataType.FLOAT32, m)) {
            Engine.getInstance().setRandomSeed(8);
            try (PseudoLabels pl = pseudoLabels(m)) {
                TrainLoop.builder().setMethod(pl).setBatches(b).setSteps(40).build().run(m, 0, 15);
                pl.save(dir);
            }
            Engine.getInstance().setRandomSeed(99);
            try (PseudoLabels pl = pseudoLabels(m)) {
                pl.load(dir);
                TrainLoop.builder().setMethod(pl).setBatches(b).setSteps(40).build().run(m, 15, 40);
                resumed = pl.evaluationModel().weights().get(0).toFloatArray();
            }
        }
        assertThat(resumed).isEqualTo(uninterrupted);
        assertThat(dir.resolve("teacher/model.params")).exists();
        assertThat(dir.resolve("student.sgd")).exists();
    }

    /** Teacher phase of 10 steps, momentum on both models so that optimiser state matters. */
    @Test
    void udaWithoutItsConsistencyTermTrainsLikeSupervised() {
        float[][] w = new float[2][];
        for (int k = 0; k < 2; k++) {
            try (NDManager m = NDManager.newBaseManager();
                    TwoMoonBatches b = new TwoMoonBatches(DATA, 32, 16, DataType.FLOAT32, m)) {
                Engine.getInstance().setRandomSeed(5);
                Network net = mlp(m);
                org.mplbench.ssl.SslMethod method = k == 0
                        ? Supervised.builder().setModel(net, sgd()).optLabelSmoothing(0.1).build()
                        : Uda.builder().setModel(net, sgd()).optLabelSmoothing(0.1)
                                .setUda(new org.mplbench.ssl.UdaConfig(0.7, 0.6, 0, 0, false)).build();
                TrainLoop.builder().setMethod(method).setBatches(b).setSteps(50).build().run(m);
                w[k] = net.weights().get(0).toFloatArray();
                method.close();
            }
        }
        // equal up to float rounding: UDA's forward covers [x_l, x_uw, x_us], whose matrix products
        // round differently from the labeled rows alone
        assertThat(w[1]).containsExactly(w[0], org.assertj.core.api.Assertions.within(1e-4f));
    }

    @Test
    void udaLogsItsTermsAndEvaluatesItsMovingAverage() {
        try (NDManager m = NDManager.newBaseManager();
                TwoMoonBatches b = new TwoMoonBatches(DATA, 32, 16, DataType.FLOAT32, m)) {
            Engine.getInstance().setRandomSeed(5);
            Network net = mlp(m);
            Network avg = mlp(m);
            List<java.util.Map<String, Double>> logs = new ArrayList<>();
            try (Uda uda = Uda.builder().setModel(net, sgd()).setUda(new org.mplbench.ssl.UdaConfig(0.7, 0.0, 2, 0, false))
                    .optEma(avg, 0.9, false).build()) {
                TrainLoop.builder().setMethod(uda).setBatches(b).setSteps(20).optLogEvery(5).addListener(TrainingListener.onLog((s, v) -> logs.add(v))).build().run(m);
                assertThat(uda.evaluationModel()).isSameAs(avg);
                assertThat(avg.weights().get(0).toFloatArray()).isNotEqualTo(net.weights().get(0).toFloatArray());
            }
            for (java.util.Map<String, Double> v : logs) {
                assertThat(v.get("loss")).isCloseTo(v.get("loss_l") + 2 * v.get("loss_uda"),
                        org.assertj.core.api.Assertions.offset(1e-5));
                assertThat(v.get("mask_rate")).isEqualTo(1.0); // threshold 0 keeps every example
            }
        }
    }

    private static PseudoLabels pseudoLabels(NDManager m) {
        Sgd t = Sgd.builder().setLearningRate(0.5).optMomentum(0.9).build();
        Sgd s = Sgd.builder().setLearningRate(0.5).optMomentum(0.9).build();
        return PseudoLabels.builder().setTeacher(mlp(m), t).setStudent(mlp(m), s).setTeacherSteps(10).build();
    }

    private static double agreement(Network a, Network b, float[] xy, NDManager m) {
        float[] pa = Evaluation.probabilities(a, xy, 2, m);
        float[] pb = Evaluation.probabilities(b, xy, 2, m);
        int same = 0;
        for (int i = 0; i < pa.length / 2; i++) {
            if ((pa[2 * i + 1] >= 0.5f) == (pb[2 * i + 1] >= 0.5f)) {
                same++;
            }
        }
        return same / (pa.length / 2.0);
    }

}
