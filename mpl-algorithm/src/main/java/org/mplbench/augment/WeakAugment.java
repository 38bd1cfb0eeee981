package org.mplbench.augment;

import java.util.SplittableRandom;
import org.mplbench.config.Check;

/**
 * The weak view: horizontal flip with probability ½ (unless off), then pad by {@code pad} pixels and
 * crop back to the original size at a uniformly random offset. Both MPL codes pad with the constant
 * grey 128 (the official {@code _flip_and_jitter(x, 128)}, the PyTorch code's
 * {@code RandomCrop(fill=128, padding_mode='constant')}); reflection is this suite's choice for its
 * CPU budgets.
 */
public final class WeakAugment implements Augmentation {

    /** What the crop sees outside the image. */
    public enum Padding {
        /** Mirror the border pixels (without repeating the edge). */
        REFLECT,
        /** Grey 128 in every channel, as both MPL codes. */
        CONSTANT_128
    }

    private final int pad;
    private final Padding padding;
    private final boolean flip;

    public WeakAugment(int pad, Padding padding, boolean flip) {
        this.pad = Check.closed("augment.pad", pad, 0, 64);
        this.padding = Check.notNull("augment.padding", padding);
        this.flip = flip;
    }

    /** Flip + reflect-pad 4 + random crop (this suite's CPU budgets and the benchmarks). */
    public static WeakAugment standard() {
        return new WeakAugment(4, Padding.REFLECT, true);
    }

    /** A horizontal flip with probability ½ and no crop: the ImageNet views' flip (the crop is the pipeline's). */
    public static WeakAugment flipOnly() {
        return new WeakAugment(0, Padding.CONSTANT_128, true);
    }

    public int pad() {
        return pad;
    }

    public Padding padding() {
        return padding;
    }

    public boolean flip() {
        return flip;
    }

    @Override
    public void apply(byte[] img, int h, int w, int c, SplittableRandom rng, Scratch s) {
        // the flip draw is made even when flips are off, so that the crop offsets of a run do not
        // depend on whether it flips
        if (rng.nextBoolean() && flip) {
            Ops.flip(img, h, w, c);
        }
        if (pad > 0) {
            int dx = rng.nextInt(2 * pad + 1);
            int dy = rng.nextInt(2 * pad + 1);
            if (padding == Padding.REFLECT) {
                Ops.padCropReflect(img, s.a, h, w, c, pad, dx, dy);
            } else {
                Ops.padCropConstant(img, s.a, h, w, c, pad, dx, dy, RandAugment.FILL);
            }
            System.arraycopy(s.a, 0, img, 0, h * w * c);
        }
    }
}
