package org.mplbench.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * The paper's numbers for a table, read from a CSV resource ({@code paper/table2.csv}): never
 * literals in code. Each value carries its protocol and source.
 */
public final class PaperReference {

    /**
     * One published number.
     *
     * @param row table row ({@code supervised}, {@code mpl}, ...)
     * @param cell table column ({@code cifar10-4k}, ...)
     * @param value accuracy in percent
     * @param std standard deviation over runs, if published
     * @param n runs behind the number
     * @param protocol how it was measured ({@code final}: final checkpoint)
     * @param source where it is published
     */
    public record Value(String row, String cell, double value, Optional<Double> std, int n, String protocol, String source) {}

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();

    private final List<Value> values;

    private PaperReference(List<Value> values) {
        this.values = List.copyOf(values);
    }

    /** Loads {@code paper/<name>.csv} from this module's resources. */
    public static PaperReference load(String name) {
        String resource = "paper/" + name + ".csv";
        try (InputStream in = PaperReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no paper reference data " + resource);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new IllegalStateException(resource + ": " + e.getMessage(), e);
        }
    }

    static PaperReference parse(Reader reader, String name) throws IOException {
        List<Value> out = new ArrayList<>();
        for (CSVRecord r : FORMAT.parse(reader)) {
            try {
                String std = r.get("std").trim();
                out.add(new Value(r.get("row"), r.get("cell"), Double.parseDouble(r.get("value")),
                        std.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(std)),
                        Integer.parseInt(r.get("n")), r.get("protocol"), r.get("source")));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IOException(name + ":" + r.getParser().getCurrentLineNumber() + ": " + e.getMessage(), e);
            }
        }
        return new PaperReference(out);
    }

    public Optional<Value> find(String row, String cell) {
        return values.stream().filter(v -> v.row().equals(row) && v.cell().equals(cell)).findFirst();
    }

    public List<Value> values() {
        return values;
    }
}
