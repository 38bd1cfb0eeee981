package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {

    @TempDir
    Path dir;

    /** Record {@code r} of batch {@code b}: label (b + r) % 10, pixel (c, p) = (b·7 + r·3 + c·5 + p) mod 256. */
    static byte[] batch(int b, int records) {
        byte[] out = new byte[records * Cifar10.RECORD];
        for (int r = 0; r < records; r++) {
            int o = r * Cifar10.RECORD;
            out[o] = (byte) ((b + r) % 10);
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 1024; p++) {
                    out[o + 1 + c * 1024 + p] = (byte) (b * 7 + r * 3 + c * 5 + p);
                }
            }
        }
        return out;
    }

    static void writeAll(Path dir, int records) throws IOException {
        for (int b = 1; b <= 5; b++) {
            Files.write(dir.resolve("data_batch_" + b + ".bin"), batch(b, records));
        }
        Files.write(dir.resolve("test_batch.bin"), batch(0, records));
    }

    static Path writeArchive(Path dir, int records) throws IOException {
        Path archive = dir.resolve(Cifar10.ARCHIVE);
        try (OutputStream os = Files.newOutputStream(archive);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(os);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            List<String> names = List.of("test_batch.bin", "data_batch_3.bin", "data_batch_1.bin",
                    "data_batch_2.bin", "data_batch_5.bin", "data_batch_4.bin", "readme.html");
            for (String n : names) {
                byte[] data = n.startsWith("test") ? batch(0, records)
                        : n.startsWith("data") ? batch(n.charAt(11) - '0', records) : "hi".getBytes();
                TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/" + n);
                e.setSize(data.length);
                tar.putArchiveEntry(e);
                tar.write(data);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    private static void assertLayout(ImageSet train, int records) {
        assertThat(train.size()).isEqualTo(5 * records);
        byte[] img = new byte[train.imageBytes()];
        for (int b = 1; b <= 5; b++) {
            for (int r = 0; r < records; r++) {
                int i = (b - 1) * records + r;
                assertThat(train.label(i)).isEqualTo((b + r) % 10);
                train.read(i, img, 0);
                // HWC: pixel p = (y, x) = (p / 32, p % 32), channel c at 3p + c
                for (int p : new int[] {0, 1, 33, 1023}) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(img[3 * p + c]).isEqualTo((byte) (b * 7 + r * 3 + c * 5 + p));
                    }
                }
            }
        }
    }

    @Test
    void readsBatchesFromADirectoryInFileOrderAsHwc() throws IOException {
        writeAll(dir, 3);
        assertLayout(Cifar10.load(dir, Cifar10.Part.TRAIN), 3);
        ImageSet test = Cifar10.load(dir, Cifar10.Part.TEST);
        assertThat(test.size()).isEqualTo(3);
        assertThat(test.labels()).containsExactly(0, 1, 2);
    }

    @Test
    void readsTheTarGzWhateverTheEntryOrder() throws IOException {
        Path archive = writeArchive(dir, 2);
        assertLayout(Cifar10.load(archive, Cifar10.Part.TRAIN), 2);
        assertThat(Cifar10.load(archive, Cifar10.Part.TEST).size()).isEqualTo(2);
    }

    @Test
    void encodeIsTheInverseOfRead() throws IOException {
        writeAll(dir, 2);
        ImageSet test = Cifar10.load(dir, Cifar10.Part.TEST);
        assertThat(Cifar10.encode(test)).isEqualTo(batch(0, 2));
    }

    @Test
    void truncatedFileNamesFileAndRecord() throws IOException {
        writeAll(dir, 2);
        byte[] b = batch(1, 2);
        Files.write(dir.resolve("data_batch_4.bin"), java.util.Arrays.copyOf(b, b.length - 100));
        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Part.TRAIN))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("data_batch_4.bin")
                .hasMessageContaining("not a multiple of the 3073-byte record");
    }

    @Test
    void labelOutOfRangeNamesRecord() throws IOException {
        writeAll(dir, 2);
        byte[] b = batch(0, 2);
        b[Cifar10.RECORD] = 10;
        Files.write(dir.resolve("test_batch.bin"), b);
        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Part.TEST))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test_batch.bin: record 1 has label 10, expected 0..9");
    }

    @Test
    void missingFileAndBrokenArchiveAreNamed() throws IOException {
        writeAll(dir, 1);
        Files.delete(dir.resolve("data_batch_2.bin"));
        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Part.TRAIN))
                .hasMessageContaining("data_batch_2.bin: missing");
        Path bad = dir.resolve("bad.tar.gz");
        Files.write(bad, new byte[] {1, 2, 3, 4});
        assertThatThrownBy(() -> Cifar10.load(bad, Cifar10.Part.TRAIN))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("bad.tar.gz: not a readable tar.gz");
    }

    @Test
    void aTruncatedArchiveSaysWhatIsWrong() throws IOException {
        Path archive = writeArchive(dir, 3);
        byte[] all = Files.readAllBytes(archive);
        for (int keep : new int[] {all.length / 2, all.length - 10, 12}) {
            Path cut = dir.resolve("cut" + keep + ".tar.gz");
            Files.write(cut, java.util.Arrays.copyOf(all, keep));
            assertThatThrownBy(() -> Cifar10.load(cut, Cifar10.Part.TRAIN)).as("kept %d of %d bytes", keep, all.length)
                    .isInstanceOf(DataFormatException.class).hasMessageStartingWith(cut + ": ")
                    .hasMessageContaining("ends early").hasMessageNotContaining("null");
        }
    }

    @Test
    void streamShorterThanDeclaredIsATruncatedRecord() {
        byte[] b = batch(0, 2);
        assertThatThrownBy(() -> Cifar10.readBatch("x.bin",
                new java.io.ByteArrayInputStream(b, 0, Cifar10.RECORD + 5), b.length))
                .hasMessageContaining("x.bin: truncated record 1: 5 of 3073 bytes");
    }

    @Test
    void anEmptyBatchFileIsAnErrorNotZeroRecords() throws IOException {
        writeAll(dir, 2);
        Files.write(dir.resolve("data_batch_3.bin"), new byte[0]);
        assertThatThrownBy(() -> Cifar10.load(dir, Cifar10.Part.TRAIN))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(dir.resolve("data_batch_3.bin") + ": is empty (0 bytes; a CIFAR-10 batch holds 10,000 records "
                        + "of 3073 bytes)");
    }

    @Test
    void anEmptyArchiveMemberIsAnError() throws IOException {
        Path archive = dir.resolve(Cifar10.ARCHIVE);
        try (OutputStream os = Files.newOutputStream(archive);
                GzipCompressorOutputStream gz = new GzipCompressorOutputStream(os);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            TarArchiveEntry e = new TarArchiveEntry("cifar-10-batches-bin/test_batch.bin");
            e.setSize(0);
            tar.putArchiveEntry(e);
            tar.closeArchiveEntry();
        }
        assertThatThrownBy(() -> Cifar10.load(archive, Cifar10.Part.TEST))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(archive + "!cifar-10-batches-bin/test_batch.bin: is empty (0 bytes");
    }
}
