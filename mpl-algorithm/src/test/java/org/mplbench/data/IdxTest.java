package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The IDX reader on files the test writes: exact contents, and every malformed input refused by name. */
class IdxTest {

    @TempDir
    Path dir;

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsImagesAsUint8GreyAndLabelsCompressedOrRaw(boolean gz) throws IOException {
        byte[] pixels = new byte[2 * 2 * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (250 + i); // 250..255 then wraps to 0..5: the high values stay unsigned
        }
        byte[] img = IdxFiles.images(Idx.IMAGES_MAGIC, 2, 2, 3, pixels);
        byte[] lab = IdxFiles.labels(Idx.LABELS_MAGIC, 2, new byte[] {9, 0});
        Path images = write("img", gz ? IdxFiles.gzip(img) : img);
        Path labels = write("lab", gz ? IdxFiles.gzip(lab) : lab);

        InMemoryImages set = Idx.load("t", images, labels, 2, 3, 10);

        assertThat(set.size()).isEqualTo(2);
        assertThat(set.channels()).isEqualTo(1);
        assertThat(set.imageBytes()).isEqualTo(6);
        assertThat(set.labels()).containsExactly(9, 0);
        byte[] second = new byte[6];
        set.read(1, second, 0);
        assertThat(second).containsExactly(Arrays.copyOfRange(pixels, 6, 12));
        byte[] first = new byte[6];
        set.read(0, first, 0);
        assertThat(first[5] & 0xFF).isEqualTo(255);
    }

    @Test
    void wrongMagicNamesTheFileAndWhatItIs() throws IOException {
        Path labelsAsImages = write("a", IdxFiles.labels(Idx.LABELS_MAGIC, 1, new byte[] {1}));
        Path labels = write("b", IdxFiles.labels(Idx.LABELS_MAGIC, 1, new byte[] {1}));
        assertThatThrownBy(() -> Idx.load("t", labelsAsImages, labels, 1, 1, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(labelsAsImages + ": magic number 0x00000801 is not an IDX images file's 0x00000803 "
                        + "(this is a labels file)");
        Path junk = write("c", new byte[] {1, 2, 3, 4, 0, 0, 0, 0});
        assertThatThrownBy(() -> Idx.readLabels(junk, 10))
                .hasMessage(junk + ": magic number 0x01020304 is not an IDX labels file's 0x00000801");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path images = write("i", IdxFiles.images(Idx.IMAGES_MAGIC, 3, 1, 1, new byte[3]));
        Path labels = write("l", IdxFiles.labels(Idx.LABELS_MAGIC, 2, new byte[2]));
        assertThatThrownBy(() -> Idx.load("t", images, labels, 1, 1, 10))
                .hasMessage(images + ": holds 3 images but " + labels + " holds 2 labels");
    }

    @Test
    void dimensionsMustBeTheExpectedOnes() throws IOException {
        Path images = write("i", IdxFiles.images(Idx.IMAGES_MAGIC, 1, 28, 27, new byte[28 * 27]));
        Path labels = write("l", IdxFiles.labels(Idx.LABELS_MAGIC, 1, new byte[1]));
        assertThatThrownBy(() -> Idx.load("t", images, labels, 28, 28, 10))
                .hasMessage(images + ": images are 28x27, expected 28x28");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aTruncatedPayloadIsRefused(boolean gz) throws IOException {
        byte[] full = IdxFiles.images(Idx.IMAGES_MAGIC, 2, 2, 2, new byte[8]);
        byte[] cut = Arrays.copyOf(full, full.length - 3);
        Path images = write("i", gz ? IdxFiles.gzip(cut) : cut);
        Path labels = write("l", IdxFiles.labels(Idx.LABELS_MAGIC, 2, new byte[2]));
        assertThatThrownBy(() -> Idx.load("t", images, labels, 2, 2, 10))
                .hasMessage(images + ": truncated payload: 5 of 8 bytes for 2 images of 2x2");
    }

    @Test
    void aCutGzipStreamIsRefused() throws IOException {
        byte[] gz = IdxFiles.gzip(IdxFiles.labels(Idx.LABELS_MAGIC, 1000, new byte[1000]));
        Path labels = write("l.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> Idx.readLabels(labels, 10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(labels + ": compressed stream ends early");
    }

    @Test
    void bytesAfterThePayloadAreRefused() throws IOException {
        byte[] lab = IdxFiles.labels(Idx.LABELS_MAGIC, 2, new byte[3]);
        Path labels = write("l", lab);
        assertThatThrownBy(() -> Idx.readLabels(labels, 10))
                .hasMessage(labels + ": has bytes after the 2 bytes of 2 labels its header announces");
    }

    @Test
    void labelsOutOfRangeAreRefused() throws IOException {
        Path labels = write("l", IdxFiles.labels(Idx.LABELS_MAGIC, 3, new byte[] {0, 9, 10}));
        assertThatThrownBy(() -> Idx.readLabels(labels, 10)).hasMessage(labels + ": label 2 is 10, expected 0..9");
    }

    @Test
    void emptyAndHeaderlessFilesAreRefused() throws IOException {
        Path empty = write("e", new byte[0]);
        assertThatThrownBy(() -> Idx.readLabels(empty, 10)).hasMessage(empty + ": is empty (0 bytes)");
        Path shortHeader = write("s", new byte[] {0, 0, 8, 1, 0, 0});
        assertThatThrownBy(() -> Idx.readLabels(shortHeader, 10))
                .hasMessage(shortHeader + ": truncated header: the label count is missing");
        assertThatThrownBy(() -> Idx.readLabels(dir.resolve("none"), 10))
                .hasMessage(dir.resolve("none") + ": missing");
    }

    @Test
    void aBadLabelsFileStopsBeforeTheImagesAreRead() throws IOException {
        // the images file is broken too; the labels' problem is the one reported, so nothing further was read
        Path images = write("i", new byte[0]);
        Path labels = write("l", IdxFiles.labels(Idx.LABELS_MAGIC, 1, new byte[] {42}));
        assertThatThrownBy(() -> Idx.load("t", images, labels, 1, 1, 10)).hasMessage(labels + ": label 0 is 42, expected 0..9");
    }
}
