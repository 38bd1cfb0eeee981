package org.mplbench.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.mplbench.experiments.run.Runner;

class MainTest {

    private record Outcome(int code, String err) {}

    private static Outcome run(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(p, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void unknownTableListsTheValidRunnersAndExitsTwo() {
        Outcome o = run("table", "7");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("Unknown runner -Dtable=7").contains("twomoon (alias fig2)");
    }

    @Test
    void anOptionTheRunnerDoesNotReadIsRefusedByName() {
        Outcome typo = run("table", "2", "profile", "smoke", "seed", "3");
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err()).contains("-Dseed: is not an option of runner '2'").contains("-Dseeds").contains("-Dbudget.*");
        Outcome cells = run("table", "twomoon", "profile", "smoke", "cells", "cifar10-4k");
        assertThat(cells.code()).isEqualTo(2);
        assertThat(cells.err()).contains("-Dcells: is not an option of runner 'twomoon'; it reads")
                .doesNotContain("-Dcells,");
        // typos under the suite's prefixes too
        assertThat(run("table", "2", "profile", "smoke", "data.fashion_mnist", "/x").err())
                .contains("-Ddata.fashion_mnist: is not an option of runner '2'");
        assertThat(run("table", "2", "profile", "smoke", "mpl.rot", "/x").err()).contains("-Dmpl.rot: is not an option");
        for (String key : List.of("budget.steps", "data.fashion-mnist", "stop-after", "methods", "evaluate")) {
            Outcome o = run("table", "synthetic-cifar", "profile", "smoke", key, "1");
            assertThat(o.code()).as(key).isEqualTo(2);
            assertThat(o.err()).as(key).contains("-D" + key + ": is not an option of runner 'synthetic-cifar'");
        }
    }

    @Test
    void aSecondRunOnTheSameResultsDirectoryIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root)
            throws Exception {
        java.nio.file.Path dir = root.resolve("results/twomoon/smoke");
        try (org.mplbench.experiments.run.ResultsLock held =
                org.mplbench.experiments.run.ResultsLock.acquire(dir, "-Dtable=twomoon -Dprofile=smoke")) {
            Outcome o = run("table", "twomoon", "profile", "smoke", "mpl.root", root.toString(), "progress", "false");
            assertThat(o.code()).isEqualTo(2);
            assertThat(o.err()).startsWith("Results directory busy: " + dir + " is being written by another run")
                    .contains("lock " + root.resolve("results/twomoon/smoke.lock"));
        }
        assertThat(java.nio.file.Files.exists(dir.resolve("runs.csv"))).isFalse();
    }

    @Test
    void badInputIsOneLineUnlessVerbose() {
        Outcome quiet = run("table", "twomoon", "steps", "0");
        assertThat(quiet.code()).isEqualTo(2);
        assertThat(quiet.err().strip()).isEqualTo("Invalid configuration: -Dsteps: value 0 is out of range; allowed [1, 1000000000]");
        Outcome verbose = run("table", "twomoon", "steps", "0", "verbose", "true");
        assertThat(verbose.code()).isEqualTo(2);
        assertThat(verbose.err()).startsWith(quiet.err().strip()).contains("\tat org.mplbench.");
    }

    @Test
    void theBenchmarkCommandRefusesOptionsItDoesNotRead() {
        Outcome o = run("bench", "twomoon-mpl", "profile", "cpu");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("-Dprofile: is not an option of -Dbench; it reads -Dbench, -Dbench.machine");
        assertThat(run("bench", "twomoon-mpl", "bench.rep", "3").err()).contains("-Dbench.rep: is not an option of -Dbench");
    }

    @Test
    void optionsOutsideTheSuitesFormPass() {
        // JVM and Maven properties are dotted; the check leaves them alone (report-only fails later: no results)
        Outcome o = run("table", "twomoon", "profile", "smoke", "report-only", "true", "maven.home", "/x", "java.version", "17");
        assertThat(o.err()).doesNotContain("is not an option");
    }

    @Test
    void missingTableIsUsageError() {
        Outcome o = run();
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("-Dtable=<runner>").contains("twomoon");
    }

    @Test
    void invalidOptionsNameTheFieldAndTheAllowedValues() {
        assertThat(run("table", "twomoon", "profile", "fast").err())
                .contains("-Dprofile: 'fast' is not one of: smoke, quick, cpu, nightly, paper");
        assertThat(run("table", "twomoon", "steps", "0").err())
                .contains("-Dsteps: value 0 is out of range; allowed [1, 1000000000]");
        assertThat(run("table", "fig2", "seeds", "5..2").err()).contains("-Dseeds: range '5..2' must be ascending");
        assertThat(run("table", "fig2", "seeds", "1,x").err()).contains("-Dseeds: 'x' is not an integer");
        assertThat(run("table", "fig2", "seeds", "1,x").code()).isEqualTo(2);
        assertThat(run("table", "twomoon", "profile", "quick").err())
                .contains("-Dprofile: quick is a Table 2 profile; TwoMoon has smoke, cpu, nightly and paper");
        assertThat(run("table", "2", "report-only", "maybe").err()).contains("-Dreport-only: 'maybe' is not true or false");
    }

    @Test
    void runnersByNameAndAlias() {
        assertThat(Runners.find("fig2")).get().extracting(Runner::name).isEqualTo("twomoon");
        assertThat(Runners.find("fig2-sweep")).get().extracting(Runner::name).isEqualTo("twomoon-sweep");
        assertThat(Runners.all()).extracting(Runner::name)
                .isEqualTo(List.of("twomoon", "twomoon-sweep", "2", "3", "4", "1", "synthetic-cifar"));
        assertThat(Runners.find("table3")).get().extracting(Runner::name).isEqualTo("3");
        assertThat(Runners.find("table4")).get().extracting(Runner::name).isEqualTo("4");
        assertThat(Runners.find("table1")).get().extracting(Runner::name).isEqualTo("1");
    }

    @Test
    void nightlyAndReportOnlyOptionsAreChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        assertThat(run("table", "twomoon", "nightly", "true", "seeds", "0").err())
                .contains("-Dnightly: runs the fixed nightly budget; remove -Dseeds");
        assertThat(run("table", "twomoon", "nightly", "", "profile", "cpu").code()).isEqualTo(2);
        assertThat(run("table", "twomoon", "nightly", "yes").err()).contains("-Dnightly: 'yes' is not true or false");
        assertThat(run("table", "twomoon", "nightly", "true", "nightly.accept", "true").code()).isEqualTo(2);
        assertThat(run("table", "twomoon", "report-only", "true", "nightly.accept", "true").code()).isEqualTo(2);
        Outcome accept = run("table", "twomoon", "nightly.accept", "true", "mpl.root", root.toString());
        assertThat(accept.code()).isEqualTo(2);
        assertThat(accept.err()).contains("nothing to accept").contains("current.csv");
        Outcome report = run("table", "synthetic-cifar", "report-only", "true", "mpl.root", root.toString());
        assertThat(report.err()).contains("has no report-only mode");
        Outcome missing = run("table", "2", "report-only", "true", "mpl.root", root.toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("results/table2/cpu/runs does not exist");
        assertThat(run("table", "twomoon", "report-only", "true", "mpl.root", root.toString()).err())
                .contains("Malformed results").contains("results/twomoon/cpu/runs.csv: file not found");
    }
}
