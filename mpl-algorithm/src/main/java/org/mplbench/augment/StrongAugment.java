package org.mplbench.augment;

import java.util.SplittableRandom;

/**
 * The strong view of each code, its flips and pad-crops those of the run's weak view.
 * <ul>
 *   <li>{@code PAPER}: flip + pad-crop → RandAugment → Cutout 16×16 → flip + pad-crop again.</li>
 *   <li>{@code REFERENCE_CODE}: flip + pad-crop → RandAugment with its final Cutout.</li>
 *   <li>{@link #imagenet}: flip → RandAugment, on the random crop the pipeline took (the official
 *   ImageNet {@code _unl_parser}: no pad-crops, no Cutout beyond RandAugment's own operation).</li>
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
        this(randAugment.variant() == RandAugment.Variant.PAPER ? weak.then(randAugment).then(weak)
                : weak.then(randAugment), randAugment);
    }

    private StrongAugment(Augmentation chain, RandAugment randAugment) {
        this.chain = chain;
        this.randAugment = randAugment;
    }

    /** The ImageNet strong view: a horizontal flip, then {@code randAugment} ({@link RandAugment#imagenet()}). */
    public static StrongAugment imagenet(RandAugment randAugment) {
        return new StrongAugment(WeakAugment.flipOnly().then(randAugment), randAugment);
    }

    public RandAugment randAugment() {
        return randAugment;
    }

    @Override
    public void apply(byte[] img, int h, int w, int c, SplittableRandom rng, Scratch s) {
        chain.apply(img, h, w, c, rng, s);
    }
}
