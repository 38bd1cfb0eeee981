package org.mplbench.reports;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/** The one results file format of every runner: one row per run and metric. */
public final class ResultsCsv {

    /** Column order of the file. */
    public static final List<String> COLUMNS = List.of(
            "table", "cell", "dataset", "method", "variant", "seed", "split_seed", "profile", "data_source",
            "metric", "value", "steps", "wall_seconds", "ms_per_step",
            "commit", "dirty", "config_hash", "engine", "engine_version", "device", "threads", "java_version");

    private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder()
            .setHeader(COLUMNS.toArray(String[]::new))
            .setRecordSeparator('\n')
            .build();

    private static final CSVFormat READ = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .build();

    private ResultsCsv() {}

    /** Writes {@code rows} atomically (temporary file + rename). */
    public static void write(Path file, List<ResultRow> rows) throws IOException {
        AtomicText.write(file, out -> {
            try (CSVPrinter p = new CSVPrinter(out, WRITE)) {
                for (ResultRow r : rows) {
                    RunId id = r.run();
                    Provenance pv = r.provenance();
                    p.printRecord(
                            id.table(), id.cell(), id.dataset(), id.method(), id.variant(), id.seed(), id.splitSeed(),
                            id.profile(), id.dataSource(), r.metric(), Double.toString(r.value()), r.steps(),
                            Double.toString(r.wallSeconds()), Double.toString(r.msPerStep()),
                            pv.commit(), pv.dirty(), pv.configHash(), pv.engine(), pv.engineVersion(),
                            pv.device(), pv.threads(), pv.javaVersion());
                }
            }
        });
    }

    /**
     * Reads a results file. A missing column, a row with the wrong number of fields or a value that
     * does not parse is reported with the file and line number.
     */
    public static List<ResultRow> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ResultsFormatException(file, 0, "file not found");
        }
        List<ResultRow> rows = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = READ.parse(in)) {
            List<String> header = parser.getHeaderNames();
            for (String column : COLUMNS) {
                if (!header.contains(column)) {
                    throw new ResultsFormatException(file, 1, "missing column '" + column + "'");
                }
            }
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                if (!rec.isConsistent()) {
                    throw new ResultsFormatException(file, line,
                            "expected " + header.size() + " fields, found " + rec.size());
                }
                rows.add(parse(file, line, rec));
            }
        } catch (ResultsFormatException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new ResultsFormatException(file, 0, "not a valid CSV file: " + e.getMessage());
        }
        return Collections.unmodifiableList(rows);
    }

    private static ResultRow parse(Path file, long line, CSVRecord r) {
        RunId id = new RunId(
                text(file, line, r, "table"), text(file, line, r, "cell"), text(file, line, r, "dataset"),
                text(file, line, r, "method"), text(file, line, r, "variant"),
                integer(file, line, r, "seed"), integer(file, line, r, "split_seed"),
                text(file, line, r, "profile"), text(file, line, r, "data_source"));
        String dirty = r.get("dirty");
        if (!dirty.equals("true") && !dirty.equals("false")) {
            throw new ResultsFormatException(file, line, "column 'dirty': '" + dirty + "' is not true or false");
        }
        Provenance pv = new Provenance(
                text(file, line, r, "commit"), Boolean.parseBoolean(dirty), text(file, line, r, "config_hash"),
                text(file, line, r, "engine"), text(file, line, r, "engine_version"), text(file, line, r, "device"),
                text(file, line, r, "threads"), text(file, line, r, "java_version"));
        return new ResultRow(id, text(file, line, r, "metric"), number(file, line, r, "value"),
                integer(file, line, r, "steps"), number(file, line, r, "wall_seconds"),
                number(file, line, r, "ms_per_step"), pv);
    }

    private static String text(Path file, long line, CSVRecord r, String column) {
        String v = r.get(column);
        if (v == null || v.isEmpty()) {
            throw new ResultsFormatException(file, line, "column '" + column + "' is empty");
        }
        return v;
    }

    private static double number(Path file, long line, CSVRecord r, String column) {
        String v = text(file, line, r, column);
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ResultsFormatException(file, line, "column '" + column + "': '" + v + "' is not a number");
        }
    }

    private static long integer(Path file, long line, CSVRecord r, String column) {
        String v = text(file, line, r, column);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ResultsFormatException(file, line, "column '" + column + "': '" + v + "' is not an integer");
        }
    }

    /** A results file that cannot be read, with where and why. */
    public static final class ResultsFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final transient Path file;
        private final long line;

        ResultsFormatException(Path file, long line, String message) {
            super(file + (line > 0 ? ":" + line : "") + ": " + message);
            this.file = file;
            this.line = line;
        }

        public Path file() {
            return file;
        }

        public long line() {
            return line;
        }
    }
}
