package org.mplbench.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.ndarray.NDList;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.EfficientNetSpec.Variant;

class EfficientNetTest {

    @Test
    void publishedParameterCountsFromTheBlocksAndFromTheSpec() {
        // the EfficientNet paper's counts at 1,000 classes, from initialised DJL blocks and from arithmetic alone
        try (NDManager m = NDManager.newBaseManager()) {
            for (Variant v : new Variant[] {Variant.B0, Variant.B7}) {
                EfficientNetSpec spec = EfficientNetSpec.of(v, 1000, false);
                try (Network net = Network.create(EfficientNet.builder().setSpec(spec).build(), m, DataType.FLOAT32,
                        new Shape(1, 3, 32, 32))) {
                    assertThat(net.parameterCount()).as(v.name()).isEqualTo(spec.parameters());
                }
            }
        }
        assertThat(EfficientNetSpec.of(Variant.B0, 1000, false).parameters()).isEqualTo(5_288_548L);
        assertThat(EfficientNetSpec.of(Variant.B7, 1000, false).parameters()).isEqualTo(66_347_960L);
    }

    @Test
    void largeVariantsAreCountedWithoutWeights() {
        // the paper's Table 4: L2 480 M; B6-Wide 390 M, but the code's efficientnet-b6-mpl (width 5.0, depth 2.6)
        // has 317 M: the discrepancy is recorded, the code is followed
        assertThat(EfficientNetSpec.of(Variant.L2, 1000, false).parameters()).isEqualTo(480_309_308L);
        assertThat(EfficientNetSpec.of(Variant.B6_MPL, 1000, false).parameters()).isEqualTo(316_649_180L);
        assertThat(EfficientNetSpec.of(Variant.L2, 1000, false).blocks()).hasSize(88);
    }

    @Test
    void multiplyAddsFromTheSpecEqualTheBlockCount() {
        EfficientNetSpec b0 = EfficientNetSpec.of(Variant.B0, 1000, false);
        assertThat(b0.forwardMacs(224)).isEqualTo(385_814_752L); // published: 0.39 B
        assertThat(EfficientNetSpec.of(Variant.B7, 1000, false).forwardMacs(600) / 1e9).isBetween(37.7, 37.8); // 37 B
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(EfficientNet.builder().setSpec(b0).build(), m, DataType.FLOAT32,
                        new Shape(1, 3, 224, 224))) {
            assertThat(net.forwardFlopsPerExample()).isEqualTo(2.0 * b0.forwardMacs(224));
        }
    }

    @Test
    void roundingAndScalingFollowTheOfficialCode() {
        EfficientNetSpec b7 = EfficientNetSpec.of(Variant.B7, 1000, false);
        assertThat(b7.filters(32)).isEqualTo(64);
        assertThat(b7.filters(1280)).isEqualTo(2560);
        assertThat(EfficientNetSpec.of(Variant.B2, 1000, false).filters(16)).isEqualTo(16); // 17.6 → 16, ≥ 90 %
        assertThat(EfficientNetSpec.of(Variant.BS, 1000, false).filters(16)).isEqualTo(8);
        assertThat(EfficientNetSpec.of(Variant.B1, 1000, false).filters(24)).isEqualTo(24);
        assertThat(EfficientNetSpec.of(Variant.B3, 1000, false).filters(40)).isEqualTo(48);
        assertThat(b7.repeats(3)).isEqualTo(10); // ceil(3.1 · 3)
        assertThat(Variant.of("efficientnet-b6-mpl")).isEqualTo(Variant.B6_MPL);
        assertThatThrownBy(() -> Variant.of("efficientnet-b9")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("efficientnet-l2");
    }

    @Test
    void smallImagesKeepStrideOneInTheStemAndStagesTwoAndThree() {
        EfficientNetSpec small = EfficientNetSpec.of(Variant.B0, 10, true);
        assertThat(small.stemStride()).isEqualTo(1);
        assertThat(small.blocks().stream().mapToInt(EfficientNetSpec.Block::stride).toArray())
                .containsExactly(1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1);
        try (NDManager m = NDManager.newBaseManager();
                Network net = Network.create(EfficientNet.builder().setSpec(small).build(), m, DataType.FLOAT32,
                        new Shape(1, 3, 32, 32))) {
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            try (GradientCollector gc = Autograd.record()) {
                NDArray y = net.forward(x, true);
                assertThat(y.getShape()).isEqualTo(new Shape(3, 10));
                net.clearGradients();
                gc.backward(y.sum());
            }
            assertThat(net.drawsRandomness()).isTrue();
            assertThat(net.forward(x, false).getShape()).isEqualTo(new Shape(3, 10));
        }
    }

    @Test
    void stochasticDepthDropsWholeExamplesOfTheResidualBranch() {
        EfficientNetSpec.Block residual = new EfficientNetSpec.Block(8, 8, 3, 1, 6, 2, 0.5);
        try (NDManager m = NDManager.newBaseManager()) {
            int dropped = 0;
            for (float rate : new float[] {0f, 0.5f}) {
                EfficientNet.MbConv block = new EfficientNet.MbConv(residual, rate, 0.99f, 1e-3f);
                Engine.getInstance().setRandomSeed(4);
                block.initialize(m, DataType.FLOAT32, new Shape(1, 8, 6, 6));
                NDArray x = m.randomNormal(new Shape(64, 8, 6, 6));
                NDArray y;
                try (GradientCollector gc = Autograd.record()) {
                    y = block.forward(new ParameterStore(m, false), new NDList(x), true).singletonOrThrow();
                }
                int same = 0;
                for (int i = 0; i < 64; i++) {
                    if (y.get(i).eq(x.get(i)).all().getBoolean()) {
                        same++;
                    }
                }
                if (rate == 0) {
                    assertThat(same).isZero();
                } else {
                    dropped = same;
                }
                assertThat(block.drawsRandomness()).isEqualTo(rate > 0);
            }
            assertThat(dropped).isBetween(20, 44); // 64 draws of probability 0.5
        }
    }
}
