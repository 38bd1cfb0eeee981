package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.nn.Network;
import org.mplbench.nn.WideResNet;

class EmaTest {

    private static Network tinyWrn(NDManager m, int seed) {
        Engine.getInstance().setRandomSeed(seed);
        return Network.create(WideResNet.paper(3).optDepth(10).optWiden(1).optStemWidth(4).build(), m, DataType.FLOAT32,
                new Shape(1, 3, 8, 8));
    }

    @Test
    void warmupDecayFollowsTheOfficialFormula() {
        try (NDManager m = NDManager.newBaseManager()) {
            Ema ema = new Ema(tinyWrn(m, 1), tinyWrn(m, 2), 0.995, true);
            assertThat(ema.decayAt(0)).isCloseTo(0.1, offset(1e-15));
            assertThat(ema.decayAt(10)).isCloseTo(11.0 / 20, offset(1e-15));
            assertThat(ema.decayAt(100_000)).isEqualTo(0.995);
            assertThat(new Ema(tinyWrn(m, 1), tinyWrn(m, 2), 0.995, false).decayAt(0)).isEqualTo(0.995);
        }
    }

    @Test
    void averagesWeightsAndCopiesBatchNormStatistics() {
        try (NDManager m = NDManager.newBaseManager()) {
            Network source = tinyWrn(m, 1);
            Network avg = tinyWrn(m, 2);
            Ema ema = new Ema(source, avg, 0.9, false);
            float[] w0 = source.weights().get(0).toFloatArray();
            assertThat(avg.weights().get(0).toFloatArray()).containsExactly(w0);
            // move the source: w1 = w0 + 1, statistics = 7
            source.weights().get(0).addi(1f);
            for (NDArray b : source.buffers()) {
                b.subi(b).addi(7f);
            }
            try (NDManager scope = m.newSubManager()) {
                ema.update(0, scope);
            }
            float[] a = avg.weights().get(0).toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).isCloseTo(0.9f * w0[i] + 0.1f * (w0[i] + 1), offset(1e-6f));
            }
            assertThat(avg.buffers()).isNotEmpty();
            for (NDArray b : avg.buffers()) {
                for (float v : b.toFloatArray()) {
                    assertThat(v).isEqualTo(7f);
                }
            }
        }
    }

    @Test
    void saveAndLoadRestoreTheAverage(@TempDir Path dir) throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            Network source = tinyWrn(m, 1);
            Ema ema = new Ema(source, tinyWrn(m, 2), 0.5, false);
            source.weights().get(0).addi(2f);
            try (NDManager scope = m.newSubManager()) {
                ema.update(0, scope);
            }
            float[] saved = ema.model().weights().get(0).toFloatArray();
            ema.save(dir, "student");
            Ema other = new Ema(source, tinyWrn(m, 3), 0.5, false);
            other.load(dir, "student");
            assertThat(other.model().weights().get(0).toFloatArray()).containsExactly(saved);
        }
    }
}
