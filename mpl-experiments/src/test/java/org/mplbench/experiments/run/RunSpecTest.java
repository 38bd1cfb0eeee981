package org.mplbench.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mplbench.mpl.MplConfig;
import org.mplbench.reports.RunId;

class RunSpecTest {

    private static RunSpec spec(long seed, Map<String, Object> config) {
        return new RunSpec("2", "fashion-mnist-1k", "fashion-mnist", "real", "mpl", "paper", seed, 1, "cpu", "MXNet 1.9.1",
                config);
    }

    private static Map<String, Object> config(double lr) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mpl", MplConfig.paper());
        c.put("lr", lr);
        c.put("shape", List.of(28, 28, 1));
        return c;
    }

    @Test
    void serialisesIdentityThenConfigInOrder() {
        assertThat(spec(3, config(0.05)).toJson()).startsWith("""
                {
                  "runner": "2",
                  "cell": "fashion-mnist-1k",
                  "dataset": "fashion-mnist",
                  "data_source": "real",
                  "method": "mpl",
                  "variant": "paper",
                  "seed": 3,
                  "split_seed": 1,
                  "profile": "cpu",
                  "engine": "MXNet 1.9.1",
                  "mpl": {
                    "feedback": "OLD_MINUS_NEW",
                """).endsWith("""
                  "lr": 0.05,
                  "shape": [
                    28,
                    28,
                    1
                  ]
                }
                """);
    }

    @Test
    void hashIgnoresTheSeedOnlyAndIsStructural() {
        String h = spec(0, config(0.05)).configHash();
        assertThat(h).hasSize(12).matches("[0-9a-f]+");
        assertThat(spec(7, config(0.05)).configHash()).isEqualTo(h);
        assertThat(spec(0, config(0.06)).configHash()).isNotEqualTo(h);
        // a seed inside the config is configuration, not the run's seed: it is hashed
        Map<String, Object> withInnerSeed = config(0.05);
        withInnerSeed.put("pipeline", Map.of("seed", 4));
        Map<String, Object> otherInnerSeed = config(0.05);
        otherInnerSeed.put("pipeline", Map.of("seed", 5));
        assertThat(spec(0, withInnerSeed).configHash()).isNotEqualTo(spec(0, otherInnerSeed).configHash());
    }

    @Test
    void identityIsTheRunId() {
        assertThat(spec(3, config(0.05)).id())
                .isEqualTo(new RunId("2", "fashion-mnist-1k", "fashion-mnist", "mpl", "paper", 3, 1, "cpu", "real"));
    }

    @Test
    void configMayNotRepeatAnIdentityField() {
        Map<String, Object> c = config(0.05);
        c.put("seed", 9);
        assertThatThrownBy(() -> spec(0, c)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'seed'");
    }
}
