package org.mplbench.data;

/**
 * A labeled set of images kept as uint8, height × width × channels interleaved (HWC) per image: the
 * layout the augmentations work on. Channels are 3 (RGB) or 1 (greyscale). Implementations are read-only and safe to read from several
 * threads at once.
 */
public interface ImageSet {

    /** Where the images came from, for messages and provenance (e.g. {@code cifar10:train}). */
    String name();

    int size();

    int height();

    int width();

    /** 3 for RGB, 1 for greyscale. */
    default int channels() {
        return 3;
    }

    /** Number of classes; labels are in {@code [0, classes)}. */
    int classes();

    int label(int index);

    /** Copies image {@code index} (HWC uint8, {@link #imageBytes()} bytes) into {@code dst} at {@code offset}. */
    void read(int index, byte[] dst, int offset);

    /**
     * Image {@code index} as stored, before any resizing: for sets held at their training size (CIFAR,
     * SVHN, Fashion-MNIST) what {@link #read} gives; for a folder of photographs the decoded file at its
     * own size, which ImageNet's random crops start from.
     */
    default Decoded decode(int index) {
        byte[] b = new byte[imageBytes()];
        read(index, b, 0);
        return new Decoded(b, height(), width(), channels());
    }

    /** One decoded image, HWC uint8. */
    record Decoded(byte[] pixels, int height, int width, int channels) {}

    default int imageBytes() {
        return height() * width() * channels();
    }

    /** All labels, in index order. */
    default int[] labels() {
        int[] y = new int[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = label(i);
        }
        return y;
    }
}
