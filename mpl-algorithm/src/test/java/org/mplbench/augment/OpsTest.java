package org.mplbench.augment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mplbench.augment.Ops.Resample;

/** Hand-computed results on tiny images (HWC, values written out below each case). */
class OpsTest {

    /** A grey image (R = G = B) of {@code h × w} from row-major values. */
    private static byte[] grey(int... v) {
        byte[] img = new byte[3 * v.length];
        for (int i = 0; i < v.length; i++) {
            img[3 * i] = (byte) v[i];
            img[3 * i + 1] = (byte) v[i];
            img[3 * i + 2] = (byte) v[i];
        }
        return img;
    }

    private static int[] channel(byte[] img, int c) {
        int[] out = new int[img.length / 3];
        for (int i = 0; i < out.length; i++) {
            out[i] = img[3 * i + c] & 0xFF;
        }
        return out;
    }

    @Test
    void pointOperations() {
        byte[] img = grey(0, 100, 200, 255);
        Ops.invert(img, 2, 2, 3);
        assertThat(channel(img, 0)).containsExactly(255, 155, 55, 0);
        img = grey(0, 100, 200, 255);
        Ops.posterize(img, 2, 2, 3, 2); // keep the top 2 bits: & 0b11000000
        assertThat(channel(img, 1)).containsExactly(0, 64, 192, 192);
        img = grey(0, 100, 200, 255);
        Ops.solarize(img, 2, 2, 3, 153); // ≥ 153 inverted
        assertThat(channel(img, 2)).containsExactly(0, 100, 55, 0);
        img = grey(0, 100, 200, 255);
        Ops.solarize(img, 2, 2, 3, -154); // the reference code's threshold at m = 16: everything inverted
        assertThat(channel(img, 0)).containsExactly(255, 155, 55, 0);
    }

    @Test
    void autoContrastStretchesEachChannel() {
        byte[] img = grey(50, 100, 150, 150);
        Ops.autoContrast(img, 2, 2, 3); // scale 2.55, offset −127.5: 0, int(127.5) = 127, 255
        assertThat(channel(img, 0)).containsExactly(0, 127, 255, 255);
        byte[] flat = grey(7, 7, 7, 7);
        Ops.autoContrast(flat, 2, 2, 3);
        assertThat(channel(flat, 0)).containsOnly(7);
    }

    @Test
    void enhanceBlendsTruncateAndClip() {
        byte[] s = new byte[12];
        byte[] img = grey(10, 100, 200, 250);
        Ops.brightness(img, 2, 2, 3, 1.5, s); // 15, 150, 300→255, 375→255
        assertThat(channel(img, 0)).containsExactly(15, 150, 255, 255);
        img = grey(10, 100, 200, 250);
        Ops.brightness(img, 2, 2, 3, 0.33, s); // 3.3, 33, 66, 82.5 truncated
        assertThat(channel(img, 0)).containsExactly(3, 33, 66, 82);
        // contrast, PIL: mean luma (10+100+200+250)/4 = 140; 140 + 2·(x − 140)
        img = grey(10, 100, 200, 250);
        Ops.contrast(img, 2, 2, 3, 2, false, s);
        assertThat(channel(img, 0)).containsExactly(0, 60, 255, 255);
        // contrast, official TF: grey level = pixels/256 = 4/256 → 0, so it acts as brightness 2
        img = grey(10, 100, 200, 250);
        Ops.contrast(img, 2, 2, 3, 2, true, s);
        assertThat(channel(img, 0)).containsExactly(20, 200, 255, 255);
        // colour 0 gives the luma: (255·19595 + 0 + 0 + 32768) >> 16 = 76 for pure red
        byte[] red = {(byte) 255, 0, 0};
        Ops.color(red, 1, 1, 3, 0, s);
        assertThat(channel(red, 0)).containsExactly(76);
        assertThat(channel(red, 1)).containsExactly(76);
    }

    @Test
    void sharpnessSmoothsTheInteriorOnlyRoundingOrTruncating() {
        byte[] s = new byte[27];
        // 3x3: centre 0, border 100. smooth(centre) = (8·100 + 5·0)/13 = 61.54
        int[] v = {100, 100, 100, 100, 0, 100, 100, 100, 100};
        byte[] img = grey(v);
        Ops.sharpness(img, 3, 3, 3, 0, false, s); // factor 0 = the smoothed image; PIL rounds: 62
        assertThat(channel(img, 0)).containsExactly(100, 100, 100, 100, 62, 100, 100, 100, 100);
        img = grey(v);
        Ops.sharpness(img, 3, 3, 3, 0, true, s); // the official code truncates: 61
        assertThat(channel(img, 0)[4]).isEqualTo(61);
        img = grey(v);
        Ops.sharpness(img, 3, 3, 3, 2, false, s); // 62 + 2·(0 − 62) < 0 → 0
        assertThat(channel(img, 0)[4]).isZero();
    }

    @Test
    void flipAndReflectPadCrop() {
        byte[] img = grey(1, 2, 3, 4, 5, 6);
        Ops.flip(img, 2, 3, 3);
        assertThat(channel(img, 0)).containsExactly(3, 2, 1, 6, 5, 4);
        // 3x3 image padded by 1 with reflection:
        //  5 4 5 6 5
        //  2 1 2 3 2
        //  5 4 5 6 5
        //  8 7 8 9 8
        //  5 4 5 6 5
        byte[] src = grey(1, 2, 3, 4, 5, 6, 7, 8, 9);
        byte[] dst = new byte[27];
        Ops.padCropReflect(src, dst, 3, 3, 3, 1, 0, 0);
        assertThat(channel(dst, 0)).containsExactly(5, 4, 5, 2, 1, 2, 5, 4, 5);
        Ops.padCropReflect(src, dst, 3, 3, 3, 1, 2, 2);
        assertThat(channel(dst, 0)).containsExactly(5, 6, 5, 8, 9, 8, 5, 6, 5);
        Ops.padCropReflect(src, dst, 3, 3, 3, 1, 1, 1);
        assertThat(channel(dst, 0)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void geometricOperationsNearest() {
        byte[] src = grey(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        byte[] dst = new byte[48];
        // 90° counter-clockwise: the top row becomes the left column, read bottom to top
        Ops.rotate(src, dst, 4, 4, 3, 90, Resample.NEAREST, 0);
        assertThat(channel(dst, 0)).containsExactly(4, 8, 12, 16, 3, 7, 11, 15, 2, 6, 10, 14, 1, 5, 9, 13);
        // translate x by +1: output (x, y) samples input x + 1; the last column is filled
        Ops.affine(src, dst, 4, 4, 3, 1, 0, 1, 0, 1, 0, Resample.NEAREST, 128);
        assertThat(channel(dst, 0)).containsExactly(2, 3, 4, 128, 6, 7, 8, 128, 10, 11, 12, 128, 14, 15, 16, 128);
        // shear x by 0.5: row y samples floor(x + ½ + 0.5·(y + ½)) = x + 0, 1, 1, 2 for y = 0..3
        Ops.affine(src, dst, 4, 4, 3, 1, 0.5, 0, 0, 1, 0, Resample.NEAREST, 0);
        assertThat(channel(dst, 0)).containsExactly(1, 2, 3, 4, 6, 7, 8, 0, 10, 11, 12, 0, 15, 16, 0, 0);
    }

    @Test
    void cutoutPlacements() {
        byte[] img = grey(new int[36]);
        // official: centre (1, 4), pad 2 → rows [−1, 3) ∩ [0, 6), columns [2, 6)
        Cutout.centred(img, 6, 6, 3, 1, 4, 2, 9);
        assertThat(channel(img, 0)).containsExactly(
                0, 0, 9, 9, 9, 9,
                0, 0, 9, 9, 9, 9,
                0, 0, 9, 9, 9, 9,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0);
        img = grey(new int[36]);
        // reference: v = 2, u = (0.5, 0.1): x0 = int(3 − 1) = 2, y0 = int(max(0, 0.6 − 1)) = 0,
        // x1 = 4, y1 = 2, PIL includes both corners → columns 2..4, rows 0..2
        Cutout.cornered(img, 6, 6, 3, 0.5, 0.1, 2, 9);
        assertThat(channel(img, 0)).containsExactly(
                0, 0, 9, 9, 9, 0,
                0, 0, 9, 9, 9, 0,
                0, 0, 9, 9, 9, 0,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0);
    }
}
