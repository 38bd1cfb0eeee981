package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The training JVM killed with SIGKILL mid-step and while staging a checkpoint, then restarted, ends
 * exactly as an uninterrupted run (MPL, the method with the most state). The nightly test covers every
 * method at more points.
 */
class KillAndResumeTest {

    private static final String METHODS = "mpl";

    @Test
    void mplSurvivesKillsMidStepAndMidCheckpoint(@TempDir Path reference, @TempDir Path killed) throws Exception {
        Kills.finish(reference, METHODS, 0);
        int n = 0;
        int kills = 0;
        for (Kills.Point p : List.of(Kills.logged("mpl", 1), Kills.staging("mpl"))) {
            kills += Kills.killAt(killed, METHODS, p, ++n) ? 1 : 0;
        }
        Kills.finish(killed, METHODS, ++n);
        assertThat(kills).as("kill points reached before the run ended").isEqualTo(2);
        Kills.assertSameRuns(reference, killed, METHODS);
    }
}
