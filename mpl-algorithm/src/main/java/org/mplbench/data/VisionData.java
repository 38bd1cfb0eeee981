package org.mplbench.data;

/**
 * A vision dataset as loaded: the training images, optional extra unlabeled-only images (SVHN's
 * {@code extra}), the test images, and whether they are real or the synthetic stand-in.
 *
 * @param source "real" or "synthetic", written into every result row
 */
public record VisionData(String dataset, ImageSet train, ImageSet extra, ImageSet test, String source) {

    public boolean synthetic() {
        return "synthetic".equals(source);
    }
}
