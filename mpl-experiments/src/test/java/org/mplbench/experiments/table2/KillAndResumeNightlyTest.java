package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Table 2 method killed with SIGKILL at every kind of point — after a loss line, while staging a
 * checkpoint, after a second loss line (for Pseudo Labels: at and after the teacher/student boundary),
 * after its result — each kill followed by a restart, ends exactly as an uninterrupted run. About two
 * minutes on 2 cores; run with {@code -Pnightly-tests}.
 */
@Tag("nightly")
class KillAndResumeNightlyTest {

    private static final String METHODS = "supervised,pseudo-labels,uda,mpl,mpl-reference-code,mpl-soft";

    @Test
    void everyMethodSurvivesKillsAtEveryKindOfPoint(@TempDir Path reference, @TempDir Path killed) throws Exception {
        Kills.finish(reference, METHODS, 0);
        List<Kills.Point> points = new ArrayList<>();
        for (String m : METHODS.split(",")) {
            points.add(Kills.logged(m, 1));
            points.add(Kills.staging(m));
            points.add(Kills.logged(m, 2));
            if (m.equals("pseudo-labels")) {
                points.add(Kills.logged(m, 3)); // the student phase, after the boundary at step 8
            }
            points.add(Kills.finished(m));
        }
        int n = 0;
        List<String> reached = new ArrayList<>();
        for (Kills.Point p : points) {
            if (Kills.killAt(killed, METHODS, p, ++n)) {
                reached.add(p.name());
            }
        }
        Kills.finish(killed, METHODS, ++n);
        System.out.println("SIGKILL at " + reached.size() + " of " + points.size() + " points: " + reached);
        assertThat(reached).as("kill points reached").hasSizeGreaterThanOrEqualTo(points.size() - 2);
        Kills.assertSameRuns(reference, killed, METHODS);
    }
}
