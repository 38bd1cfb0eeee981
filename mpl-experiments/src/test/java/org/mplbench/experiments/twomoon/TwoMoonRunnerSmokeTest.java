package org.mplbench.experiments.twomoon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.reports.CurvesCsv;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/** The runner end to end on the smoke profile, twice with the same seeds. */
class TwoMoonRunnerSmokeTest {

    private static Path run(Path root, String table) throws IOException {
        Properties p = new Properties();
        p.setProperty("table", table);
        p.setProperty("profile", "smoke");
        p.setProperty("steps", "60");
        p.setProperty("progress", "false");
        p.setProperty("mpl.root", root.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MainAccess.run(p, new PrintStream(err));
        assertThat(code).as(err.toString()).isZero();
        return root.resolve("results/twomoon/smoke");
    }

    @Test
    void writesRunsTableAndFigureAndIsReproducible(@TempDir Path a, @TempDir Path b) throws IOException {
        Path out = run(a, "twomoon");
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        int variants = TwoMoonRunner.variants().size();
        assertThat(rows.stream().map(r -> r.run().fileKey()).distinct()).hasSize(2 * variants);
        try (var files = Files.list(out.resolve("runs"))) {
            // rows, specification and curves of each run, the grid of the figure seed's; lock files aside
            assertThat(files.filter(f -> !f.toString().endsWith(".lock"))).hasSize(2 * 3 * variants + variants);
        }
        com.google.gson.JsonObject spec = com.google.gson.JsonParser.parseString(
                Files.readString(out.resolve("runs").resolve(rows.get(0).run().fileKey() + ".json"))).getAsJsonObject();
        assertThat(spec.get("runner").getAsString()).isEqualTo("twomoon");
        assertThat(spec.get("seed").getAsLong()).isEqualTo(rows.get(0).run().seed());
        assertThat(spec.get("steps").getAsLong()).isEqualTo(60);
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.run().profile()).isEqualTo("smoke");
            assertThat(r.run().dataSource()).isEqualTo("synthetic");
            assertThat(r.provenance().engine()).isNotBlank();
            assertThat(r.msPerStep()).isPositive();
        });
        assertThat(rows).filteredOn(r -> r.metric().equals("acc_all")).hasSize(2 * variants)
                .allSatisfy(r -> assertThat(r.value()).isBetween(0.0, 1.0));
        assertThat(rows).filteredOn(r -> r.run().method().equals("mpl") && r.metric().equals("mean_abs_h"))
                .hasSize(2 * (variants - 2));
        assertThat(rows).filteredOn(r -> r.run().method().equals("pseudo-labels")).allSatisfy(r ->
                assertThat(r.steps()).isEqualTo(120));

        String table = Files.readString(out.resolve("table.md"));
        for (TwoMoonRunner.Variant v : TwoMoonRunner.variants()) {
            assertThat(table).contains("| " + v.method() + " | " + v.variant() + " |");
        }
        assertThat(table).contains("profile `smoke`, synthetic data, 60 steps per model, seeds 0, 1")
                .contains("(twomoon.png)", "(accuracy.png)", "(mpl.png)");
        assertThat(ImageIO.read(out.resolve("accuracy.png").toFile()).getWidth()).isEqualTo(900);
        assertThat(ImageIO.read(out.resolve("mpl.png").toFile()).getHeight()).isEqualTo(900);
        // held-out accuracy every 10 logged steps and at the end; MPL scalars (h) at every logged step
        assertThat(CurvesCsv.read(out.resolve("curves.csv")))
                .anyMatch(c -> c.series().equals("supervised/default") && c.metric().equals("acc_test") && c.step() == 60)
                .anyMatch(c -> c.series().equals("mpl/paper") && c.metric().equals("h") && c.step() == 1);
        String tableCsv = Files.readString(out.resolve("table.csv"));
        assertThat(tableCsv).startsWith("method,variant,metric,title,mean,std,min,max,n,seeds\n")
                .contains("\nmpl,paper,acc_all,");

        // -Dreport-only re-renders the same bytes from runs.csv and curves.csv
        Files.delete(out.resolve("table.md"));
        Files.delete(out.resolve("accuracy.png"));
        Properties p = new Properties();
        p.setProperty("table", "twomoon");
        p.setProperty("profile", "smoke");
        p.setProperty("steps", "60");
        p.setProperty("report-only", "");
        p.setProperty("mpl.root", a.toString());
        assertThat(MainAccess.run(p, new PrintStream(new ByteArrayOutputStream()))).isZero();
        assertThat(Files.readString(out.resolve("table.md"))).isEqualTo(table);
        assertThat(Files.readString(out.resolve("table.csv"))).isEqualTo(tableCsv);
        assertThat(out.resolve("accuracy.png")).exists();
        assertThat(ImageIO.read(out.resolve("twomoon.png").toFile()).getWidth()).isEqualTo(300 * variants);
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"config_hash\"");

        // Same seeds, through the alias, in another directory: identical values.
        List<ResultRow> again = ResultsCsv.read(run(b, "fig2").resolve("runs.csv"));
        assertThat(again).hasSameSizeAs(rows);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(again.get(i).run()).isEqualTo(rows.get(i).run());
            assertThat(again.get(i).metric()).isEqualTo(rows.get(i).metric());
            assertThat(again.get(i).value()).as(rows.get(i).run().fileKey() + " " + rows.get(i).metric())
                    .isEqualTo(rows.get(i).value());
            assertThat(again.get(i).provenance().configHash()).isEqualTo(rows.get(i).provenance().configHash());
        }
    }
}
