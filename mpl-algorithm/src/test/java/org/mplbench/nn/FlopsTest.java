package org.mplbench.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;

class FlopsTest {

    @Test
    void wrn28x2OfTheReferenceCodeIsTheHandCount() {
        // stem 32·32·16·3·9; per group: first block conv1 + conv2 + 1×1 projection, three more blocks
        // of two 3×3 convs; all three groups cost the same (halved pixels, doubled channels); dense 128·10
        long stem = 1024L * 16 * 3 * 9;
        long group = 1024L * 32 * 16 * 9 + 1024L * 32 * 32 * 9 + 1024L * 32 * 16 + 3 * 2 * 1024L * 32 * 32 * 9;
        long expected = stem + 3 * group + 128 * 10;
        assertThat(expected).isEqualTo(214_353_152L);
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.create(WideResNet.referenceCode(10).build(), m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertThat(Flops.forwardMacs(net.block(), new Shape(1, 3, 32, 32))).isEqualTo(expected);
            assertThat(Flops.forwardMacs(net.block(), new Shape(64, 3, 32, 32))).isEqualTo(64 * expected);
            assertThat(net.forwardFlopsPerExample()).isEqualTo(2.0 * expected);
        }
    }

    @Test
    void wrn28x2OfThePaperHasTheWiderStem() {
        // stem 3→32; group 1 then needs no projection (32→32, stride 1): four blocks of two 3×3 convs
        long stem = 1024L * 32 * 3 * 9;
        long group1 = 4 * 2 * 1024L * 32 * 32 * 9;
        long group = 1024L * 32 * 16 * 9 + 1024L * 32 * 32 * 9 + 1024L * 32 * 16 + 3 * 2 * 1024L * 32 * 32 * 9;
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.create(WideResNet.paper(10).build(), m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertThat(Flops.forwardMacs(net.block(), new Shape(1, 3, 32, 32)))
                    .isEqualTo(stem + group1 + 2 * group + 128 * 10).isEqualTo(218_989_824L);
        }
    }

    @Test
    void mlpCountsItsDenseLayersWhateverBatchInitialisedIt() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network net = Network.create(Mlp.builder().build(), m, DataType.FLOAT32, new Shape(5, 2));
            assertThat(net.forwardFlopsPerExample()).isEqualTo(2.0 * (2 * 8 + 8 * 8 + 8 * 2));
        }
    }

    @Test
    void anUncountedCompositeBlockIsAnErrorNotAZero() {
        AbstractBlock opaque = new AbstractBlock() {
            {
                addChildBlock("dense", Linear.builder().setUnits(3).build());
            }

            @Override
            protected NDList forwardInternal(ParameterStore ps, NDList in, boolean training, PairList<String, Object> p) {
                return in;
            }

            @Override
            public Shape[] getOutputShapes(Shape[] inputShapes) {
                return inputShapes;
            }
        };
        assertThatThrownBy(() -> Flops.forwardMacs(opaque, new Shape(1, 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Flops.Counted");
    }
}
