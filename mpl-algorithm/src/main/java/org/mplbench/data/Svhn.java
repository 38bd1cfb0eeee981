package org.mplbench.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import us.hebi.matlab.mat.format.BufferAllocator;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Source;
import us.hebi.matlab.mat.types.Sources;

/**
 * Reader for SVHN's cropped digits ({@code train_32x32.mat}, {@code extra_32x32.mat},
 * {@code test_32x32.mat}): MATLAB v5 files with {@code X}, uint8 of shape 32×32×3×N, and {@code y},
 * N×1 labels in 1..10 where 10 stands for the digit 0.
 *
 * <p>The MAT library inflates {@code X} into a heap buffer this reader hands it; the images are then
 * rearranged in place, one at a time, from MATLAB's column-major order to HWC, and that same array
 * becomes the image store. So {@code extra} (1.6 GB of pixels) is held once, not twice.
 */
public final class Svhn {

    public static final int SIDE = 32;
    public static final int CLASSES = 10;
    public static final String TRAIN = "train_32x32.mat";
    public static final String EXTRA = "extra_32x32.mat";
    public static final String TEST = "test_32x32.mat";

    private Svhn() {}

    public static ImageSet load(Path file) throws IOException {
        return loadReporting(file).images();
    }

    /** What {@link #load} read, and whether the pixel buffer was adopted (held once) or copied. */
    record Loaded(ImageSet images, boolean adoptedBuffer) {}

    static Loaded loadReporting(Path file) throws IOException {
        String f = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(f, "missing");
        }
        CapturingAllocator alloc = new CapturingAllocator();
        Mat5File mat;
        try (Source source = Sources.openFile(file.toFile())) {
            mat = Mat5.newReader(source).setBufferAllocator(alloc).readMat();
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(f, "not a readable MATLAB v5 file (" + e.getMessage() + ")");
        }
        Matrix x = matrix(f, mat, "X");
        Matrix y = matrix(f, mat, "y");
        int[] dx = x.getDimensions();
        if (x.getType() != MatlabType.UInt8 || dx.length != 4 || dx[0] != SIDE || dx[1] != SIDE || dx[2] != 3) {
            throw new DataFormatException(f, "variable X is " + x.getType() + " " + Arrays.toString(dx)
                    + ", expected uint8 [32, 32, 3, N]");
        }
        int n = dx[3];
        int[] dy = y.getDimensions();
        if (dy.length != 2 || y.getNumElements() != n || Math.min(dy[0], dy[1]) != 1) {
            throw new DataFormatException(f, "variable y is " + Arrays.toString(dy) + ", expected [" + n + ", 1]");
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            double v = y.getDouble(i);
            if (v != Math.rint(v) || v < 1 || v > 10) {
                throw new DataFormatException(f, "y(" + (i + 1) + ") = " + v + ", expected an integer in 1..10");
            }
            labels[i] = (byte) (v == 10 ? 0 : v);
        }
        byte[] pixels = alloc.arrayOf(n * 3 * SIDE * SIDE);
        boolean adopted = pixels != null && sameContent(x, pixels);
        if (!adopted) {
            // The library stored X some other way: copy it element by element (slow but correct).
            pixels = new byte[n * 3 * SIDE * SIDE];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = x.getByte(i);
            }
        }
        toHwc(pixels, n);
        return new Loaded(new InMemoryImages("svhn:" + file.getFileName(), pixels, labels, SIDE, SIDE, CLASSES), adopted);
    }

    private static Matrix matrix(String file, MatFile mat, String name) throws DataFormatException {
        List<String> names = new ArrayList<>();
        for (MatFile.Entry e : mat.getEntries()) {
            names.add(e.getName());
            if (e.getName().equals(name)) {
                Array a = e.getValue();
                if (!(a instanceof Matrix)) {
                    throw new DataFormatException(file, "variable " + name + " is a " + a.getType() + ", expected a numeric matrix");
                }
                return (Matrix) a;
            }
        }
        throw new DataFormatException(file, "has no variable " + name + " (found " + names + ")");
    }

    private static boolean sameContent(Matrix x, byte[] pixels) {
        int n = x.getNumElements();
        for (int i : new int[] {0, 1, n / 3, n / 2, n - 2, n - 1}) {
            if (i >= 0 && i < n && x.getByte(i) != pixels[i]) {
                return false;
            }
        }
        return true;
    }

    /** MATLAB's X(h, w, c, n) sits at h + 32w + 1024c + 3072n; HWC wants 96h + 3w + c. */
    static void toHwc(byte[] pixels, int n) {
        int plane = SIDE * SIDE;
        byte[] tmp = new byte[3 * plane];
        for (int i = 0; i < n; i++) {
            int o = i * 3 * plane;
            System.arraycopy(pixels, o, tmp, 0, tmp.length);
            for (int c = 0; c < 3; c++) {
                for (int w = 0; w < SIDE; w++) {
                    for (int h = 0; h < SIDE; h++) {
                        pixels[o + 3 * (h * SIDE + w) + c] = tmp[h + SIDE * w + plane * c];
                    }
                }
            }
        }
    }

    /** Heap buffers, remembered so the pixel array can be adopted; releasing is left to the GC. */
    private static final class CapturingAllocator implements BufferAllocator {
        private final List<ByteBuffer> buffers = new ArrayList<>();

        @Override
        public synchronized ByteBuffer allocate(int numBytes) {
            ByteBuffer b = ByteBuffer.wrap(new byte[numBytes]);
            buffers.add(b);
            return b;
        }

        @Override
        public void release(ByteBuffer buffer) {}

        synchronized byte[] arrayOf(int length) {
            for (ByteBuffer b : buffers) {
                if (b.hasArray() && b.array().length == length && b.arrayOffset() == 0) {
                    return b.array();
                }
            }
            return null;
        }
    }
}
