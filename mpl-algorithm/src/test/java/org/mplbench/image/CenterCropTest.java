package org.mplbench.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mplbench.image.CenterCrop.Window;

class CenterCropTest {

    @Test
    void takesTheCentre224Of256() {
        // 256×256: side int(224/256·256) = 224, offsets (256 − 224 + 1) // 2 = 16
        assertThat(CenterCrop.window(256, 256)).isEqualTo(new Window(16, 16, 224, 224));
        // 375×500 (a typical ImageNet photograph): side int(0.875·375) = 328; (375−328+1)//2 = 24, (500−328+1)//2 = 86
        assertThat(CenterCrop.window(375, 500)).isEqualTo(new Window(24, 86, 328, 328));
        // odd margins round the offset up, as the official (h − side + 1) // 2
        assertThat(CenterCrop.window(10, 1000)).isEqualTo(new Window(1, 496, 8, 8));
        assertThat(CenterCrop.window(1, 1)).isEqualTo(new Window(0, 0, 1, 1));
    }

    @Test
    void resizesTheWindowToTheOutputSide() {
        // 8×8 grey image with a distinct centre: side int(0.875·8) = 7 at offset 1; a 7→7 resize is the identity
        byte[] src = new byte[64];
        for (int i = 0; i < 64; i++) {
            src[i] = (byte) i;
        }
        byte[] dst = new byte[49];
        new CenterCrop(7).apply(src, 8, 8, 1, dst);
        assertThat(dst[0]).isEqualTo((byte) 9);
        assertThat(dst[48]).isEqualTo((byte) 63);
    }
}
