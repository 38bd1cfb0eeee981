package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {

    static ResultRow row(String method, String variant, long seed, String metric, double value) {
        return new ResultRow(
                new RunId("twomoon", "twomoon", "twomoon", method, variant, seed, seed, "smoke", "synthetic"),
                metric, value, 200, 1.25, 6.25,
                new Provenance("abc123", false, "0123456789ab", "MXNet", "1.9.0", "cpu()", "2", "17.0.15"));
    }

    @Test
    void roundTripIsExact(@TempDir Path dir) throws IOException {
        List<ResultRow> rows = List.of(row("mpl", "paper", 0, "acc_all", 0.1 + 0.2), row("supervised", "default", 3, "acc_test", 1e-17));
        Path f = dir.resolve("runs.csv");
        ResultsCsv.write(f, rows);
        assertThat(ResultsCsv.read(f)).isEqualTo(rows);
        assertThat(Files.readAllLines(f).get(0)).isEqualTo(String.join(",", ResultsCsv.COLUMNS));
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(f);
        }
    }

    @Test
    void malformedValueIsReportedWithFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("runs.csv");
        ResultsCsv.write(f, List.of(row("mpl", "paper", 0, "acc_all", 0.5), row("mpl", "paper", 1, "acc_all", 0.6)));
        String text = Files.readString(f).replace(",0.6,", ",abc,");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ResultsCsv.read(f))
                .isInstanceOf(ResultsCsv.ResultsFormatException.class)
                .hasMessage(f + ":3: column 'value': 'abc' is not a number");
    }

    @Test
    void wrongFieldCountMissingColumnAndMissingFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("runs.csv");
        ResultsCsv.write(f, List.of(row("mpl", "paper", 0, "acc_all", 0.5)));
        Files.writeString(f, Files.readString(f) + "twomoon,twomoon\n");
        assertThatThrownBy(() -> ResultsCsv.read(f)).hasMessage(f + ":3: expected 22 fields, found 2");

        Path g = dir.resolve("old.csv");
        Files.writeString(g, "table,cell\ntwomoon,twomoon\n");
        assertThatThrownBy(() -> ResultsCsv.read(g)).hasMessage(g + ":1: missing column 'dataset'");

        assertThatThrownBy(() -> ResultsCsv.read(dir.resolve("none.csv"))).hasMessageEndingWith("none.csv: file not found");
    }
}
