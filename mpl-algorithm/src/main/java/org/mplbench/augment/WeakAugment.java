package org.mplbench.augment;

import java.util.SplittableRandom;
import org.mplbench.config.Check;

/**
 * The weak view: horizontal flip with probability ½, then pad by {@code pad} pixels (reflection, as
 * the reference code's {@code RandomCrop(padding_mode='reflect')}) and crop back to the original
 * size at a uniformly random offset.
 */
public final class WeakAugment implements Augmentation {

    private final int pad;

    public WeakAugment(int pad) {
        this.pad = Check.closed("augment.pad", pad, 0, 64);
    }

    /** Flip + pad-4 + random crop. */
    public static WeakAugment standard() {
        return new WeakAugment(4);
    }

    @Override
    public void apply(byte[] img, int h, int w, int c, SplittableRandom rng, Scratch s) {
        if (rng.nextBoolean()) {
            Ops.flip(img, h, w, c);
        }
        if (pad > 0) {
            int dx = rng.nextInt(2 * pad + 1);
            int dy = rng.nextInt(2 * pad + 1);
            Ops.padCropReflect(img, s.a, h, w, c, pad, dx, dy);
            System.arraycopy(s.a, 0, img, 0, h * w * c);
        }
    }
}
