package org.mplbench.experiments.twomoon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.reports.ResultRow;
import org.mplbench.reports.ResultsCsv;

/** The sweep end to end at the smoke budget: every condition, shared baselines, figures, skip on rerun. */
class TwoMoonSweepRunnerSmokeTest {

    @Test
    void everyConditionGetsItsThreeMethodsATableRowAndAFigure(@TempDir Path root) throws Exception {
        MainAccess.runTable(root, "twomoon-sweep", "profile", "smoke", "grid", "search", "seeds", "0,1");
        Path out = root.resolve("results/twomoon-sweep/smoke-search");
        List<SweepCondition> grid = SweepGrids.grid("search");
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        String md = Files.readString(out.resolve("table.md"));
        for (SweepCondition c : grid) {
            for (String m : List.of("supervised", "pseudo-labels", "mpl")) {
                assertThat(rows).as(c.name() + " " + m).filteredOn(r -> r.run().cell().equals(c.name())
                        && r.run().method().equals(m) && r.metric().equals("acc_test")).hasSize(2);
            }
            assertThat(md).contains("| `" + c.name() + "` |", "- `" + c.name() + "`: " + c.describe());
            assertThat(ImageIO.read(out.resolve(c.name() + ".png").toFile()).getWidth()).isEqualTo(960);
        }
        // conditions with the same data and schedule share their baselines: one run directory each
        long baselineGroups = grid.stream().map(SweepCondition::baselineKey).distinct().count();
        try (var dirs = Files.list(out.resolve("runs"))) {
            assertThat(dirs.filter(d -> d.getFileName().toString().startsWith("base-")).count()).isEqualTo(baselineGroups);
        }
        assertThat(baselineGroups).isLessThan(grid.size());
        assertThat(Files.readString(out.resolve("runs/faithful/mpl/seed0.json"))).contains("\"feedbackScale\": 1.0",
                "\"labels\": \"random per seed\"");
        assertThat(Files.readString(out.resolve("runs/stars-h1000/mpl/seed0.json"))).contains("\"feedbackScale\": 1000.0",
                "\"labels\": \"the figure's stars\"");

        var before = Files.getLastModifiedTime(out.resolve("runs/faithful/mpl/seed1.csv"));
        MainAccess.runTable(root, "twomoon-sweep", "profile", "smoke", "grid", "search", "seeds", "0,1");
        assertThat(Files.getLastModifiedTime(out.resolve("runs/faithful/mpl/seed1.csv"))).isEqualTo(before);
    }

    @Test
    void theThirdGridsFormulationsReachTheirRunsAndTheirSpecifications(@TempDir Path root) throws Exception {
        MainAccess.runTable(root, "twomoon-sweep", "profile", "smoke", "grid", "search3", "seeds", "0");
        Path out = root.resolve("results/twomoon-sweep/smoke-search3");
        List<ResultRow> rows = ResultsCsv.read(out.resolve("runs.csv"));
        for (SweepCondition c : SweepGrids.grid("search3")) {
            assertThat(rows).as(c.name()).filteredOn(r -> r.run().cell().equals(c.name())
                    && r.metric().equals("acc_test")).hasSize(3);
        }
        assertThat(Files.readString(out.resolve("runs/cosine/mpl/seed0.json"))).contains("\"feedback\": \"COSINE\"",
                "\"movingAverageBaseline\": true").doesNotContain("studentStepsPerTeacherStep");
        assertThat(Files.readString(out.resolve("runs/student5/mpl/seed0.json")))
                .contains("\"studentStepsPerTeacherStep\": 5");
        // a larger initial range is a baseline group of its own, recorded in its specification
        assertThat(Files.readString(out.resolve(
                "runs/base-stars-n0.1-p1000-s12000-b64-lt0.1-ls0.1-i3/supervised/seed0.json")))
                .contains("\"init_range\": 3.0");
        assertThat(Files.readString(out.resolve("runs/heldout/mpl/seed0.json"))).contains("\"held_out_per_moon\": 1");
        assertThat(Files.readString(out.resolve("table.md"))).contains(
                "- `student5`: 5 student steps per teacher step", "- `stars-range3`: the figure's six stars as labels; "
                        + "weights from U(±3)");
    }

    @Test
    void committedRunsWrittenBeforeTheNewFieldsStayCurrent() throws Exception {
        // grids `search` and `search2` were run before the initial range and the student steps per teacher
        // step were fields: resuming them must find every committed run done, not run it again
        org.junit.jupiter.api.Assumptions.assumeTrue("MXNet".equals(ai.djl.engine.Engine.getInstance().getEngineName()),
                "the committed runs are MXNet's");
        Path repo = Path.of("..").toAbsolutePath().normalize();
        for (String grid : List.of("search", "search2")) {
            TwoMoonSweepPlan plan = new TwoMoonSweepPlan(RunOptions.of(Profile.CPU, repo), grid);
            assertThat(plan.runs()).hasSize(grid.equals("search") ? 190 : 80);
            for (int i = 0; i < plan.runs().size(); i++) {
                assertThat(plan.state(i).status()).as(grid + " " + plan.runs().get(i).key()).isEqualTo(Plan.Status.DONE);
            }
        }
    }

    @Test
    void unknownGridsAndProfilesAreRefused(@TempDir Path root) {
        Properties p = new Properties();
        p.setProperty("table", "twomoon-sweep");
        p.setProperty("profile", "smoke");
        p.setProperty("mpl.root", root.toString());
        p.setProperty("grid", "everything");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(MainAccess.run(p, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("-Dgrid: 'everything' is not one of: confirm-h1000, confirm-heldout, confirm-noise, search, search2, search3, search4, search5");
        p.setProperty("grid", "search");
        p.setProperty("profile", "paper");
        err.reset();
        assertThat(MainAccess.run(p, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("-Dprofile: the sweep has cpu");
    }

    @Test
    void conditionsSayWhatTheyChange() {
        assertThat(SweepCondition.FAITHFUL.describe()).startsWith("the paper's stated setup");
        assertThat(SweepCondition.FAITHFUL.named("x").withStars(true).withMpl(1000, false, false).describe())
                .isEqualTo("the figure's six stars as labels; MPL term × 1000; teacher without its supervised loss");
        assertThat(SweepCondition.FAITHFUL.mpl().mpl().feedbackScale()).isEqualTo(1);
        assertThat(SweepCondition.FAITHFUL.withMpl(1, true, true).mpl().mpl().labels())
                .isEqualTo(org.mplbench.mpl.MplConfig.LabelKind.SOFT);
    }
}
