package org.mplbench.reports;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.mplbench.reports.ResultsCsv.ResultsFormatException;

/** Training curves ({@code curves.csv}): one line per series, seed, step and metric; written atomically. */
public final class CurvesCsv {

    static final List<String> COLUMNS = List.of("series", "seed", "step", "metric", "value");

    private CurvesCsv() {}

    public static void write(Path file, List<CurvePoint> points) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new))
                .setRecordSeparator('\n').build();
        AtomicText.write(file, out -> {
            try (CSVPrinter p = new CSVPrinter(out, format)) {
                for (CurvePoint c : points) {
                    p.printRecord(c.series(), c.seed(), c.step(), c.metric(), Double.toString(c.value()));
                }
            }
        });
    }

    /** Reads a curves file; a malformed line is reported with the file and line number. */
    public static List<CurvePoint> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new ResultsFormatException(file, 0, "file not found");
        }
        List<CurvePoint> points = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = format.parse(in)) {
            for (String c : COLUMNS) {
                if (!parser.getHeaderNames().contains(c)) {
                    throw new ResultsFormatException(file, 1, "missing column '" + c + "'");
                }
            }
            for (CSVRecord r : parser) {
                long line = parser.getCurrentLineNumber();
                if (!r.isConsistent()) {
                    throw new ResultsFormatException(file, line, "expected " + COLUMNS.size() + " fields, found " + r.size());
                }
                try {
                    points.add(new CurvePoint(r.get("series"), Long.parseLong(r.get("seed")), Long.parseLong(r.get("step")),
                            r.get("metric"), Double.parseDouble(r.get("value"))));
                } catch (NumberFormatException e) {
                    throw new ResultsFormatException(file, line, "not a number: " + e.getMessage());
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            if (e instanceof ResultsFormatException rfe) {
                throw rfe;
            }
            throw new ResultsFormatException(file, 0, "not a valid CSV file: " + e.getMessage());
        }
        return List.copyOf(points);
    }
}
