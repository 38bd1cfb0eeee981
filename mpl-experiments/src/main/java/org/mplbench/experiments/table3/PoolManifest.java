package org.mplbench.experiments.table3;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.mplbench.data.DataFormatException;

/**
 * The filtering stage's selection, as a CSV a user can publish and reuse: {@code #} lines saying how it
 * was made, then one row per kept image — its path relative to the pool's root, the class the scorer
 * predicted (index and name), the score (the predicted class's probability) and the SHA-256 of its
 * decoded pixels. Rows are in the pool's order (sorted paths).
 */
final class PoolManifest {

    static final String[] HEADER = {"path", "class", "class_name", "score", "sha256"};
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader(HEADER).setSkipHeaderRecord(true)
            .setCommentMarker('#').build();

    /** One kept image. */
    record Entry(String path, int cls, String className, double score, String sha256) {}

    /** The entries of a manifest. */
    record Selection(List<String> paths, int[] classes) {}

    private PoolManifest() {}

    /** Writes {@code entries} after the {@code about} lines, through a temporary file renamed into place. */
    static void write(Path file, List<String> about, Iterable<Entry> entries) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8))) {
                for (String line : about) {
                    w.write("# " + line + "\n");
                }
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER).build())) {
                    for (Entry e : entries) {
                        p.printRecord(e.path(), e.cls(), e.className(), String.format(java.util.Locale.ROOT, "%.6f", e.score()),
                                e.sha256());
                    }
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads a manifest; a malformed row is an error naming the file and line. */
    static Selection read(Path file, int classes) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file.toString(), "no pool manifest: run -Dtable=3 -Dstage=filter first");
        }
        List<String> paths = new ArrayList<>();
        List<Integer> cls = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : FORMAT.parse(r)) {
                String where = file + ":" + rec.getRecordNumber();
                if (rec.size() != HEADER.length) {
                    throw new DataFormatException(where, "has " + rec.size() + " fields, expected " + HEADER.length);
                }
                int c;
                try {
                    c = Integer.parseInt(rec.get("class"));
                } catch (NumberFormatException e) {
                    throw new DataFormatException(where, "class '" + rec.get("class") + "' is not an integer");
                }
                if (c < 0 || c >= classes) {
                    throw new DataFormatException(where, "class " + c + " is outside 0.." + (classes - 1));
                }
                paths.add(rec.get("path"));
                cls.add(c);
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new DataFormatException(file.toString(), "is not a pool manifest CSV (" + e.getMessage() + ")");
        }
        if (paths.isEmpty()) {
            throw new DataFormatException(file.toString(), "selects no images");
        }
        return new Selection(paths, cls.stream().mapToInt(Integer::intValue).toArray());
    }

    /** SHA-256 of a file's bytes, for provenance (which manifest a run trained on). */
    static String fileHash(Path file) throws IOException {
        return org.mplbench.data.Digests.hex("SHA-256", Files.newInputStream(file));
    }
}
