package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.MainAccess;
import org.mplbench.experiments.run.RunOptions;

/** The paper profile is not started on a CPU by accident, and its table says what it costs. */
class PaperProfileTest {

    private static Properties paper(Path root) {
        Properties p = new Properties();
        p.setProperty("table", "2");
        p.setProperty("profile", "paper");
        p.setProperty("progress", "false");
        p.setProperty("mpl.root", root.toString());
        p.setProperty("cells", "cifar10-4k");
        p.setProperty("methods", "supervised,mpl");
        p.setProperty("data", "synthetic");
        return p;
    }

    @Test
    void onTheCpuItIsRefusedWithItsCostUnlessAllowed(@TempDir Path root) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MainAccess.run(paper(root), new PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("Invalid configuration: -Ddevice: the paper profile is sized for GPUs")
                .contains("20 runs", "EFLOP in all", "GPU-hours at an assumed 40 TFLOP/s", "days)",
                        "-Ddevice=gpu", "-Dallow-cpu=true");
        assertThat(root.resolve("results/table2/paper")).doesNotExist();

        Properties allowed = paper(root);
        allowed.setProperty("allow-cpu", "true");
        RunOptions o = RunOptions.from(allowed);
        assertThat(Table2Plan.create(o, true).runs()).hasSize(20);
        // status and reports read only: no refusal
        assertThat(Table2Plan.create(RunOptions.from(paper(root)), false).runs()).hasSize(20);
        allowed.setProperty("allow-cpu", "perhaps");
        assertThatThrownBy(() -> RunOptions.from(allowed)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dallow-cpu");
    }

    @Test
    void itsTableHeaderSaysWhichMplIsWhichAndWhatTheTableCosts(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("results/table2/paper-synthetic/runs"));
        Table2Plan.create(RunOptions.from(paper(root)), false).render(java.util.List.of());
        String md = Files.readString(root.resolve("results/table2/paper-synthetic/table.md"));
        assertThat(md).contains("**Which MPL is which.** Row `mpl` is the `paper` preset",
                "**Compute of one run and of the whole table**", "| CIFAR-10-4K | mpl |",
                "Whole table: 20 runs (2 cell × row pairs × 10 seeds)", "docs/paper-profile.md");
    }
}
