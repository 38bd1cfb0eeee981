package org.mplbench.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST, gzip-compressed or raw (told apart by the
 * gzip magic bytes, not the file name). Big-endian; images: magic {@code 0x00000803}, count, rows,
 * columns, then count·rows·columns uint8 pixels row-major; labels: magic {@code 0x00000801}, count,
 * then count uint8 labels.
 *
 * <p>Every header field is checked before the payload is read and the payload must be exactly as
 * long as the header says; a problem is a {@link DataFormatException} naming the file, and nothing
 * further is read.
 */
public final class Idx {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /**
     * One greyscale image set from an images file and its labels file.
     *
     * @param rows expected image height (the header must say the same)
     * @param cols expected image width
     * @param classes labels must lie in {@code [0, classes)}
     */
    public static InMemoryImages load(String name, Path images, Path labels, int rows, int cols, int classes)
            throws IOException {
        byte[] y = readLabels(labels, classes);
        byte[] x = readImages(images, rows, cols, y.length, labels);
        return new InMemoryImages(name, x, y, rows, cols, 1, classes);
    }

    /** The labels of {@code file}, each checked to lie in {@code [0, classes)}. */
    public static byte[] readLabels(Path file, int classes) throws IOException {
        try (InputStream in = open(file)) {
            requireMagic(file, in, LABELS_MAGIC);
            int n = header(file, in, "label count");
            if (n < 0) {
                throw new DataFormatException(file.toString(), "negative label count " + n);
            }
            byte[] y = payload(file, in, n, n + " labels");
            for (int i = 0; i < n; i++) {
                if ((y[i] & 0xFF) >= classes) {
                    throw new DataFormatException(file.toString(), "label " + i + " is " + (y[i] & 0xFF)
                            + ", expected 0.." + (classes - 1));
                }
            }
            return y;
        }
    }

    /**
     * The pixels of {@code file}: {@code count} images of {@code rows × cols} bytes, checked against the
     * header ({@code labels} names the file the count came from, for the message).
     */
    public static byte[] readImages(Path file, int rows, int cols, int count, Path labels) throws IOException {
        try (InputStream in = open(file)) {
            requireMagic(file, in, IMAGES_MAGIC);
            int n = header(file, in, "image count");
            int r = header(file, in, "row count");
            int c = header(file, in, "column count");
            if (r != rows || c != cols) {
                throw new DataFormatException(file.toString(), "images are " + r + "x" + c + ", expected "
                        + rows + "x" + cols);
            }
            if (n != count) {
                throw new DataFormatException(file.toString(), "holds " + n + " images but " + labels + " holds "
                        + count + " labels");
            }
            return payload(file, in, (long) n * r * c, n + " images of " + r + "x" + c);
        }
    }

    /**
     * Writes a one-channel image set as an IDX images file and a labels file, gzip-compressed when a
     * name ends in {@code .gz} (tests write small real-format files with it; exports).
     */
    public static void write(ImageSet set, Path images, Path labels) throws IOException {
        if (set.channels() != 1 || set.classes() > 256) {
            throw new IllegalArgumentException(set.name() + ": IDX holds one-channel images with byte labels");
        }
        int n = set.size();
        int bytes = set.imageBytes();
        java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + n * bytes)
                .putInt(IMAGES_MAGIC).putInt(n).putInt(set.height()).putInt(set.width());
        java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + n).putInt(LABELS_MAGIC).putInt(n);
        byte[] one = new byte[bytes];
        for (int i = 0; i < n; i++) {
            set.read(i, one, 0);
            img.put(one);
            lab.put((byte) set.label(i));
        }
        writeMaybeGzipped(images, img.array());
        writeMaybeGzipped(labels, lab.array());
    }

    private static void writeMaybeGzipped(Path file, byte[] raw) throws IOException {
        if (file.getFileName().toString().endsWith(".gz")) {
            try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(raw);
            }
        } else {
            Files.write(file, raw);
        }
    }

    /** Opens {@code file}, decompressing when it starts with the gzip magic bytes; empty files are refused. */
    static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file.toString(), "missing");
        }
        if (Files.size(file) == 0) {
            throw new DataFormatException(file.toString(), "is empty (0 bytes)");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (IOException e) {
                raw.close();
                throw new DataFormatException(file.toString(), "not a readable gzip file (" + e.getMessage() + ")");
            }
        }
        return raw;
    }

    /** Reads the magic number; names the other IDX kind when the file is one. */
    private static void requireMagic(Path file, InputStream in, int expected) throws IOException {
        int magic = header(file, in, "magic number");
        if (magic != expected) {
            boolean labels = expected == LABELS_MAGIC;
            String other = magic == (labels ? IMAGES_MAGIC : LABELS_MAGIC)
                    ? labels ? " (this is an images file)" : " (this is a labels file)" : "";
            throw new DataFormatException(file.toString(), String.format("magic number 0x%08x is not an IDX %s file's "
                    + "0x%08x%s", magic, labels ? "labels" : "images", expected, other));
        }
    }

    private static int header(Path file, InputStream in, String field) throws IOException {
        byte[] b = read(file, in, 4);
        if (b.length < 4) {
            throw new DataFormatException(file.toString(), "truncated header: the " + field + " is missing");
        }
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    private static byte[] payload(Path file, InputStream in, long bytes, String what) throws IOException {
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new DataFormatException(file.toString(), what + " need " + bytes + " bytes, more than one array holds");
        }
        byte[] b = read(file, in, (int) bytes);
        if (b.length < bytes) {
            throw new DataFormatException(file.toString(), "truncated payload: " + b.length + " of " + bytes
                    + " bytes for " + what);
        }
        if (read(file, in, 1).length > 0) {
            throw new DataFormatException(file.toString(), "has bytes after the " + bytes + " bytes of " + what
                    + " its header announces");
        }
        return b;
    }

    private static byte[] read(Path file, InputStream in, int n) throws IOException {
        try {
            return in.readNBytes(n);
        } catch (java.io.EOFException e) {
            throw new DataFormatException(file.toString(), "compressed stream ends early (" + e.getMessage() + ")");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file.toString(), "corrupt gzip data (" + e.getMessage() + ")");
        }
    }
}
