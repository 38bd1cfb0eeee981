package org.mplbench.augment;

import java.util.List;
import java.util.SplittableRandom;
import org.mplbench.augment.Ops.Resample;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;

/**
 * RandAugment as the two MPL codes implement it: {@code n} operations drawn uniformly (with
 * replacement) from 15, each at magnitude {@code m} (level {@code m/10} of each operation's range),
 * each applied with a random probability, then a final Cutout.
 *
 * <table>
 * <caption>Differences between the variants (at m = 16)</caption>
 * <tr><th></th><th>{@code PAPER} (official TF code)</th><th>{@code REFERENCE_CODE} (PyTorch code)</th></tr>
 * <tr><td>probability</td><td>one p ~ U(0.2, 0.8) per image</td><td>a new p per operation</td></tr>
 * <tr><td>resampling</td><td>nearest</td><td>bicubic</td></tr>
 * <tr><td>Posterize</td><td>keep int(1.6·4) = 6 bits</td><td>keep 8 − round(1.6·4) = 2 bits</td></tr>
 * <tr><td>Solarize</td><td>threshold int(1.6·256) = 409 cast to uint8 = 153</td><td>255 − 409 = −154: inverts all</td></tr>
 * <tr><td>Contrast</td><td>grey level pixels/256 (the TF code's slip)</td><td>mean luma</td></tr>
 * <tr><td>Sharpness</td><td>smoothed values truncated</td><td>rounded</td></tr>
 * <tr><td>Cutout op</td><td>centred square of side 2·int(1.6·4) = 12</td><td>v = 6, PIL-inclusive (7×7)</td></tr>
 * <tr><td>final Cutout</td><td>16×16 centred</td><td>v = int(1.6·8) = 12 (13×13 inclusive)</td></tr>
 * </table>
 * Shared: Rotate ±3·m°, Shear ±0.03·m, Translate ±0.4·m px, Color/Contrast/Brightness/Sharpness
 * factor 0.18·m + 0.1, AutoContrast, Equalize, Invert; fill grey 128.
 *
 * <p>The official code scales Translate and the Cutout operation by constants: the CIFAR pipeline
 * passes {@code image_size // 8} = 4 for both (the figures above), the ImageNet pipeline leaves
 * {@code augment.RandAugment}'s defaults, {@code translate_const=100} and {@code cutout_const=40}, and
 * has no final Cutout ({@link #imagenet()}: at m = 17, Translate ±170 px and a Cutout square of side
 * 2·int(1.7·40) = 136 on a 224² crop).
 */
public final class RandAugment implements Augmentation {

    /** Whose RandAugment. */
    public enum Variant { PAPER, REFERENCE_CODE }

    /** The 15 operations, in both codes' list order (the draw indexes this list). */
    public enum Op {
        AUTO_CONTRAST, EQUALIZE, INVERT, ROTATE, POSTERIZE, SOLARIZE, COLOR, CONTRAST, BRIGHTNESS, SHARPNESS,
        SHEAR_X, SHEAR_Y, TRANSLATE_X, TRANSLATE_Y, CUTOUT
    }

    private static final List<Op> OPS = List.of(Op.values());
    public static final int FILL = 128;
    /** The CIFAR pipeline's {@code image_size // 8} for 32² images. */
    private static final int CIFAR_CONST = 4;
    /** {@code augment.RandAugment}'s defaults, which the ImageNet pipeline keeps. */
    public static final int IMAGENET_TRANSLATE_CONST = 100;
    public static final int IMAGENET_CUTOUT_CONST = 40;
    /** The official ImageNet-10% command's {@code --augment_magnitude}. */
    public static final int IMAGENET_MAGNITUDE = 17;

    private final Variant variant;
    private final int n;
    private final int m;
    private final boolean finalCutout;
    final double rotateDegrees;
    final double shear;
    final double translate;
    final double enhance;
    final int posterizeBits;
    final int solarizeThreshold;
    final int cutoutSize;
    final int finalCutoutSize;
    private final int translateConst;
    private final int cutoutConst;

    /** With the CIFAR pipeline's constants (Translate and the Cutout operation scaled by 4). */
    public RandAugment(Variant variant, int n, int m, boolean finalCutout) {
        this(variant, n, m, finalCutout, CIFAR_CONST, CIFAR_CONST);
    }

    /**
     * {@code translateConst} and {@code cutoutConst}: the official code's {@code translate_const} and
     * {@code cutout_const} (level·const pixels); the PyTorch code has CIFAR's only.
     */
    public RandAugment(Variant variant, int n, int m, boolean finalCutout, int translateConst, int cutoutConst) {
        this.variant = Check.notNull("randaugment.variant", variant);
        this.translateConst = Check.closed("randaugment.translate_const", translateConst, 1, 1 << 12);
        this.cutoutConst = Check.closed("randaugment.cutout_const", cutoutConst, 1, 1 << 12);
        if (variant == Variant.REFERENCE_CODE && (translateConst != CIFAR_CONST || cutoutConst != CIFAR_CONST)) {
            throw new ConfigException("randaugment.variant", "reference-code has CIFAR's constants only (4 and 4), not "
                    + translateConst + " and " + cutoutConst);
        }
        this.n = Check.closed("randaugment.n", n, 1, 15);
        this.m = Check.closed("randaugment.m", m, 1, 30);
        this.finalCutout = finalCutout;
        double level = m / 10.0;
        rotateDegrees = level * 30;
        shear = level * 0.3;
        translate = level * translateConst;
        enhance = level * 1.8 + 0.1;
        if (variant == Variant.PAPER) {
            posterizeBits = (int) (level * 4);
            solarizeThreshold = ((int) (level * 256)) & 0xFF;
            cutoutSize = 2 * (int) (level * cutoutConst);
            finalCutoutSize = 16;
        } else {
            posterizeBits = 8 - (int) Math.round(m * 4 / 10.0);
            solarizeThreshold = 255 - (int) (m * 256 / 10.0);
            cutoutSize = (int) (m * 4 / 10.0);
            finalCutoutSize = (int) (m * 8 / 10.0);
        }
        if (posterizeBits < 0 || posterizeBits > 8) {
            throw new ConfigException("randaugment.m",
                    "value " + m + " gives Posterize " + posterizeBits + " bits, outside 0..8");
        }
    }

    /** The paper's setting: 2 operations at magnitude 16, final Cutout on. */
    public static RandAugment of(Variant variant) {
        return new RandAugment(variant, 2, 16, true);
    }

    /**
     * The official ImageNet pipeline's RandAugment: 2 operations at magnitude 17, ImageNet constants,
     * no final Cutout.
     */
    public static RandAugment imagenet() {
        return new RandAugment(Variant.PAPER, 2, IMAGENET_MAGNITUDE, false, IMAGENET_TRANSLATE_CONST,
                IMAGENET_CUTOUT_CONST);
    }

    public Variant variant() {
        return variant;
    }

    /** Operations per image. */
    public int n() {
        return n;
    }

    /** Magnitude (of 10 per unit level). */
    public int m() {
        return m;
    }

    /** Side of the final Cutout square (0: none). */
    public int finalCutoutSize() {
        return finalCutout ? finalCutoutSize : 0;
    }

    /** Side of the Cutout operation's square. */
    public int cutoutOpSize() {
        return cutoutSize;
    }

    /** Rotation, degrees either way. */
    public double rotateDegrees() {
        return rotateDegrees;
    }

    /** Shear factor either way. */
    public double shear() {
        return shear;
    }

    /** Colour, contrast, brightness and sharpness factor. */
    public double enhanceFactor() {
        return enhance;
    }

    /** Bits Posterize keeps. */
    public int posterizeBits() {
        return posterizeBits;
    }

    /** Solarize's threshold, as the 8-bit image sees it. */
    public int solarizeThreshold() {
        return solarizeThreshold;
    }

    /** Largest translation, pixels. */
    public double translatePixels() {
        return translate;
    }

    @Override
    public void apply(byte[] img, int h, int w, int c, SplittableRandom rng, Scratch s) {
        double p = variant == Variant.PAPER ? rng.nextDouble(0.2, 0.8) : 0;
        for (int i = 0; i < n; i++) {
            Op op = OPS.get(rng.nextInt(OPS.size()));
            if (variant == Variant.REFERENCE_CODE) {
                p = rng.nextDouble(0.2, 0.8);
            }
            if (rng.nextDouble() <= p) {
                apply(op, img, h, w, c, rng, s);
            }
        }
        if (finalCutout) {
            cutout(img, h, w, c, finalCutoutSize, rng);
        }
    }

    /** Applies one operation at this instance's magnitude (random signs and positions from {@code rng}). */
    public void apply(Op op, byte[] img, int h, int w, int c, SplittableRandom rng, Scratch s) {
        boolean paper = variant == Variant.PAPER;
        Resample rs = paper ? Resample.NEAREST : Resample.BICUBIC;
        switch (op) {
            case AUTO_CONTRAST -> Ops.autoContrast(img, h, w, c);
            case EQUALIZE -> Ops.equalize(img, h, w, c);
            case INVERT -> Ops.invert(img, h, w, c);
            case POSTERIZE -> Ops.posterize(img, h, w, c, posterizeBits);
            case SOLARIZE -> Ops.solarize(img, h, w, c, solarizeThreshold);
            case COLOR -> Ops.color(img, h, w, c, enhance, s.a);
            case CONTRAST -> Ops.contrast(img, h, w, c, enhance, paper, s.a);
            case BRIGHTNESS -> Ops.brightness(img, h, w, c, enhance, s.a);
            case SHARPNESS -> Ops.sharpness(img, h, w, c, enhance, paper, s.a);
            case ROTATE -> geometric(img, h, w, c, s, () -> Ops.rotate(img, s.a, h, w, c, signed(rotateDegrees, rng), rs, FILL));
            case SHEAR_X -> geometric(img, h, w, c, s, () -> Ops.affine(img, s.a, h, w, c, 1, signed(shear, rng), 0, 0, 1, 0, rs, FILL));
            case SHEAR_Y -> geometric(img, h, w, c, s, () -> Ops.affine(img, s.a, h, w, c, 1, 0, 0, signed(shear, rng), 1, 0, rs, FILL));
            case TRANSLATE_X -> geometric(img, h, w, c, s, () -> Ops.affine(img, s.a, h, w, c, 1, 0, signed(translate, rng), 0, 1, 0, rs, FILL));
            case TRANSLATE_Y -> geometric(img, h, w, c, s, () -> Ops.affine(img, s.a, h, w, c, 1, 0, 0, 0, 1, signed(translate, rng), rs, FILL));
            case CUTOUT -> cutout(img, h, w, c, cutoutSize, rng);
            default -> throw new IllegalStateException(op.toString());
        }
    }

    private void cutout(byte[] img, int h, int w, int c, int size, SplittableRandom rng) {
        if (variant == Variant.PAPER) {
            Cutout.centred(img, h, w, c, rng.nextInt(h), rng.nextInt(w), size / 2, FILL);
        } else {
            double ux = rng.nextDouble();
            double uy = rng.nextDouble();
            Cutout.cornered(img, h, w, c, ux, uy, size, FILL);
        }
    }

    private static double signed(double v, SplittableRandom rng) {
        return rng.nextBoolean() ? v : -v;
    }

    private static void geometric(byte[] img, int h, int w, int c, Scratch s, Runnable transform) {
        transform.run();
        System.arraycopy(s.a, 0, img, 0, h * w * c);
    }
}
