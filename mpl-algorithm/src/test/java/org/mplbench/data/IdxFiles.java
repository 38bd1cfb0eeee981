package org.mplbench.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Writes small files in the IDX format of MNIST/Fashion-MNIST for the tests. */
public final class IdxFiles {

    private IdxFiles() {}

    /** An images file: magic, count, rows, cols, then {@code pixels}. */
    public static byte[] images(int magic, int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length).putInt(magic).putInt(count).putInt(rows).putInt(cols)
                .put(pixels).array();
    }

    /** A labels file: magic, count, then {@code labels}. */
    public static byte[] labels(int magic, int count, byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(magic).putInt(count).put(labels).array();
    }

    public static byte[] gzip(byte[] raw, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] raw) throws IOException {
        return gzip(raw, Deflater.DEFAULT_COMPRESSION);
    }

    /**
     * A Fashion-MNIST-shaped folder: {@code train} and {@code test} 28×28 images whose pixel i of image
     * k is {@code (k·7 + i) mod 256} and whose label is {@code k mod 10}; gzip-compressed when asked.
     */
    public static void fashionMnist(Path dir, int train, int test, boolean gz) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train-images-idx3-ubyte", images(Idx.IMAGES_MAGIC, train, 28, 28, pixels(train)), gz);
        write(dir, "train-labels-idx1-ubyte", labels(Idx.LABELS_MAGIC, train, labelBytes(train)), gz);
        write(dir, "t10k-images-idx3-ubyte", images(Idx.IMAGES_MAGIC, test, 28, 28, pixels(test)), gz);
        write(dir, "t10k-labels-idx1-ubyte", labels(Idx.LABELS_MAGIC, test, labelBytes(test)), gz);
    }

    static byte[] pixels(int n) {
        byte[] p = new byte[n * 784];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 784; i++) {
                p[k * 784 + i] = (byte) (k * 7 + i);
            }
        }
        return p;
    }

    static byte[] labelBytes(int n) {
        byte[] y = new byte[n];
        for (int k = 0; k < n; k++) {
            y[k] = (byte) (k % 10);
        }
        return y;
    }

    private static void write(Path dir, String base, byte[] raw, boolean gz) throws IOException {
        Files.write(dir.resolve(gz ? base + ".gz" : base), gz ? gzip(raw) : raw);
    }
}
