package org.mplbench.augment;

import java.util.SplittableRandom;

/**
 * A random augmentation of one image in place (HWC uint8, {@code c} channels). All randomness comes from {@code rng},
 * so an image's result depends only on the stream it is given, not on which thread runs it.
 */
@FunctionalInterface
public interface Augmentation {

    void apply(byte[] img, int h, int w, int c, SplittableRandom rng, Scratch scratch);

    /** Per-thread work buffers, so that augmenting allocates nothing. */
    final class Scratch {
        final byte[] a;
        final byte[] b;

        private float[] floats = new float[0];

        public Scratch(int bytes) {
            this.a = new byte[bytes];
            this.b = new byte[bytes];
        }

        /** A float buffer of at least {@code n} (a resize's intermediate rows), kept for the next call. */
        public float[] floats(int n) {
            if (floats.length < n) {
                floats = new float[n];
            }
            return floats;
        }
    }

    /** This augmentation followed by {@code next}. */
    default Augmentation then(Augmentation next) {
        return (img, h, w, c, rng, s) -> {
            apply(img, h, w, c, rng, s);
            next.apply(img, h, w, c, rng, s);
        };
    }
}
