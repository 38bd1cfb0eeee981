package org.mplbench.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reader for the CIFAR-10 binary version: {@code data_batch_1..5.bin} and {@code test_batch.bin}, each
 * record one label byte and 3,072 pixel bytes (1,024 red, 1,024 green, 1,024 blue, rows top to
 * bottom), from a directory or straight from {@code cifar-10-binary.tar.gz}. Images stay uint8: the
 * training set takes 150 MB.
 */
public final class Cifar10 {

    public static final int SIDE = 32;
    public static final int CLASSES = 10;
    public static final int RECORD = 1 + 3 * SIDE * SIDE;
    public static final String ARCHIVE = "cifar-10-binary.tar.gz";
    public static final List<String> TRAIN_FILES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final List<String> TEST_FILES = List.of("test_batch.bin");

    /** Which half of the dataset. */
    public enum Part {
        TRAIN, TEST;

        List<String> files() {
            return this == TRAIN ? TRAIN_FILES : TEST_FILES;
        }
    }

    private Cifar10() {}

    /**
     * Reads {@code part} from {@code location}: a directory holding the {@code .bin} files (directly
     * or in {@code cifar-10-batches-bin/}) or the {@code .tar.gz} archive.
     */
    public static ImageSet load(Path location, Part part) throws IOException {
        if (Files.isRegularFile(location)) {
            return fromArchive(location, part);
        }
        Path dir = Files.isDirectory(location.resolve("cifar-10-batches-bin"))
                ? location.resolve("cifar-10-batches-bin") : location;
        List<ImageSet> sets = new ArrayList<>();
        for (String f : part.files()) {
            Path file = dir.resolve(f);
            if (!Files.isRegularFile(file)) {
                throw new DataFormatException(file.toString(), "missing (expected the CIFAR-10 binary files "
                        + part.files() + " in " + location + ")");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                sets.add(readBatch(file.toString(), in, Files.size(file)));
            }
        }
        return join(part, location, sets);
    }

    private static ImageSet fromArchive(Path archive, Part part) throws IOException {
        Map<String, ImageSet> found = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                GzipCompressorInputStream gz = new GzipCompressorInputStream(raw);
                TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (e.isFile() && part.files().contains(base)) {
                    found.put(base, readBatch(archive + "!" + e.getName(), tar, e.getSize()));
                }
            }
        } catch (IOException ex) {
            if (ex instanceof DataFormatException) {
                throw ex;
            }
            throw new DataFormatException(archive.toString(), "not a readable tar.gz archive: " + describe(ex));
        }
        List<ImageSet> sets = new ArrayList<>();
        for (String f : part.files()) {
            ImageSet s = found.get(f);
            if (s == null) {
                throw new DataFormatException(archive.toString(), "has no " + f + " (expected " + part.files() + ")");
            }
            sets.add(s);
        }
        return join(part, archive, sets);
    }

    /** What went wrong reading an archive, in words (an EOF has no message of its own). */
    static String describe(IOException ex) {
        if (ex instanceof java.io.EOFException) {
            return "the file ends early (a truncated download?)";
        }
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    private static ImageSet join(Part part, Path location, List<ImageSet> sets) {
        String name = "cifar10:" + part.name().toLowerCase(Locale.ROOT);
        return sets.size() == 1 ? sets.get(0) : new ConcatImages(name + " (" + location + ")", sets);
    }

    /** Reads one batch file of {@code bytes} bytes; exactly that many are consumed from {@code in}. */
    static ImageSet readBatch(String file, InputStream in, long bytes) throws IOException {
        if (bytes == 0) {
            throw new DataFormatException(file, "is empty (0 bytes; a CIFAR-10 batch holds 10,000 records of "
                    + RECORD + " bytes)");
        }
        if (bytes % RECORD != 0) {
            throw new DataFormatException(file, "size " + bytes + " is not a multiple of the " + RECORD
                    + "-byte record (last record truncated: " + bytes % RECORD + " bytes)");
        }
        if (bytes / RECORD > Integer.MAX_VALUE / RECORD) {
            throw new DataFormatException(file, "size " + bytes + " is too large for a CIFAR batch");
        }
        int n = (int) (bytes / RECORD);
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * (RECORD - 1)];
        byte[] rec = new byte[RECORD];
        int plane = SIDE * SIDE;
        for (int i = 0; i < n; i++) {
            int got = in.readNBytes(rec, 0, RECORD);
            if (got != RECORD) {
                throw new DataFormatException(file, "truncated record " + i + ": " + got + " of " + RECORD
                        + " bytes (expected " + n + " records)");
            }
            int y = rec[0] & 0xFF;
            if (y >= CLASSES) {
                throw new DataFormatException(file, "record " + i + " has label " + y + ", expected 0..9");
            }
            labels[i] = (byte) y;
            int o = i * (RECORD - 1);
            // planar RGB (CHW) to interleaved (HWC)
            for (int p = 0; p < plane; p++) {
                pixels[o + 3 * p] = rec[1 + p];
                pixels[o + 3 * p + 1] = rec[1 + plane + p];
                pixels[o + 3 * p + 2] = rec[1 + 2 * plane + p];
            }
        }
        return new InMemoryImages(file, pixels, labels, SIDE, SIDE, CLASSES);
    }

    /** Writes images in the CIFAR-10 binary record format (used by tests and the synthetic set's export). */
    public static byte[] encode(ImageSet set) {
        if (set.height() != SIDE || set.width() != SIDE || set.classes() > 256) {
            throw new IllegalArgumentException(set.name() + " is " + set.height() + "x" + set.width()
                    + "; the CIFAR-10 record holds 32x32 images");
        }
        int n = set.size();
        int plane = SIDE * SIDE;
        byte[] out = new byte[n * RECORD];
        byte[] img = new byte[3 * plane];
        for (int i = 0; i < n; i++) {
            set.read(i, img, 0);
            int o = i * RECORD;
            out[o] = (byte) set.label(i);
            for (int p = 0; p < plane; p++) {
                out[o + 1 + p] = img[3 * p];
                out[o + 1 + plane + p] = img[3 * p + 1];
                out[o + 1 + 2 * plane + p] = img[3 * p + 2];
            }
        }
        return out;
    }
}
