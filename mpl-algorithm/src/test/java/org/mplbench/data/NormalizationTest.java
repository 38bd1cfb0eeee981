package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Statistics computed from a data set's images, exactly on a tiny one. */
class NormalizationTest {

    @Test
    void perChannelMeanAndPopulationStdOfTheImages() throws Exception {
        // two 1×2 images, 3 channels: R = 0, 255, 0, 255; G = 0, 102, 0, 102; B = 0, 0, 0, 102
        byte[][] px = {{0, 0, 0, (byte) 255, 102, 0}, {0, 0, 0, (byte) 255, 102, 102}};
        ImageSet images = new ImageSet() {
            public String name() {
                return "tiny";
            }

            public int size() {
                return 2;
            }

            public int height() {
                return 1;
            }

            public int width() {
                return 2;
            }

            public int classes() {
                return 2;
            }

            public int label(int index) {
                return index;
            }

            public void read(int index, byte[] dst, int offset) {
                System.arraycopy(px[index], 0, dst, offset, 6);
            }
        };
        Normalization n = Normalization.of(images);
        assertThat(n.mean()).containsExactly(0.5f, 0.2f, 0.1f);
        // B: mean 25.5, std sqrt((3·25.5² + 76.5²)/4) = 44.167 → /255 = 0.17321 → 0.1732
        assertThat(n.std()).containsExactly(0.5f, 0.2f, 0.1732f);
        px[1][4] = 0;
        px[0][4] = 0;
        assertThatThrownBy(() -> Normalization.of(images)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("tiny").hasMessageContaining("channel 1 is constant");
    }
}
