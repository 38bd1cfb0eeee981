package org.mplbench.data;

/**
 * A vision dataset as loaded: the training images, optional extra unlabeled-only images (SVHN's
 * {@code extra}), the test images, whether they are real or the synthetic stand-in, and the
 * per-channel statistics its images are normalised with.
 *
 * @param source "real" or "synthetic", written into every result row
 */
public record VisionData(String dataset, ImageSet train, ImageSet extra, ImageSet test, String source,
        Normalization normalization) {

    public VisionData {
        if (normalization.channels() != train.channels() || normalization.channels() != test.channels()) {
            throw new IllegalArgumentException(dataset + ": normalisation for " + normalization.channels()
                    + " channel(s), images with " + train.channels());
        }
    }

    public boolean synthetic() {
        return "synthetic".equals(source);
    }
}
