package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a JVM with a run in progress: the exit waits until the run has reached a step boundary. */
class StopSignalTest {

    /** A "run" that steps every 100 ms until asked to stop, then takes 500 ms to save and prints "saved". */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            StopSignal stop = StopSignal.onTermination(Duration.ofSeconds(20));
            stop.enter();
            System.out.println("running");
            System.out.flush();
            try {
                while (!stop.requested()) {
                    Thread.sleep(100);
                }
                Thread.sleep(500);
                System.out.println("saved");
                System.out.flush();
            } finally {
                stop.exit();
            }
            Thread.sleep(60_000); // an exit only the signal ends
        }
    }

    @Test
    void sigtermWaitsForTheRunToSaveBeforeTheJvmExits(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("out.txt");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Child.class.getName())).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(log) && Files.readString(log).contains("running")) && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        p.destroy(); // SIGTERM
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).isEqualTo("running\nsaved\n");
        assertThat(p.exitValue()).isEqualTo(143);
    }

    @Test
    void aManualSignalIsOnlyWhatRequestSays() {
        StopSignal s = StopSignal.manual();
        assertThat(s.requested()).isFalse();
        s.request();
        assertThat(s.requested()).isTrue();
    }
}
