package org.mplbench.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mplbench.augment.RandAugment.Variant;
import org.mplbench.config.ConfigException;

class RandAugmentTest {

    @Test
    void magnitudesAtSixteenMatchEachCode() {
        RandAugment paper = RandAugment.of(Variant.PAPER);
        assertThat(paper.rotateDegrees).isEqualTo(48.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(paper.shear).isEqualTo(0.48, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(paper.translate).isEqualTo(6.4, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(paper.enhance).isEqualTo(2.98, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(paper.posterizeBits).isEqualTo(6);
        assertThat(paper.solarizeThreshold).isEqualTo(153); // int(409.6) = 409 wrapped to uint8
        assertThat(paper.cutoutSize).isEqualTo(12);
        assertThat(paper.finalCutoutSize).isEqualTo(16);
        RandAugment ref = RandAugment.of(Variant.REFERENCE_CODE);
        assertThat(ref.rotateDegrees).isEqualTo(48.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ref.enhance).isEqualTo(2.98, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ref.posterizeBits).isEqualTo(2);
        assertThat(ref.solarizeThreshold).isEqualTo(-154);
        assertThat(ref.cutoutSize).isEqualTo(6);
        assertThat(ref.finalCutoutSize).isEqualTo(12);
        assertThatThrownBy(() -> new RandAugment(Variant.PAPER, 2, 31, true)).isInstanceOf(ConfigException.class);
    }

    private static byte[] image(long seed) {
        byte[] img = new byte[32 * 32 * 3];
        new SplittableRandom(seed).nextBytes(img);
        return img;
    }

    @Test
    void sameStreamSameResultOtherStreamOtherResult() {
        for (Variant v : Variant.values()) {
            StrongAugment strong = new StrongAugment(RandAugment.of(v));
            Augmentation.Scratch s = new Augmentation.Scratch(32 * 32 * 3);
            byte[] a = image(1);
            byte[] b = image(1);
            byte[] c = image(1);
            strong.apply(a, 32, 32, 3, new SplittableRandom(7), s);
            strong.apply(b, 32, 32, 3, new SplittableRandom(7), s);
            strong.apply(c, 32, 32, 3, new SplittableRandom(8), s);
            assertThat(a).isEqualTo(b);
            assertThat(a).isNotEqualTo(c);
            assertThat(a).isNotEqualTo(image(1));
        }
    }

    @Test
    void finalCutoutAlwaysGreysASquare() {
        // with no operation drawn (n = 1, but the image is checked only for the final cutout's grey block)
        RandAugment ra = new RandAugment(Variant.PAPER, 1, 16, true);
        Augmentation.Scratch s = new Augmentation.Scratch(32 * 32 * 3);
        for (int seed = 0; seed < 20; seed++) {
            byte[] img = new byte[32 * 32 * 3]; // black: ops keep it dark or invert it, never 128 except the fill
            ra.apply(img, 32, 32, 3, new SplittableRandom(seed), s);
            int grey = 0;
            for (byte b : img) {
                grey += (b & 0xFF) == 128 ? 1 : 0;
            }
            assertThat(grey).as("seed %d", seed).isGreaterThanOrEqualTo(3 * 8 * 8);
        }
    }

    /** Values in [50, 200): AutoContrast and Equalize have something to stretch, Solarize at 153 something to invert. */
    private static byte[] lowContrast(long seed) {
        byte[] img = new byte[32 * 32 * 3];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < img.length; i++) {
            img[i] = (byte) r.nextInt(50, 200);
        }
        return img;
    }

    @Test
    void everyOperationRunsOnBothVariants() {
        for (Variant v : Variant.values()) {
            RandAugment ra = RandAugment.of(v);
            for (RandAugment.Op op : RandAugment.Op.values()) {
                byte[] img = lowContrast(3);
                ra.apply(op, img, 32, 32, 3, new SplittableRandom(1), new Augmentation.Scratch(img.length));
                assertThat(img).as(v + " " + op).isNotEqualTo(lowContrast(3));
            }
        }
    }
}
