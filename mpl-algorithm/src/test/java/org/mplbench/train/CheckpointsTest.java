package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.StepLog;

class CheckpointsTest {

    /** Saves one file holding its counter; loading reads it back. */
    private static final class Counter extends StubMethod {
        int value;
        final List<Path> loadedFrom = new ArrayList<>();

        @Override
        public StepLog step(SslBatch batch, long step) {
            value++;
            return new StepLog();
        }

        @Override
        public void save(Path dir) throws IOException {
            Files.writeString(dir.resolve("counter"), Integer.toString(value));
        }

        @Override
        public void load(Path dir) throws IOException {
            value = Integer.parseInt(Files.readString(dir.resolve("counter")));
            loadedFrom.add(dir);
        }
    }

    @Test
    void saveThenResumeRestoresStateAndPosition(@TempDir Path dir) throws IOException {
        Checkpoints c = new Checkpoints(dir);
        Counter m = new Counter();
        m.value = 7;
        c.save(m, new Checkpoints.State(40, 12.5, "abc"));
        assertThat(Files.readString(dir.resolve("checkpoint/state.json")))
                .isEqualTo("{\n  \"step\": 40,\n  \"trainSeconds\": 12.5,\n  \"configHash\": \"abc\"\n}");
        Counter fresh = new Counter();
        assertThat(c.resume(fresh, "abc")).contains(new Checkpoints.State(40, 12.5, "abc"));
        assertThat(fresh.value).isEqualTo(7);
        assertThat(dir.resolve("checkpoint.new")).doesNotExist();
    }

    @Test
    void aCheckpointOfAnotherConfigurationIsRefused(@TempDir Path dir) throws IOException {
        Checkpoints c = new Checkpoints(dir);
        c.save(new Counter(), new Checkpoints.State(4, 1, "abc"));
        Counter other = new Counter();
        assertThatThrownBy(() -> c.resume(other, "def")).isInstanceOf(org.mplbench.config.ConfigException.class)
                .hasMessageContaining("written under config abc, this invocation's is def");
        assertThat(other.loadedFrom).isEmpty();
        assertThat(new Checkpoints(dir.resolve("none")).resume(other, "abc")).isEmpty();
    }

    @Test
    void aCheckpointWhoseSwapWasInterruptedIsRecoveredAndAnIncompleteOneIgnored(@TempDir Path dir) throws Exception {
        Checkpoints c = new Checkpoints(dir);
        assertThat(c.latest()).isEmpty();
        // incomplete staging (no state.json): ignored
        Files.createDirectories(dir.resolve("checkpoint.new"));
        Files.writeString(dir.resolve("checkpoint.new/model.params"), "x");
        assertThat(c.latest()).isEmpty();
        // complete staging, old checkpoint already deleted: the swap is finished
        Files.writeString(dir.resolve("checkpoint.new/state.json"), "{\"step\": 40, \"trainSeconds\": 12.5, \"configHash\": \"abc\"}");
        assertThat(c.latest()).contains(new Checkpoints.State(40, 12.5, "abc"));
        assertThat(dir.resolve("checkpoint/model.params")).exists();
        assertThat(dir.resolve("checkpoint.new")).doesNotExist();
    }

    @Test
    void saveAtCheckpointsOnDueStepsWithTheLoopsClock(@TempDir Path dir) throws IOException {
        Checkpoints c = new Checkpoints(dir);
        Counter m = new Counter();
        TrainingListener l = c.saveAt(done -> done % 5 == 0, m, "h");
        for (long d = 1; d <= 7; d++) {
            m.value = (int) d;
            l.onStepsDone(d, d * 2.0);
        }
        assertThat(c.latest()).contains(new Checkpoints.State(5, 10.0, "h"));
        Counter fresh = new Counter();
        c.resume(fresh, "h");
        assertThat(fresh.value).isEqualTo(5);
    }

    @Test
    void anUnreadableCheckpointNamesItsFileAndTheRemedy(@TempDir Path dir) throws IOException {
        Checkpoints c = new Checkpoints(dir);
        c.save(new Counter(), new Checkpoints.State(4, 1, "abc"));
        Files.writeString(dir.resolve("checkpoint/counter"), "not a number");
        assertThatThrownBy(() -> c.resume(new Counter(), "abc")).isInstanceOf(org.mplbench.io.FileFormatException.class)
                .hasMessageStartingWith(dir.resolve("checkpoint") + ": cannot be loaded (")
                .hasMessageContaining("delete " + dir + " to rerun it from the start");
        Files.writeString(dir.resolve("checkpoint/state.json"), "{bad");
        assertThatThrownBy(c::latest).isInstanceOf(org.mplbench.io.FileFormatException.class)
                .hasMessageStartingWith(dir.resolve("checkpoint/state.json") + ": not a checkpoint state");
    }

    @Test
    void saveAtAlsoCheckpointsWhereTheLoopStopsEarlyButNotTwice(@TempDir Path dir) throws IOException {
        Checkpoints c = new Checkpoints(dir);
        Counter m = new Counter();
        TrainingListener l = c.saveAt(done -> done % 5 == 0, m, "h");
        m.value = 3;
        l.onStepsDone(3, 6.0);
        l.onStopped(3, 6.0);
        assertThat(c.latest()).contains(new Checkpoints.State(3, 6.0, "h"));
        m.value = 5;
        l.onStepsDone(5, 10.0);
        Files.writeString(dir.resolve("checkpoint/counter"), "marker");
        l.onStopped(5, 10.0);
        assertThat(dir.resolve("checkpoint/counter")).as("the due step was saved already").content().isEqualTo("marker");
    }
}
