package org.mplbench.data;

import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;

/**
 * How a semi-supervised split is drawn from a training set, class by class.
 *
 * @param name published name ({@code cifar10-4k}, ...)
 * @param labeledPerClass labeled images per class, or 0 to use {@code labeledFraction}
 * @param labeledFraction share of each class, after its validation images, that is labeled (when
 *     {@code labeledPerClass} is 0)
 * @param validationPerClass images per class held out for validation (neither labeled nor unlabeled)
 * @param unlabeledIncludesLabeled whether the labeled images are also in the unlabeled set
 */
public record SplitSpec(String name, int labeledPerClass, double labeledFraction, int validationPerClass,
        boolean unlabeledIncludesLabeled) {

    /** Which images are unlabeled: the paper's counts, or every training image as both MPL codes. */
    public enum Variant {
        /** The published counts (CIFAR-10-4K: 41,000 unlabeled, 5,000 held out of both sets). */
        PAPER,
        /** Every training image is unlabeled, the labeled ones included, nothing held out (both codes: 50,000). */
        CODES
    }

    /** 4,000 labeled (400 per class), 5,000 validation (500 per class), 41,000 unlabeled. */
    public static final SplitSpec CIFAR10_4K = new SplitSpec("cifar10-4k", 400, 0, 500, false);
    /** 1,000 labeled (100 per class) from {@code train}; unlabeled = the rest of train + extra. */
    public static final SplitSpec SVHN_1K = new SplitSpec("svhn-1k", 100, 0, 0, false);
    /** 4,000 labeled (400 per class), 5,000 validation (500 per class), the other 51,000 unlabeled. */
    public static final SplitSpec FASHION_MNIST_4K = new SplitSpec("fashion-mnist-4k", 400, 0, 500, false);
    /** 1,000 labeled (100 per class), 5,000 validation (500 per class), the other 54,000 unlabeled. */
    public static final SplitSpec FASHION_MNIST_1K = new SplitSpec("fashion-mnist-1k", 100, 0, 500, false);
    /** 10 % of each class labeled; every training image is unlabeled data. */
    public static final SplitSpec IMAGENET_10_PERCENT = new SplitSpec("imagenet-10pct", 0, 0.1, 0, true);
    /**
     * Table 3: every training image labeled except 25 per class (25,000 of ImageNet) held out for tuning
     * and model selection; the unlabeled images are another pool.
     */
    public static final SplitSpec IMAGENET_HELD_OUT = new SplitSpec("imagenet-heldout", 0, 1.0, 25, false);

    public SplitSpec {
        Check.notNull("split.name", name);
        Check.closed("split.labeled_per_class", labeledPerClass, 0, Integer.MAX_VALUE);
        Check.closed("split.labeled_fraction", labeledFraction, 0, 1);
        Check.closed("split.validation_per_class", validationPerClass, 0, Integer.MAX_VALUE);
        if ((labeledPerClass == 0) == (labeledFraction == 0)) {
            throw new ConfigException("split.labeled_per_class",
                    "give either a per-class count or a fraction, not both or neither");
        }
    }

    /** Same rule with another labeled count per class (e.g. a scaled-down synthetic set). */
    public SplitSpec withLabeledPerClass(int n, int validation) {
        return new SplitSpec(name, n, 0, validation, unlabeledIncludesLabeled);
    }

    /** Same rule with another hold-out per class (the tests' tiny trees). */
    public SplitSpec withValidationPerClass(int validation) {
        return new SplitSpec(name, labeledPerClass, labeledFraction, validation, unlabeledIncludesLabeled);
    }

    /** This rule in {@code variant}: itself, or with every training image unlabeled and no hold-out. */
    public SplitSpec in(Variant variant) {
        return variant == Variant.PAPER ? this
                : new SplitSpec(name + "-all-unlabeled", labeledPerClass, labeledFraction, 0, true);
    }

    int labeledCount(int classSize) {
        return labeledPerClass > 0 ? labeledPerClass
                : (int) Math.round(labeledFraction * (classSize - validationPerClass));
    }
}
