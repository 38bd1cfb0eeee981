package org.mplbench.experiments.vision;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MplStepBenchSmokeTest {

    @Test
    void reportsEachPresetWithMemory() throws Exception {
        Properties p = new Properties();
        p.setProperty("bench.labeled", "2");
        p.setProperty("bench.mu", "1");
        p.setProperty("bench.steps", "1");
        p.setProperty("bench.warmup", "1");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MplStepBench.run(new PrintStream(out, true, StandardCharsets.UTF_8), p);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("WRN-28-2, labeled 2, mu 1").containsPattern("reference-code +median +\\d+\\.\\d ms/step")
                .containsPattern("paper +median").contains("RSS");
    }
}
