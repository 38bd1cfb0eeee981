package org.mplbench.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mplbench.augment.WeakAugment.Padding;

/** The weak view's padding fills and the flip switch, on a 3×3 one-channel image. */
class WeakAugmentTest {

    private static final byte[] IMG = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static int[] ints(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xFF;
        }
        return out;
    }

    @Test
    void constantPaddingShowsGrey128AndReflectionMirrorsTheBorder() {
        byte[] out = new byte[9];
        Ops.padCropConstant(IMG, out, 3, 3, 1, 1, 0, 0, 128); // the crop's top-left is the padding's corner
        assertThat(ints(out)).containsExactly(128, 128, 128, 128, 1, 2, 128, 4, 5);
        Ops.padCropConstant(IMG, out, 3, 3, 1, 1, 2, 1, 128);
        assertThat(ints(out)).containsExactly(2, 3, 128, 5, 6, 128, 8, 9, 128);
        Ops.padCropReflect(IMG, out, 3, 3, 1, 1, 0, 0);
        assertThat(ints(out)).containsExactly(5, 4, 5, 2, 1, 2, 5, 4, 5);
        Ops.padCropConstant(IMG, out, 3, 3, 1, 1, 1, 1, 128); // the centre offset is the identity
        assertThat(ints(out)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void withoutFlipsTheCropsAreTheSameDrawsAsWithFlips() {
        Augmentation.Scratch s = new Augmentation.Scratch(9);
        WeakAugment flips = new WeakAugment(1, Padding.CONSTANT_128, true);
        WeakAugment none = new WeakAugment(1, Padding.CONSTANT_128, false);
        int flipped = 0;
        for (int seed = 0; seed < 40; seed++) {
            byte[] a = IMG.clone();
            byte[] b = IMG.clone();
            flips.apply(a, 3, 3, 1, new SplittableRandom(seed), s);
            none.apply(b, 3, 3, 1, new SplittableRandom(seed), s);
            // b is a's crop of the unflipped image: flipping b's source reproduces a whenever a flipped
            boolean aFlipped = new SplittableRandom(seed).nextBoolean();
            if (aFlipped) {
                flipped++;
                byte[] mirrored = IMG.clone();
                Ops.flip(mirrored, 3, 3, 1);
                byte[] c = new byte[9];
                SplittableRandom rng = new SplittableRandom(seed);
                rng.nextBoolean();
                int dx = rng.nextInt(3);
                int dy = rng.nextInt(3);
                Ops.padCropConstant(mirrored, c, 3, 3, 1, 1, dx, dy, 128);
                assertThat(a).isEqualTo(c);
            } else {
                assertThat(a).isEqualTo(b);
            }
            assertThat(b).doesNotContain((byte) 0);
        }
        assertThat(flipped).isBetween(10, 30);
        assertThat(none.flip()).isFalse();
        assertThat(WeakAugment.standard().padding()).isEqualTo(Padding.REFLECT);
    }
}
