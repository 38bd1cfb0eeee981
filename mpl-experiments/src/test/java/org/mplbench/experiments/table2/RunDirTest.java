package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirTest {

    @Test
    void metricsAfterTheCheckpointAndACutLineAreDropped(@TempDir Path dir) throws Exception {
        RunDir run = new RunDir(dir);
        for (int s : new int[] {10, 20, 30}) {
            JsonObject o = new JsonObject();
            o.addProperty("step", s);
            o.addProperty("acc_test", s / 100.0);
            run.appendMetrics(o);
        }
        Files.writeString(run.metricsFile(), Files.readString(run.metricsFile()) + "{\"step\":40,\"acc", java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(run::metrics).hasMessageContaining("metrics.jsonl:4");
        run.truncateMetrics(20);
        assertThat(run.metrics()).extracting(o -> o.get("step").getAsLong()).containsExactly(10L, 20L);
    }

    @Test
    void aRunIsNeverContinuedUnderAnotherConfiguration(@TempDir Path dir) throws Exception {
        RunDir run = new RunDir(dir.resolve("r"));
        run.writeConfig("{\"steps\": 8}");
        run.writeConfig("{\"steps\": 8}");
        assertThatThrownBy(() -> run.writeConfig("{\"steps\": 9}")).hasMessageContaining("config.json: holds a different configuration")
                .hasMessageContaining("delete");
    }

    @Test
    void aBrokenResultFileIsReportedWithItsPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("result.json"), "{not json");
        assertThatThrownBy(() -> new RunDir(dir).result()).hasMessageContaining("result.json").hasMessageContaining("not valid JSON");
    }
}
