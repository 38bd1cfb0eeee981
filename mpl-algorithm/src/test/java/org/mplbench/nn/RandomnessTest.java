package org.mplbench.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import org.junit.jupiter.api.Test;

/** Which networks draw from the engine's generator: the loop and MPL skip reseeding the others. */
class RandomnessTest {

    private static boolean draws(Block block, Shape input) {
        try (NDManager m = NDManager.newBaseManager()) {
            return Network.create(block, m, DataType.FLOAT32, input).drawsRandomness();
        }
    }

    @Test
    void dropoutAnywhereDrawsAndNothingElseDoes() {
        Shape image = new Shape(1, 3, 8, 8);
        assertThat(draws(Mlp.builder().build(), new Shape(1, 2))).isFalse();
        assertThat(draws(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0).build(), image)).isFalse();
        assertThat(draws(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0.2).build(), image)).isTrue();
        assertThat(draws(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).optDropout(0).optBlockDropout(0.3).build(), image)).isTrue();
    }
}
