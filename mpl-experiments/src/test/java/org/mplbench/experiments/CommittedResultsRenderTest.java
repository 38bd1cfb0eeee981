package org.mplbench.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every committed results directory that has a report-only mode re-renders byte for byte from its
 * own {@code runs.csv} and {@code curves.csv}: tables, CSV summaries and figures are functions of the
 * results, and a refactoring that changes a rendered byte shows here. (Table 2's nightly directory
 * keeps its run directories out of git, so on a clean clone it is skipped.)
 */
class CommittedResultsRenderTest {

    private static final Path RESULTS = Path.of("..", "results").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({
        "twomoon, cpu, twomoon, cpu, ''",
        "twomoon, nightly, twomoon, nightly, ''",
        "table2, cpu, 2, cpu, ''",
        "table2, quick, 2, quick, ''",
        "table2, nightly, 2, nightly, ''",
        "table2, cpu-synthetic, 2, cpu, data=synthetic",
        "table2, cpu-steps1200-synthetic, 2, cpu, data=synthetic steps=1200",
        "table2, cpu-custom-fbdffe6f, 2, cpu, budget.widen=2 seeds=0",
        "table2, cpu-custom-5864658a, 2, cpu, budget.widen=2 budget.precision=bf16 seeds=0",
        "twomoon-sweep, search, twomoon-sweep, cpu, grid=search",
        "twomoon-sweep, search2, twomoon-sweep, cpu, grid=search2",
        "twomoon-sweep, search3, twomoon-sweep, cpu, grid=search3",
        "twomoon-sweep, search4, twomoon-sweep, cpu, grid=search4",
        "twomoon-sweep, search5, twomoon-sweep, cpu, grid=search5",
        "twomoon-sweep, confirm-heldout, twomoon-sweep, cpu, 'grid=confirm-heldout seeds=100,101,102,103,104,105,106,107,108,109'",
        "twomoon-sweep, confirm-noise, twomoon-sweep, cpu, 'grid=confirm-noise seeds=100,101,102,103,104,105,106,107,108,109'",
        "twomoon-sweep, confirm-h1000, twomoon-sweep, cpu, 'grid=confirm-h1000 seeds=0,1,2,3,4,100,101,102,103,104,105,106,107,108,109'",
        "table3, cpu, 3, cpu, ''",
        "table4, cpu, 4, cpu, ''",
    })
    void reRendersByteForByte(String folder, String dir, String table, String profile, String extra, @TempDir Path root)
            throws IOException {
        Path committed = RESULTS.resolve(folder).resolve(dir);
        // Table 2 renders from its run directories; the nightly's are not committed (.gitignore)
        assumeTrue(!folder.equals("table2") || Files.isDirectory(committed.resolve("runs")),
                "no run directories under " + committed);
        Path copy = root.resolve("results").resolve(folder).resolve(dir);
        copyTree(committed, copy);
        List<String> args = new ArrayList<>(List.of("profile", profile, "report-only", "true"));
        for (String kv : extra.isBlank() ? new String[0] : extra.split(" ")) {
            String[] p = kv.split("=", 2);
            args.add(p[0]);
            args.add(p[1]);
        }
        MainAccess.runTable(root, table, args.toArray(String[]::new));
        try (Stream<Path> files = Files.walk(committed)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rendered = copy.resolve(committed.relativize(f).toString());
                assertThat(rendered).as("%s re-rendered", committed.relativize(f)).exists();
                assertThat(Files.readAllBytes(rendered))
                        .as("%s/%s/%s re-rendered", folder, dir, committed.relativize(f))
                        .isEqualTo(Files.readAllBytes(f));
            }
        }
        try (Stream<Path> files = Files.walk(copy)) {
            assertThat(files.filter(Files::isRegularFile).count()).as("files after re-rendering")
                    .isEqualTo(countFiles(committed));
        }
    }

    @Test
    void tableOneReRendersFromTableFoursCommittedRuns(@TempDir Path root) throws IOException {
        Path committed = RESULTS.resolve("table1").resolve("cpu");
        copyTree(RESULTS.resolve("table4").resolve("cpu"), root.resolve("results/table4/cpu"));
        MainAccess.runTable(root, "1", "profile", "cpu");
        assertThat(Files.readAllBytes(root.resolve("results/table1/cpu/table.md")))
                .isEqualTo(Files.readAllBytes(committed.resolve("table.md")));
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
