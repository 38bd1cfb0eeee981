package org.mplbench.experiments;

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
