package org.mplbench.augment;

import java.util.SplittableRandom;

/**
 * The strong view of each code, its flips and pad-crops those of the run's weak view.
 * <ul>
 *   <li>{@code PAPER}: flip + pad-crop → RandAugment → Cutout 16×16 → flip + pad-crop again.</li>
 *   <li>{@code REFERENCE_CODE}: flip + pad-crop → RandAugment with its final Cutout.</li>
 * </ul>
 */
public final class StrongAugment implements Augmentation {

    private final Augmentation chain;
    private final RandAugment randAugment;

    /** With {@link WeakAugment#standard()}'s flips and crops. */
    public StrongAugment(RandAugment randAugment) {
        this(randAugment, WeakAugment.standard());
    }

    public StrongAugment(RandAugment randAugment, WeakAugment weak) {
        this.randAugment = randAugment;
        Augmentation c = weak.then(randAugment);
        if (randAugment.variant() == RandAugment.Variant.PAPER) {
            c = c.then(weak);
        }
        this.chain = c;
    }

    public RandAugment randAugment() {
        return randAugment;
    }

    @Override
    public void apply(byte[] img, int h, int w, int c, SplittableRandom rng, Scratch s) {
        chain.apply(img, h, w, c, rng, s);
    }
}
