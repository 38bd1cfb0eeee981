package org.mplbench.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsLockTest {

    /** Started by the test in a child JVM: holds the lock of args[0] until its stdin closes. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            try (ResultsLock lock = ResultsLock.acquire(Path.of(args[0]), "holder")) {
                System.out.println("locked");
                System.out.flush();
                System.in.read();
            }
        }
    }

    @Test
    void aSecondWriterInThisProcessIsRefusedUntilTheFirstCloses(@TempDir Path root) throws Exception {
        Path dir = root.resolve("results/table2/cpu");
        try (ResultsLock first = ResultsLock.acquire(dir, "-Dtable=2 -Dprofile=cpu")) {
            assertThatThrownBy(() -> ResultsLock.acquire(dir, "again")).isInstanceOf(ResultsLock.BusyException.class)
                    .hasMessageContaining(dir + " is being written by another run (process " + ProcessHandle.current().pid())
                    .hasMessageContaining("-Dtable=2 -Dprofile=cpu").hasMessageContaining("lock " + root.resolve("results/table2/cpu.lock"));
        }
        ResultsLock.acquire(dir, "after").close();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathReleasesIt(@TempDir Path root) throws Exception {
        Path dir = root.resolve("results/twomoon/cpu");
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Launcher.classpath(), Holder.class.getName(), dir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            assertThatThrownBy(() -> ResultsLock.acquire(dir, "second")).isInstanceOf(ResultsLock.BusyException.class)
                    .hasMessageContaining("(process " + holder.pid() + " on ").hasMessageContaining(": holder)");
        } finally {
            holder.destroyForcibly(); // SIGKILL: the system releases its lock
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        ResultsLock.acquire(dir, "after the holder died").close();
    }
}
