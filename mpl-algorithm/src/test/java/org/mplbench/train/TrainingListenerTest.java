package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.train.TrainingListener.Cadence;

class TrainingListenerTest {

    @Test
    void cadenceIsEveryNStepsPlusTheListedOnes() {
        Cadence c = Cadence.every(4).and(10, -1);
        assertThat(c.also()).isEqualTo(Set.of(10L));
        List<Long> due = new ArrayList<>();
        for (long d = 1; d <= 12; d++) {
            if (c.due(d)) {
                due.add(d);
            }
        }
        assertThat(due).containsExactly(4L, 8L, 10L, 12L);
        assertThatThrownBy(() -> Cadence.every(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atRunsItsActionOnDueStepsAndStopsOnIoErrors() {
        List<String> ran = new ArrayList<>();
        TrainingListener l = TrainingListener.at(Cadence.every(3), (done, s) -> ran.add(done + "@" + s));
        for (long d = 1; d <= 7; d++) {
            l.onStepsDone(d, d * 0.5);
        }
        assertThat(ran).containsExactly("3@1.5", "6@3.0");
        TrainingListener failing = TrainingListener.at(Cadence.every(1), (done, s) -> {
            throw new IOException("disk full");
        });
        assertThatThrownBy(() -> failing.onStepsDone(1, 0)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("disk full");
    }

    @Test
    void jsonlLogAppendsOneLinePerLoggedStep(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("a").resolve("train.jsonl");
        JsonlLog log = new JsonlLog(f);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("t_loss", 1.5);
        m.put("h", -0.25);
        log.onLog(9, m);
        log.onLog(19, Map.of("t_loss", 1.0));
        assertThat(Files.readString(f)).isEqualTo("{\"step\":10,\"train\":{\"t_loss\":1.5,\"h\":-0.25}}\n"
                + "{\"step\":20,\"train\":{\"t_loss\":1.0}}\n");
    }

    @Test
    void progressCountsStepsAndShowsTheMainLosses() {
        long[] steps = {0};
        List<String> messages = new ArrayList<>();
        ProgressListener p = new ProgressListener(n -> steps[0] += n, messages::add);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("h", 0.0123456);
        m.put("t_loss", 2.0);
        m.put("t_mask_rate", 0.5);
        p.onLog(0, m);
        p.onStepsDone(1, 0);
        p.onStepsDone(2, 0);
        assertThat(steps[0]).isEqualTo(2);
        assertThat(messages).containsExactly("t_loss 2.00 h 0.0123");
    }
}
