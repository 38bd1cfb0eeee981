package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Sink;

class SvhnTest {

    @TempDir
    Path dir;

    /** X(h, w, c, n) = (h + 3w + 7c + 11n) mod 256; y(n) = n % 10 + 1 (so 10 appears for n = 9). */
    static Path write(Path file, int n, boolean compressed, int[] xDims, MatlabType xType, double[] labels)
            throws IOException {
        MatFile mat = Mat5.newMatFile();
        Matrix x = Mat5.newMatrix(xDims, xType);
        int[] d = xDims;
        if (d.length == 4) {
            for (int i = 0; i < d[3]; i++) {
                for (int c = 0; c < d[2]; c++) {
                    for (int w = 0; w < d[1]; w++) {
                        for (int h = 0; h < d[0]; h++) {
                            x.setByte(new int[] {h, w, c, i}, (byte) (h + 3 * w + 7 * c + 11 * i));
                        }
                    }
                }
            }
        }
        Matrix y = Mat5.newMatrix(labels.length, 1);
        for (int i = 0; i < labels.length; i++) {
            y.setDouble(i, labels[i]);
        }
        mat.addArray("X", x).addArray("y", y);
        try (Sink sink = Sinks.newStreamingFile(file.toFile())) {
            Mat5.newWriter(sink).setDeflateLevel(compressed ? Deflater.BEST_SPEED : Deflater.NO_COMPRESSION).writeMat(mat);
        }
        return file;
    }

    static double[] labels(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10 + 1;
        }
        return y;
    }

    @ParameterizedTest(name = "compressed={0}")
    @ValueSource(booleans = {false, true})
    void readsPixelsAsHwcAndLabelTenAsZero(boolean compressed) throws IOException {
        int n = 12;
        Path f = write(dir.resolve("train_32x32.mat"), n, compressed, new int[] {32, 32, 3, n}, MatlabType.UInt8, labels(n));
        Svhn.Loaded loaded = Svhn.loadReporting(f);
        assertThat(loaded.adoptedBuffer()).as("X is held once, in the buffer the MAT reader filled").isTrue();
        ImageSet s = loaded.images();
        assertThat(s.size()).isEqualTo(n);
        assertThat(s.label(0)).isEqualTo(1);
        assertThat(s.label(9)).isEqualTo(0);
        assertThat(s.label(11)).isEqualTo(2);
        byte[] img = new byte[s.imageBytes()];
        for (int i : new int[] {0, 5, 11}) {
            s.read(i, img, 0);
            for (int[] hw : new int[][] {{0, 0}, {1, 0}, {0, 1}, {31, 2}, {17, 29}}) {
                for (int c = 0; c < 3; c++) {
                    int h = hw[0];
                    int w = hw[1];
                    assertThat(img[3 * (h * 32 + w) + c]).as("n=%d h=%d w=%d c=%d", i, h, w, c)
                            .isEqualTo((byte) (h + 3 * w + 7 * c + 11 * i));
                }
            }
        }
    }

    @Test
    void wrongShapeOrTypeOfXIsNamed() throws IOException {
        Path f = write(dir.resolve("a.mat"), 2, true, new int[] {28, 28, 3, 2}, MatlabType.UInt8, labels(2));
        assertThatThrownBy(() -> Svhn.load(f)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("a.mat: variable X is uint8 [28, 28, 3, 2], expected uint8 [32, 32, 3, N]");
        Path g = write(dir.resolve("b.mat"), 2, true, new int[] {32, 32, 3, 2}, MatlabType.Double, labels(2));
        assertThatThrownBy(() -> Svhn.load(g)).hasMessageContaining("b.mat: variable X is double");
    }

    @Test
    void labelsOutOfRangeOrMiscountedAreNamed() throws IOException {
        double[] y = labels(3);
        y[2] = 11;
        Path f = write(dir.resolve("c.mat"), 3, false, new int[] {32, 32, 3, 3}, MatlabType.UInt8, y);
        assertThatThrownBy(() -> Svhn.load(f)).hasMessageContaining("c.mat: y(3) = 11.0, expected an integer in 1..10");
        Path g = write(dir.resolve("d.mat"), 3, false, new int[] {32, 32, 3, 3}, MatlabType.UInt8, labels(2));
        assertThatThrownBy(() -> Svhn.load(g)).hasMessageContaining("d.mat: variable y is [2, 1], expected [3, 1]");
    }

    @Test
    void missingVariableAndNonMatFileAreNamed() throws IOException {
        MatFile mat = Mat5.newMatFile().addArray("images", Mat5.newMatrix(2, 2));
        Path f = dir.resolve("e.mat");
        Mat5.writeToFile(mat, f.toFile());
        assertThatThrownBy(() -> Svhn.load(f)).hasMessageContaining("e.mat: has no variable X (found [images])");
        Path g = dir.resolve("f.mat");
        Files.writeString(g, "not a mat file at all, just text that is long enough to have a header ".repeat(3));
        assertThatThrownBy(() -> Svhn.load(g)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("f.mat: not a readable MATLAB v5 file");
        assertThatThrownBy(() -> Svhn.load(dir.resolve("none.mat"))).hasMessageContaining("none.mat: missing");
    }
}
