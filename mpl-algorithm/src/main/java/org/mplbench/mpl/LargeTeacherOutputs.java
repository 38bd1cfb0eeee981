package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.IntConsumer;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Normalization;
import org.mplbench.io.FileFormatException;
import org.mplbench.nn.Network;
import org.mplbench.train.ImageEvaluation;

/**
 * A large teacher's output distributions on every image of a training set, computed once and stored
 * for Reduced Meta Pseudo Labels: one row of {@code log softmax} per image, float32, read back row by
 * row for each batch (the file is never held in memory: 130 million images × 1,000 classes would be
 * 520 GB).
 *
 * <p>File: {@code MPLT}, format version (int), rows (long), classes (int), then the rows, little-endian.
 * Computing appends rows in order and syncs each batch, so an interrupted computation resumes from the
 * last complete row; a file whose length is not a whole number of rows is refused, naming it.
 */
public final class LargeTeacherOutputs implements AutoCloseable {

    private static final int MAGIC = 0x4D504C54; // "MPLT"
    private static final int VERSION = 1;
    private static final int HEADER = 4 + 4 + 8 + 4;

    private final Path file;
    private final FileChannel channel;
    private final long rows;
    private final int classes;

    private LargeTeacherOutputs(Path file, FileChannel channel, long rows, int classes) {
        this.file = file;
        this.channel = channel;
        this.rows = rows;
        this.classes = classes;
    }

    /** The inputs of rows {@code [from, rows)}, in order, a batch at a time. */
    @FunctionalInterface
    public interface Inputs {
        void forEachBatch(int from, ImageEvaluation.BatchConsumer consumer);
    }

    /**
     * Computes (or completes) {@code file}: the eval-mode {@code log softmax} of {@code teacher} on every
     * image of {@code images} (their evaluation view), {@code batch} at a time. {@code progress} hears the
     * number of rows done after each batch. Returns the rows computed by this call (0 when complete).
     */
    public static long compute(Network teacher, ImageSet images, Normalization norm, int classes, int batch, Path file,
            NDManager parent, IntConsumer progress) throws IOException {
        Inputs inputs = (from, consumer) -> ImageEvaluation.forEachBatch(images, norm, from, images.size() - from, batch,
                parent, consumer);
        return compute(teacher, inputs, images.size(), classes, file, progress);
    }

    /** As {@link #compute(Network, ImageSet, Normalization, int, int, Path, NDManager, IntConsumer)} for any inputs. */
    public static long compute(Network teacher, Inputs inputs, int rows, int classes, Path file, IntConsumer progress)
            throws IOException {
        if (isComplete(file, rows, classes)) {
            return 0;
        }
        long done = Files.exists(file) ? completeRows(file, rows, classes) : -1;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (done < 0) {
                out.write(header(rows, classes), 0);
                done = 0;
            }
            out.truncate(HEADER + done * classes * 4L); // a partly written row is written again
            out.position(out.size());
            long from = done;
            inputs.forEachBatch((int) from, (start, input, labels) -> {
                float[] logp = teacher.forward(input, false).logSoftmax(1).toType(DataType.FLOAT32, false).toFloatArray();
                if (logp.length != labels.length * classes) {
                    throw new IllegalStateException("the teacher gives " + logp.length / labels.length
                            + " outputs per image, not " + classes);
                }
                ByteBuffer buf = ByteBuffer.allocate(logp.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(logp);
                try {
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                    out.force(false);
                } catch (IOException e) {
                    throw new UncheckedIOException(file + ": " + e.getMessage(), e);
                }
                progress.accept(start + labels.length);
            });
            return rows - from;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Writes {@code logp} ({@code rows × classes} log-probabilities, row-major) as a complete file at once:
     * outputs computed elsewhere, or tiny stand-ins for estimates.
     */
    public static LargeTeacherOutputs write(Path file, int classes, float[] logp) throws IOException {
        if (classes < 2 || logp.length == 0 || logp.length % classes != 0) {
            throw new IllegalArgumentException(logp.length + " values are not whole rows of " + classes + " classes");
        }
        ByteBuffer buf = ByteBuffer.allocate(HEADER + logp.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(header(logp.length / classes, classes));
        buf.asFloatBuffer().put(logp);
        buf.position(buf.capacity()).flip();
        org.mplbench.io.AtomicFiles.write(file, out -> out.write(buf.array()));
        return open(file);
    }

    /**
     * Whether {@code file} holds every row of a set of {@code rows} images and {@code classes} classes (so
     * the teacher need not be loaded); a file of other dimensions is refused, naming it.
     */
    public static boolean isComplete(Path file, long rows, int classes) throws IOException {
        return Files.exists(file) && completeRows(file, rows, classes) == rows;
    }

    /** Rows already complete in {@code file} for a set of {@code expectedRows} images and {@code classes} classes. */
    private static long completeRows(Path file, long expectedRows, int classes) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() < HEADER) {
                return -1; // the header itself was not written: start again
            }
            Header h = readHeader(file, in);
            if (h.rows() != expectedRows || h.classes() != classes) {
                throw new FileFormatException(file.toString(), "holds " + h.rows() + " rows of " + h.classes()
                        + " classes, not " + expectedRows + " of " + classes + ": a different image set or teacher; "
                        + "delete it to compute it again");
            }
            return (in.size() - HEADER) / (classes * 4L);
        }
    }

    /** Opens a complete file; an incomplete or foreign one is refused, naming it. */
    public static LargeTeacherOutputs open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileFormatException(file.toString(), "does not exist: compute the large teacher's outputs first");
        }
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
        try {
            Header h = readHeader(file, in);
            long expected = HEADER + h.rows() * h.classes() * 4L;
            if (in.size() != expected) {
                throw new FileFormatException(file.toString(), "is " + in.size() + " bytes, " + h.rows() + " rows of "
                        + h.classes() + " classes need " + expected + ": an interrupted computation, resume it");
            }
            return new LargeTeacherOutputs(file, in, h.rows(), h.classes());
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private record Header(long rows, int classes) {}

    private static ByteBuffer header(long rows, int classes) {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putLong(rows).putInt(classes).flip();
        return b;
    }

    private static Header readHeader(Path file, FileChannel in) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && in.read(b, b.position()) > 0) {
            // read the whole header
        }
        b.flip();
        if (b.remaining() < HEADER || b.getInt() != MAGIC) {
            throw new FileFormatException(file.toString(), "is not a file of a large teacher's outputs (no MPLT header)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new FileFormatException(file.toString(), "has format version " + version + ", this suite reads " + VERSION);
        }
        long rows = b.getLong();
        int classes = b.getInt();
        if (rows < 1 || classes < 2) {
            throw new FileFormatException(file.toString(), "declares " + rows + " rows of " + classes + " classes");
        }
        return new Header(rows, classes);
    }

    public long rows() {
        return rows;
    }

    public int classes() {
        return classes;
    }

    /** The rows of images {@code index} (log-probabilities), as an {@code (n, classes)} array owned by {@code scope}. */
    public NDArray rows(int[] index, NDManager scope) throws IOException {
        float[] out = new float[index.length * classes];
        ByteBuffer row = ByteBuffer.allocate(classes * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= rows) {
                throw new IllegalArgumentException("image " + index[i] + " is not among the " + rows + " rows of " + file);
            }
            row.clear();
            long at = HEADER + (long) index[i] * classes * 4;
            while (row.hasRemaining()) {
                if (channel.read(row, at + row.position()) < 0) {
                    throw new FileFormatException(file.toString(), "ends inside row " + index[i]);
                }
            }
            row.flip();
            row.asFloatBuffer().get(out, i * classes, classes);
        }
        return scope.create(out, new Shape(index.length, classes));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
