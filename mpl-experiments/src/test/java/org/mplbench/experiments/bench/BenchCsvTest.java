package org.mplbench.experiments.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCsvTest {

    static BenchResult row(String name, Measurement.Rss rss) {
        return new BenchResult("2026-11-26T12:00:00Z", "test-2c", name, "a case, with a comma", "abc123", false, "MXNet",
                "1.9.0", "cpu()", 2, "default", "17", 2, 3, 10, 1, 480.25, 470.5, 520.0, 133.3, 171.6, 196.0, 0.04, rss,
                "detail");
    }

    @Test
    void writesTheHeaderOnceThenAppendsQuotedRows() throws IOException {
        Path dir = Files.createTempDirectory("bench");
        Path file = dir.resolve("results").resolve("bench").resolve("test-2c.csv");
        BenchCsv.append(file, row("wrn-supervised-b64", null));
        BenchCsv.append(file, row("rss-mpl", new Measurement.Rss(1000 * 1024, 1020 * 1024, 1030 * 1024)));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(String.join(",", BenchResult.HEADER));
        assertThat(lines.get(1)).isEqualTo("2026-11-26T12:00:00Z,test-2c,wrn-supervised-b64,\"a case, with a comma\","
                + "abc123,false,MXNet,1.9.0,cpu(),2,default,17,2,3,10,1,480.2500,470.5000,520.0000,133.3,171.6,196.0,"
                + "0.876,0.04,,,,,detail");
        assertThat(lines.get(2)).contains(",1000.0,1020.0,1030.0,2.00,detail");
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left
    }

    @Test
    void refusesAFileWithAnotherHeader(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("old.csv");
        Files.writeString(file, "case,ms\nx,1\n");
        assertThatThrownBy(() -> BenchCsv.append(file, row("x", null)))
                .isInstanceOf(IOException.class).hasMessageContaining(file.toString()).hasMessageContaining("line 1");
        assertThat(Files.readString(file)).isEqualTo("case,ms\nx,1\n");
    }

    @Test
    void memoryGrowthAtTheLimitFailsTheRow() {
        assertThat(row("rss", new Measurement.Rss(1000, 1049, 1049)).failed()).isFalse();
        assertThat(row("rss", new Measurement.Rss(1000, 1050, 1050)).failed()).isTrue();
        assertThat(row("t", null).failed()).isFalse();
    }
}
