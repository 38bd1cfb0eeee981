package org.mplbench.reports;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Published numbers for a paper table, read from a CSV resource ({@code paper/table<N>.csv}), never
 * literals in code. Every value carries its kind (the paper's own row, the precursor's, a
 * reproduction, ...), its protocol and its source.
 */
public final class PaperReference {

    /** Where a number comes from, relative to the paper. */
    public static final Set<String> KINDS =
            Set.of("paper", "precursor", "paper-ablation", "author-report", "reproduction", "third-party");

    /**
     * How a number was measured: {@code final} the model at the end of training, {@code best-test} the
     * best test accuracy seen during training, {@code held-out} a model selected on held-out labeled data.
     */
    public static final Set<String> PROTOCOLS = Set.of("final", "best-test", "held-out");

    /** Metric of the default lookups: top-1 accuracy in percent. */
    public static final String TOP1 = "top1";
    public static final String TOP5 = "top5";

    /**
     * One published number.
     *
     * @param row row id ({@code supervised}, {@code mpl}, ...)
     * @param title the row's title as the paper gives it
     * @param kind one of {@link #KINDS}
     * @param cell table column ({@code cifar10-4k}, {@code imagenet}, ...)
     * @param metric {@code top1}, {@code top5}, {@code real}, {@code params_m}
     * @param value the number (accuracies in percent)
     * @param std standard deviation over runs, if published
     * @param n runs behind the number (0: not stated)
     * @param protocol one of {@link #PROTOCOLS}
     * @param source where it is published
     */
    public record Value(String row, String title, String kind, String cell, String metric, double value,
            Optional<Double> std, int n, String protocol, String source) {}

    private static final List<String> COLUMNS =
            List.of("row", "title", "kind", "cell", "metric", "value", "std", "n", "protocol", "source");

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader().setSkipHeaderRecord(true).setCommentMarker('#').build();

    private final List<Value> values;

    private PaperReference(List<Value> values) {
        this.values = List.copyOf(values);
    }

    /** Loads {@code paper/<name>.csv} ({@code table1} … {@code table4}) from this module's resources. */
    public static PaperReference load(String name) {
        String resource = "paper/" + name + ".csv";
        try (InputStream in = PaperReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no paper reference data " + resource);
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Parses reference data; any malformed row fails with {@code name:line} and the reason. */
    static PaperReference parse(Reader reader, String name) throws IOException {
        List<Value> out = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        try (CSVParser parser = FORMAT.parse(reader)) {
            for (String c : COLUMNS) {
                if (!parser.getHeaderNames().contains(c)) {
                    throw new IOException(name + ": missing column '" + c + "'");
                }
            }
            for (CSVRecord r : parser) {
                String where = name + ":" + parser.getCurrentLineNumber() + ": ";
                try {
                    if (!r.isConsistent()) {
                        throw new IllegalArgumentException("expected " + COLUMNS.size() + " fields, found " + r.size());
                    }
                    String std = r.get("std").trim();
                    Value v = new Value(text(r, "row"), text(r, "title"), oneOf(r, "kind", KINDS), text(r, "cell"),
                            text(r, "metric"), Double.parseDouble(r.get("value")),
                            std.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(std)),
                            Integer.parseInt(r.get("n")), oneOf(r, "protocol", PROTOCOLS), text(r, "source"));
                    if (v.n() < 0 || v.std().map(s -> s < 0).orElse(false)) {
                        throw new IllegalArgumentException("n and std must not be negative");
                    }
                    if (!keys.add(v.row() + "/" + v.cell() + "/" + v.metric())) {
                        throw new IllegalArgumentException(
                                "duplicate row " + v.row() + ", cell " + v.cell() + ", metric " + v.metric());
                    }
                    out.add(v);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new IOException(where + e.getMessage(), e);
                }
            }
        }
        return new PaperReference(out);
    }

    private static String text(CSVRecord r, String column) {
        String v = r.get(column).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("column '" + column + "' is empty");
        }
        return v;
    }

    private static String oneOf(CSVRecord r, String column, Set<String> allowed) {
        String v = text(r, column);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("column '" + column + "': '" + v + "' is not one of " + new java.util.TreeSet<>(allowed));
        }
        return v;
    }

    /** The top-1 value of {@code row} in {@code cell}. */
    public Optional<Value> find(String row, String cell) {
        return find(row, cell, TOP1);
    }

    public Optional<Value> find(String row, String cell, String metric) {
        return values.stream()
                .filter(v -> v.row().equals(row) && v.cell().equals(cell) && v.metric().equals(metric))
                .findFirst();
    }

    /** Row ids in file order, each with its title. */
    public Map<String, String> rows() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (Value v : values) {
            rows.putIfAbsent(v.row(), v.title());
        }
        return rows;
    }

    public List<Value> values() {
        return values;
    }
}
