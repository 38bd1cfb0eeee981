package org.mplbench.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void keysKernelWithAMinusThreeQuarters() {
        // at t = 0.5 the four taps sit 1.5, 0.5, 0.5 and 1.5 away
        assertThat(Resize.kernel(0.5)).isEqualTo(0.59375, within(1e-12));
        assertThat(Resize.kernel(1.5)).isEqualTo(-0.09375, within(1e-12));
        assertThat(Resize.kernel(0)).isEqualTo(1.0);
        assertThat(Resize.kernel(1)).isEqualTo(0.0, within(1e-12));
        assertThat(Resize.kernel(2)).isEqualTo(0.0, within(1e-12));
    }

    @Test
    void upscalesAsTensorFlowsLegacyBicubicWithClampedBordersRoundedAndClipped() {
        // one row [0, 100] to 4 columns: samples at 0, 0.5, 1, 1.5 of the source;
        // 0.5: 0.59375·100 − 0.09375·100 = 50; 1.5: taps 0,1,1,1 → (0.59375 + 0.59375 − 0.09375)·100 = 109.375
        byte[] src = {0, 100};
        byte[] dst = new byte[4];
        Resize.bicubic(src, 2, 1, 0, 0, 1, 2, dst, 1, 4, new float[8]);
        assertThat(unsigned(dst)).containsExactly(0, 50, 100, 109);
        // overshoot beyond 255 is clipped: [0, 250] gives 1.09375·250 = 273 → 255
        Resize.bicubic(new byte[] {0, (byte) 250}, 2, 1, 0, 0, 1, 2, dst, 1, 4, new float[8]);
        assertThat(unsigned(dst)).containsExactly(0, 125, 250, 255);
    }

    @Test
    void downscalingByTwoSamplesEveryOtherPixelsNeighbourhood() {
        // 1×4 → 1×2: output 1 samples at 2.0 exactly (weight 1 on pixel 2)
        byte[] src = {10, 20, 30, 40};
        byte[] dst = new byte[2];
        Resize.bicubic(src, 4, 1, 0, 0, 1, 4, dst, 1, 2, new float[8]);
        assertThat(unsigned(dst)).containsExactly(10, 30);
    }

    @Test
    void resizesAWindowPerChannelAndInBothAxes() {
        // 3×3 RGB image; the window rows 1..2, columns 1..2, kept at 2×2 (identity on the window)
        byte[] src = new byte[27];
        for (int i = 0; i < 27; i++) {
            src[i] = (byte) i;
        }
        byte[] dst = new byte[12];
        Resize.bicubic(src, 3, 3, 1, 1, 2, 2, dst, 2, 2, new float[12]);
        assertThat(unsigned(dst)).containsExactly(12, 13, 14, 15, 16, 17, 21, 22, 23, 24, 25, 26);
    }

    static int[] unsigned(byte[] b) {
        int[] u = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            u[i] = b[i] & 0xFF;
        }
        return u;
    }
}
