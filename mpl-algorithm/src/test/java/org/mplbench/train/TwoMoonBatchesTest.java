package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.ssl.SslBatch;

/** TwoMoon batches: every labeled point each step, or the last ones of each moon held out. */
class TwoMoonBatchesTest {

    private static final TwoMoon.Data DATA = TwoMoon.generate(TwoMoonConfig.paper(), 3);

    @Test
    void withoutAHeldOutSetEveryLabeledPointIsInXl() {
        try (NDManager m = NDManager.newBaseManager();
                TwoMoonBatches b = new TwoMoonBatches(DATA, 8, 0, DataType.FLOAT32, m)) {
            SslBatch batch = b.next(m, 0);
            assertThat(batch.heldOut()).isNull();
            assertThat(batch.x_l().toFloatArray()).containsExactly(DATA.labeled().xy());
            assertThat(batch.y_l().toIntArray()).containsExactly(DATA.labeled().label());
            assertThat(batch.x_uw().getShape().get(0)).isEqualTo(8);
        }
    }

    @Test
    void theLastPointsOfEachMoonAreHeldOut() {
        int[] l = DATA.labeledIndex(); // moon 0's three, then moon 1's
        try (NDManager m = NDManager.newBaseManager();
                TwoMoonBatches b = new TwoMoonBatches(DATA, 8, 1, 0, DataType.FLOAT32, m)) {
            SslBatch batch = b.next(m, 0);
            assertThat(batch.x_l().toFloatArray())
                    .containsExactly(DATA.all().subset(new int[] {l[0], l[1], l[3], l[4]}).xy());
            assertThat(batch.heldOut().x().toFloatArray()).containsExactly(DATA.all().subset(new int[] {l[2], l[5]}).xy());
            assertThat(batch.heldOut().y().toIntArray()).containsExactly(0, 1);
            assertThat(batch.y_l().toIntArray()).containsExactly(0, 0, 1, 1);
        }
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> new TwoMoonBatches(DATA, 8, 3, 0, DataType.FLOAT32, m))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("twomoon.held_out_per_moon");
        }
    }

    @Test
    void unlabeledSubsetsAreDrawnWithReplacementFromTheSeededStream() {
        int batch = 5;
        int steps = 40;
        float[] u = DATA.unlabeled().xy();
        java.util.SplittableRandom stream = new java.util.SplittableRandom(11);
        try (NDManager m = NDManager.newBaseManager();
                TwoMoonBatches b = new TwoMoonBatches(DATA, batch, 11, DataType.FLOAT32, m)) {
            for (int step = 0; step < steps; step++) {
                try (NDManager scope = m.newSubManager()) {
                    float[] got = b.next(scope, step).x_uw().toFloatArray();
                    float[] expected = new float[2 * batch];
                    for (int i = 0; i < batch; i++) {
                        int k = stream.nextInt(DATA.unlabeled().size());
                        expected[2 * i] = u[2 * k];
                        expected[2 * i + 1] = u[2 * k + 1];
                    }
                    assertThat(got).as("step %d", step).containsExactly(expected);
                }
            }
        }
    }
}
