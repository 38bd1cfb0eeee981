package org.mplbench.experiments.bench;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Appends benchmark rows to a machine's CSV file. The file is rewritten through a temporary file
 * and an atomic rename, so a crash never leaves a half-written row; a file whose header is not
 * this version's is refused (naming the file) rather than mixed.
 */
public final class BenchCsv {

    private BenchCsv() {}

    public static void append(Path file, BenchResult row) throws IOException {
        String header = line(BenchResult.HEADER);
        String existing;
        if (Files.exists(file)) {
            existing = Files.readString(file, StandardCharsets.UTF_8);
            String first = existing.lines().findFirst().orElse("");
            if (!(first + "\r\n").equals(header)) {
                throw new IOException(file + ": line 1 is not this version's header (" + header.strip()
                        + "); move the file away to start a new one");
            }
        } else {
            existing = header;
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, existing + line(row.values()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String line(Iterable<String> values) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
            p.printRecord(values);
        }
        return w.toString();
    }
}
