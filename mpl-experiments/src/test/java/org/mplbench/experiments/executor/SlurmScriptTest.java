package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.config.ConfigException;

/**
 * The batch scripts, byte for byte against {@code golden/slurm-*.sbatch} (refresh with
 * {@code -Dgolden.update=true} outside CI, review, commit), and executed by bash with a stand-in java
 * to show that paths and values with spaces, quotes and {@code $} reach the JVM unchanged.
 */
class SlurmScriptTest {

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    /** A command as awkward as a user's paths and options can make it. */
    static TaskCommand command(String java) {
        return new TaskCommand(java, List.of("-Xmx8g"),
                List.of("-Dbudget.lr_student=0.05", "-Dmpl.root=/shared/My Results/it's $HOME", "-Dprofile=smoke",
                        "-Dtable=2", "-Dthreads=4"),
                "/shared/lib/a b.jar:/shared/lib/$x\"y\".jar",
                new TreeMap<>(Map.of("GLIBC_TUNABLES", "glibc.malloc.arena_max=1", "PYTORCH_LIBRARY_PATH",
                        "/opt/lib torch/lib")));
    }

    static SlurmSettings settings() {
        return new SlurmSettings(Optional.of("gpu"), Optional.of("lab-42"), Optional.empty(), "2-00:00:00", 4, 8,
                Optional.of("32G"), 1, Path.of("/usr/bin/java"), false);
    }

    static TreeMap<Integer, String> keys() {
        TreeMap<Integer, String> keys = new TreeMap<>();
        for (int i : new int[] {0, 1, 2, 5, 7, 8}) {
            keys.put(i, "cifar10-4k/mpl/seed" + i);
        }
        return keys;
    }

    @Test
    void arrayAndMergeScriptsAreTheRecordedOnes() throws IOException {
        golden("slurm-array.sbatch", SlurmScript.array("-Dtable=2 -Dprofile=smoke: 6 of 9 runs", "mpl-2-smoke", keys(),
                settings(), true, command("/opt/My JDK/bin/java")));
        golden("slurm-merge.sbatch", SlurmScript.merge("-Dtable=2 -Dprofile=smoke: 6 of 9 runs", "mpl-2-smoke-merge",
                settings(), command("/opt/My JDK/bin/java")));
    }

    @Test
    void eachArrayTaskStartsTheJvmWithItsRunAndEveryValueUnchanged(@TempDir Path dir) throws Exception {
        // a stand-in java that prints its arguments and the exported variables, NUL-separated
        Path java = dir.resolve("fake java");
        Files.writeString(java, "#!/bin/bash\nprintf '%s\\0' \"$@\" \"GLIBC_TUNABLES=$GLIBC_TUNABLES\" "
                + "\"PYTORCH_LIBRARY_PATH=$PYTORCH_LIBRARY_PATH\"\n");
        java.toFile().setExecutable(true);
        Path script = dir.resolve("array.sbatch");
        Files.writeString(script, SlurmScript.array("t", "job", keys(), settings(), false, command(java.toString())));
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "5");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        String[] lines = out.split("\n", 2);
        assertThat(lines[0]).startsWith("== task 5 (cifar10-4k/mpl/seed5) on ");
        List<String> args = List.of(lines[1].split("\0"));
        assertThat(args).containsExactly("-Xmx8g", "-Dbudget.lr_student=0.05", "-Dmpl.root=/shared/My Results/it's $HOME",
                "-Dprofile=smoke", "-Dtable=2", "-Dthreads=4", "-Dtask=5", "-Dtask-key=cifar10-4k/mpl/seed5", "-cp",
                "/shared/lib/a b.jar:/shared/lib/$x\"y\".jar", "org.mplbench.experiments.Main",
                "GLIBC_TUNABLES=glibc.malloc.arena_max=1", "PYTORCH_LIBRARY_PATH=/opt/lib torch/lib");

        pb.environment().put("SLURM_ARRAY_TASK_ID", "3");
        Process unknown = pb.redirectErrorStream(true).start();
        assertThat(new String(unknown.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("array index 3 is not in this table's plan");
        assertThat(unknown.waitFor()).isEqualTo(2);
    }

    @Test
    void indicesAreListedAsSlurmRanges() {
        assertThat(SlurmScript.indexList(List.of(7, 0, 1, 2, 5, 8))).isEqualTo("0-2,5,7-8");
        assertThat(SlurmScript.indexList(List.of(4))).isEqualTo("4");
        assertThat(SlurmScript.indexList(new ArrayList<>())).isEmpty();
    }

    @Test
    void valuesForSbatchLinesMustHaveSlurmsForm() {
        assertThatThrownBy(() -> new SlurmSettings(Optional.of("gpu queue"), Optional.empty(), Optional.empty(),
                "1:00:00", 1, 1, Optional.empty(), 1, Path.of("java"), false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dslurm.partition").hasMessageContaining("'gpu queue' is not a partition name");
        assertThatThrownBy(() -> new SlurmSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                "1 hour", 1, 1, Optional.empty(), 1, Path.of("java"), false)).hasMessageContaining("-Dslurm.time");
        assertThatThrownBy(() -> new SlurmSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                "60", 1, 1, Optional.of("16 GB"), 1, Path.of("java"), false)).hasMessageContaining("-Dslurm.mem");
        assertThatThrownBy(() -> new SlurmSettings(Optional.empty(), Optional.empty(), Optional.empty(),
                "60", 1, 1, Optional.empty(), 4, Path.of("java"), false)).hasMessageContaining("-Dslurm.gpus")
                .hasMessageContaining("4: a run trains on one GPU");
        for (String t : List.of("30", "1:00:00", "2-00:00:00", "2-12", "10:30")) {
            new SlurmSettings(Optional.empty(), Optional.empty(), Optional.empty(), t, 1, 1, Optional.empty(), 1,
                    Path.of("java"), false);
        }
        Properties p = new Properties();
        p.setProperty("slurm.throttle", "many");
        assertThatThrownBy(() -> SlurmSettings.from(p, 1)).hasMessageContaining("-Dslurm.throttle: 'many' is not an integer");
        Properties typo = new Properties();
        typo.setProperty("slurm.partiton", "gpu");
        assertThatThrownBy(() -> SlurmSettings.from(typo, 1)).hasMessageStartingWith("-Dslurm.partiton: is not a Slurm setting");
        Properties threads = new Properties();
        threads.setProperty("threads", "8");
        assertThatThrownBy(() -> SlurmSettings.from(threads, 1)).hasMessageContaining("use -Dslurm.cpus");
    }

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update") && System.getenv("CI") == null) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as("golden file %s (refresh with -Dgolden.update=true)", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
