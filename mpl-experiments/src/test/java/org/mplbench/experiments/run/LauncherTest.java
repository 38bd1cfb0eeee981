package org.mplbench.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    /** Started by the test in a child JVM: writes what it was given to -Dprobe.out. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            Files.writeString(Path.of(System.getProperty("mpl.probe.out")), System.getenv("GLIBC_TUNABLES") + "\n"
                    + System.getenv(Launcher.CHILD_MARK) + "\n" + System.getProperty("steps") + "\n"
                    + System.getProperty("user.home.copy"), StandardCharsets.UTF_8);
            System.exit(3);
        }
    }

    @Test
    void forwardsOurOptionsOnly() {
        Properties p = new Properties();
        p.setProperty("table", "2");
        p.setProperty("report-only", "");
        p.setProperty("budget.steps", "5");
        p.setProperty("bench.reps", "2");
        p.setProperty("ai.djl.offline", "true");
        p.setProperty("maven.home", "/usr/share/maven");
        p.setProperty("java.version", "17");
        p.setProperty("classworlds.conf", "x");
        assertThat(Launcher.forwardedProperties(p)).containsExactly("-Dai.djl.offline=true", "-Dbench.reps=2",
                "-Dbudget.steps=5", "-Dreport-only=", "-Dtable=2");
    }

    /**
     * Every option any module's main code reads (a {@code getProperty}/{@code getBoolean} of a literal
     * name, or a {@code *_PROPERTY} constant) reaches the training JVM, except the JVM's own
     * properties. An option added without being forwarded fails here (as {@code -Ddata.*} once did).
     */
    @Test
    void everyOptionTheCodeReadsReachesTheTrainingJvm() throws Exception {
        java.util.regex.Pattern read = java.util.regex.Pattern.compile(
                "(?:getProperty|getBoolean|getInteger)\\(\"([^\"]+)\"|_PROPERTY = \"([^\"]+)\"");
        java.util.Set<String> keys = new java.util.TreeSet<>();
        Path repo = Path.of("..").toAbsolutePath().normalize();
        for (String module : List.of("mpl-algorithm", "mpl-baselines", "mpl-experiments", "mpl-reports")) {
            try (var files = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                    var m = read.matcher(Files.readString(f));
                    while (m.find()) {
                        keys.add(m.group(1) != null ? m.group(1) : m.group(2));
                    }
                }
            }
        }
        keys.removeIf(k -> k.startsWith("java.") || k.startsWith("os.") || k.startsWith("user."));
        assertThat(keys).contains("data.fashion-mnist", "data.cifar10", "data.verify", "data.offline", "table", "seeds",
                "cells", "mpl.root", "bench.threads");
        Properties p = new Properties();
        keys.forEach(k -> p.setProperty(k, "v"));
        List<String> forwarded = Launcher.forwardedProperties(p);
        for (String k : keys) {
            assertThat(forwarded).as("-D%s must reach the training JVM", k).contains("-D" + k + "=v");
        }
        // and every such option of the suite's form is accepted by the runner or command that reads it
        for (String k : keys) {
            boolean accepted = org.mplbench.experiments.bench.Bench.OPTIONS.contains(k)
                    || org.mplbench.experiments.bench.Bench.CHILD_OPTIONS.contains(k)
                    || org.mplbench.experiments.Runners.all().stream().anyMatch(r -> {
                        java.util.Set<String> allowed = new java.util.HashSet<>(RunOptions.COMMON);
                        allowed.addAll(r.options());
                        return RunOptions.allows(allowed, k);
                    });
            assertThat(!RunOptions.ours(k) || accepted).as("-D%s is read by the code but refused by every runner", k).isTrue();
        }
    }

    @Test
    void addsTheAllocatorSettingsToExistingTunables() {
        assertThat(Launcher.environment(Map.of())).containsEntry("GLIBC_TUNABLES", Launcher.TUNABLES);
        assertThat(Launcher.environment(Map.of("GLIBC_TUNABLES", "glibc.pthread.rseq=0")))
                .containsEntry("GLIBC_TUNABLES", "glibc.pthread.rseq=0:" + Launcher.TUNABLES);
    }

    @Test
    void forksOnceAndNotWhenToldOrAlreadyConfigured() {
        boolean linux = System.getProperty("os.name").toLowerCase().contains("linux");
        Properties p = new Properties();
        assertThat(Launcher.needed(p, Map.of())).isEqualTo(linux);
        assertThat(Launcher.needed(p, Map.of(Launcher.CHILD_MARK, "1"))).isFalse();
        assertThat(Launcher.needed(p, Map.of("GLIBC_TUNABLES", Launcher.TUNABLES))).isFalse();
        p.setProperty("mpl.fork", "false");
        assertThat(Launcher.needed(p, Map.of())).isFalse();
    }

    @Test
    void theChildGetsTheEnvironmentTheOptionsAndReturnsItsStatus(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("probe.txt");
        Properties p = new Properties();
        p.setProperty("steps", "7");
        p.setProperty("mpl.probe.out", out.toString());
        p.setProperty("user.home.copy", "not forwarded");
        assertThat(Launcher.relaunch(p, Probe.class)).isEqualTo(3);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).endsWith(Launcher.TUNABLES);
        assertThat(lines.subList(1, 4)).containsExactly("1", "7", "null");
    }
}
