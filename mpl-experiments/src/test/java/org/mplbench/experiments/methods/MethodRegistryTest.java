package org.mplbench.experiments.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.baselines.PseudoLabels;
import org.mplbench.baselines.Supervised;
import org.mplbench.baselines.Uda;
import org.mplbench.config.ConfigException;
import org.mplbench.mpl.MetaPseudoLabels;
import org.mplbench.mpl.MplConfig;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.UdaConfig;
import org.mplbench.train.Sgd;

class MethodRegistryTest {

    @Test
    void holdsEveryMethodAndVariantTheRunnersTrain() {
        assertThat(MethodRegistry.all().stream().map(MethodRegistry.Entry::key)).containsExactly(
                "supervised/default", "supervised/weak-augment", "pseudo-labels/default", "uda/default", "mpl/paper",
                "mpl/paper-argmax", "mpl/reference-code", "mpl/soft", "mpl/no-feedback", "mpl/paper-mpl-only",
                "reduced-mpl/default");
    }

    @Test
    void mplVariantsAreThePresetsWithTheirOneChange() {
        assertThat(MethodRegistry.get("mpl", "paper").mpl()).isEqualTo(MplConfig.paper());
        assertThat(MethodRegistry.get("mpl", "soft").mpl()).isEqualTo(MplConfig.soft());
        assertThat(MethodRegistry.get("mpl", "reference-code").mpl()).isEqualTo(MplConfig.referenceCode());
        assertThat(MethodRegistry.get("mpl", "no-feedback").mpl())
                .isEqualTo(MplConfig.paper().toBuilder().optFeedback(MplConfig.Feedback.OFF).build());
        assertThat(MethodRegistry.get("mpl", "paper-mpl-only").mpl().teacherSupervisedWeight()).isZero();
        assertThat(MethodRegistry.get("uda", "default").mpl()).isNull();
    }

    @Test
    void unknownNamesListTheValidOnes() {
        assertThatThrownBy(() -> MethodRegistry.get("mpl", "papr")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'mpl/papr' is not one of: supervised/default,")
                .hasMessageContaining("mpl/paper-mpl-only");
    }

    @Test
    void totalStepsCountPseudoLabelsPhasesAndMplFinetuning() {
        assertThat(MethodRegistry.get("supervised", "default").totalSteps(100, 10)).isEqualTo(100);
        assertThat(MethodRegistry.get("uda", "default").totalSteps(100, 10)).isEqualTo(100);
        assertThat(MethodRegistry.get("pseudo-labels", "default").totalSteps(100, 10)).isEqualTo(200);
        assertThat(MethodRegistry.get("mpl", "soft").totalSteps(100, 10)).isEqualTo(110);
    }

    @Test
    void buildsEachMethodFromItsNetworksInOrder() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertBuilds(m, "supervised", "default", 2, Supervised.class, b -> b.optEma(0.9));
            assertBuilds(m, "pseudo-labels", "default", 3, PseudoLabels.class, b -> b.optEma(0.9).optThreshold(0.5));
            assertBuilds(m, "uda", "default", 1, Uda.class, b -> b.optUda(UdaConfig.cifar(0)));
            assertBuilds(m, "mpl", "paper", 3, MetaPseudoLabels.class, b -> b.optEma(0.9).optSeed(4)
                    .optFinetune(Sgd.builder().setLearningRate(0.1).build()).optOldLoss(MplConfig.OldLoss.JOINT_FORWARD));
        }
    }

    @Test
    void refusesOptionsTheMethodDoesNotRead() {
        try (NDManager m = NDManager.newBaseManager()) {
            MethodArgs a = args(m, new ArrayList<>()).optUda(UdaConfig.cifar(0)).build();
            assertThatThrownBy(() -> MethodRegistry.get("supervised", "default").build(a))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("method.uda")
                    .hasMessageContaining("supervised/default does not read it");
            MethodArgs t = args(m, new ArrayList<>()).optThreshold(0.9).build();
            assertThatThrownBy(() -> MethodRegistry.get("mpl", "paper").build(t)).hasMessageContaining("method.threshold");
            MethodArgs recorded = args(m, new ArrayList<>()).optFusedStep(false).build();
            assertThatThrownBy(() -> MethodRegistry.get("pseudo-labels", "default").build(recorded))
                    .hasMessageContaining("method.fused_step");
            MethodArgs noUda = args(m, new ArrayList<>()).build();
            assertThatThrownBy(() -> MethodRegistry.get("uda", "default").build(noUda)).hasMessageContaining("method.uda");
        }
    }

    private static void assertBuilds(NDManager m, String method, String variant, int networks, Class<?> type,
            java.util.function.UnaryOperator<MethodArgs.Builder> options) {
        List<Network> made = new ArrayList<>();
        try (SslMethod s = MethodRegistry.get(method, variant).build(options.apply(args(m, made)).build())) {
            assertThat(s).isInstanceOf(type);
            assertThat(made).hasSize(networks);
            if (s instanceof MetaPseudoLabels mpl) {
                assertThat(mpl.teacher()).isSameAs(made.get(0));
                assertThat(mpl.student()).isSameAs(made.get(1));
            }
        }
    }

    private static MethodArgs.Builder args(NDManager m, List<Network> made) {
        return MethodArgs.builder().setNetworks(() -> {
            Network n = Network.create(Mlp.builder().build(), m, DataType.FLOAT32, new Shape(1, 2));
            made.add(n);
            return n;
        }).setOptimizers(role -> Sgd.builder().setLearningRate(0.1).build()).setSteps(10);
    }
}
