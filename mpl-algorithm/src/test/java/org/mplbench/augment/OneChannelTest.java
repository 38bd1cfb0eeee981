package org.mplbench.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mplbench.augment.RandAugment.Op;
import org.mplbench.augment.RandAugment.Variant;

/**
 * Greyscale images (one channel): every operation must do to the one channel exactly what it does
 * to each channel of the same image stored as RGB with three equal channels (as PIL treats an "L"
 * image), so Fashion-MNIST gets the CIFAR operations with their meaning unchanged.
 */
class OneChannelTest {

    private static final int H = 28;
    private static final int W = 28;

    private static byte[] grey(long seed) {
        byte[] g = new byte[H * W];
        new SplittableRandom(seed).nextBytes(g);
        // a darker background, as in Fashion-MNIST, so that AutoContrast/Equalize have work to do
        for (int i = 0; i < g.length; i += 3) {
            g[i] = (byte) ((g[i] & 0xFF) / 4);
        }
        return g;
    }

    private static byte[] rgb(byte[] grey) {
        byte[] c = new byte[grey.length * 3];
        for (int p = 0; p < grey.length; p++) {
            c[3 * p] = grey[p];
            c[3 * p + 1] = grey[p];
            c[3 * p + 2] = grey[p];
        }
        return c;
    }

    @ParameterizedTest
    @EnumSource(Op.class)
    void everyRandAugmentOpOnGreyEqualsTheOpOnItsRgbCopy(Op op) {
        for (Variant v : Variant.values()) {
            RandAugment ra = RandAugment.of(v);
            for (long seed = 0; seed < 5; seed++) {
                byte[] g = grey(seed);
                byte[] c = rgb(g);
                ra.apply(op, g, H, W, 1, new SplittableRandom(seed), new Augmentation.Scratch(g.length));
                ra.apply(op, c, H, W, 3, new SplittableRandom(seed), new Augmentation.Scratch(c.length));
                assertThat(rgb(g)).as("%s %s seed %d", op, v, seed).isEqualTo(c);
            }
        }
    }

    @Test
    void theWholeStrongAndWeakViewsAgreeToo() {
        for (Variant v : Variant.values()) {
            Augmentation strong = new StrongAugment(RandAugment.of(v));
            for (long seed = 0; seed < 20; seed++) {
                byte[] g = grey(seed);
                byte[] c = rgb(g);
                strong.apply(g, H, W, 1, new SplittableRandom(seed), new Augmentation.Scratch(g.length));
                strong.apply(c, H, W, 3, new SplittableRandom(seed), new Augmentation.Scratch(c.length));
                assertThat(rgb(g)).isEqualTo(c);
            }
        }
        byte[] g = grey(3);
        byte[] c = rgb(g);
        WeakAugment.standard().apply(g, H, W, 1, new SplittableRandom(9), new Augmentation.Scratch(g.length));
        WeakAugment.standard().apply(c, H, W, 3, new SplittableRandom(9), new Augmentation.Scratch(c.length));
        assertThat(rgb(g)).isEqualTo(c);
    }

    @Test
    void colorIsTheIdentityAndContrastBlendsWithTheRoundedMean() {
        byte[] g = {10, 20, 30, 41};
        byte[] s = new byte[4];
        Ops.color(g, 2, 2, 1, 0, s);
        assertThat(g).containsExactly(10, 20, 30, 41);
        // mean 25.25 → 25; factor 2: 25 + 2·(v − 25) = −5 → 0, 15, 35, 57
        Ops.contrast(g, 2, 2, 1, 2, false, s);
        assertThat(g).containsExactly(0, 15, 35, 57);
    }

    @Test
    void flipAndPaddedCropMoveSingleBytes() {
        byte[] g = {1, 2, 3, 4, 5, 6};
        Ops.flip(g, 2, 3, 1);
        assertThat(g).containsExactly(3, 2, 1, 6, 5, 4);
        byte[] dst = new byte[6];
        // pad 1, window at (0, 0): row −1 reflects to row 1, column −1 to column 1
        Ops.padCropReflect(new byte[] {1, 2, 3, 4, 5, 6}, dst, 2, 3, 1, 1, 0, 0);
        assertThat(dst).containsExactly(5, 4, 5, 2, 1, 2);
    }
}
