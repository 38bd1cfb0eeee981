package org.mplbench.data;

import java.util.Objects;

/** Images held in one uint8 array (HWC per image, 1 or 3 channels), labels in a byte array. */
public final class InMemoryImages implements ImageSet {

    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int height;
    private final int width;
    private final int channels;
    private final int classes;

    /** RGB images: {@code labels.length} images of {@code height × width × 3} bytes, HWC. */
    public InMemoryImages(String name, byte[] pixels, byte[] labels, int height, int width, int classes) {
        this(name, pixels, labels, height, width, 3, classes);
    }

    /**
     * @param pixels {@code labels.length} images of {@code height × width × channels} bytes, HWC
     * @param channels 1 (greyscale) or 3 (RGB)
     * @param labels class of each image, in {@code [0, classes)}
     */
    public InMemoryImages(String name, byte[] pixels, byte[] labels, int height, int width, int channels, int classes) {
        this.name = Objects.requireNonNull(name);
        this.pixels = Objects.requireNonNull(pixels);
        this.labels = Objects.requireNonNull(labels);
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.classes = classes;
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(name + ": " + channels + " channels; 1 or 3 are supported");
        }
        if ((long) labels.length * height * width * channels != pixels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel bytes for "
                    + labels.length + " images of " + height + "x" + width + "x" + channels);
        }
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i] & 0xFF;
            if (y >= classes) {
                throw new IllegalArgumentException(name + ": image " + i + " has label " + y
                        + ", expected 0.." + (classes - 1));
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xFF;
    }

    @Override
    public void read(int index, byte[] dst, int offset) {
        int n = imageBytes();
        System.arraycopy(pixels, index * n, dst, offset, n);
    }
}
