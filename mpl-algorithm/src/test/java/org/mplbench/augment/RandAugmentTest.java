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

    @Test
    void imagenetKeepsTheOfficialDefaultsAtMagnitudeSeventeenWithoutFinalCutout() {
        // official ImageNet pipeline: augment.RandAugment(magnitude=17), translate_const 100, cutout_const 40
        RandAugment ra = RandAugment.imagenet();
        assertThat(ra.variant()).isEqualTo(Variant.PAPER);
        assertThat(ra.n()).isEqualTo(2);
        assertThat(ra.m()).isEqualTo(17);
        assertThat(ra.rotateDegrees()).isEqualTo(51.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ra.shear()).isEqualTo(0.51, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ra.translatePixels()).isEqualTo(170.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ra.enhanceFactor()).isEqualTo(3.16, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ra.posterizeBits()).isEqualTo(6); // int(1.7·4)
        assertThat(ra.solarizeThreshold()).isEqualTo(179); // int(1.7·256) = 435 wrapped to uint8
        assertThat(ra.cutoutOpSize()).isEqualTo(136); // pad_size int(1.7·40) = 68 either side
        assertThat(ra.finalCutoutSize()).isZero();
        assertThatThrownBy(() -> new RandAugment(Variant.REFERENCE_CODE, 2, 16, true, 100, 40))
                .isInstanceOf(ConfigException.class).hasMessageContaining("CIFAR's constants only");
    }

    @Test
    void imagenetStrongViewIsAFlipThenRandAugmentWithNoPadCrop() {
        // a flip-only view of a horizontally symmetric image changes nothing; RandAugment then does
        byte[] img = new byte[24 * 24 * 3];
        java.util.Arrays.fill(img, (byte) 77);
        Augmentation.Scratch s = new Augmentation.Scratch(img.length);
        byte[] flipped = img.clone();
        WeakAugment.flipOnly().apply(flipped, 24, 24, 3, new SplittableRandom(1), s);
        assertThat(flipped).isEqualTo(img);
        StrongAugment strong = StrongAugment.imagenet(RandAugment.imagenet());
        int changed = 0;
        for (long seed = 0; seed < 50; seed++) {
            byte[] x = img.clone();
            strong.apply(x, 24, 24, 3, new SplittableRandom(seed), s);
            changed += java.util.Arrays.equals(x, img) ? 0 : 1;
        }
        assertThat(changed).isBetween(10, 50);
        assertThat(strong.randAugment().finalCutoutSize()).isZero();
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
