package org.mplbench.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.mplbench.config.ConfigException;

/**
 * Overrides of a case's own repetition counts ({@code -Dbench.warmup}, {@code -Dbench.reps},
 * {@code -Dbench.steps} for the long memory runs) and the MPL preset ({@code -Dbench.preset}).
 * {@code null} keeps the case's default.
 */
public record BenchSettings(Integer warmup, Integer reps, Integer steps, String preset) {

    public BenchSettings {
        check("bench.warmup", warmup, 0);
        check("bench.reps", reps, 1);
        check("bench.steps", steps, 1);
    }

    public static BenchSettings defaults() {
        return new BenchSettings(null, null, null, null);
    }

    public static BenchSettings from(Properties p) {
        return new BenchSettings(integer(p, "bench.warmup"), integer(p, "bench.reps"), integer(p, "bench.steps"),
                p.getProperty("bench.preset"));
    }

    public int warmupOr(int fallback) {
        return warmup != null ? warmup : fallback;
    }

    public int repsOr(int fallback) {
        return reps != null ? reps : fallback;
    }

    public int stepsOr(int fallback) {
        return steps != null ? steps : fallback;
    }

    public String presetOr(String fallback) {
        return preset != null && !preset.isBlank() ? preset.trim() : fallback;
    }

    /** The overrides as {@code -D} arguments for a child JVM. */
    public List<String> asArguments() {
        List<String> a = new ArrayList<>();
        if (warmup != null) {
            a.add("-Dbench.warmup=" + warmup);
        }
        if (reps != null) {
            a.add("-Dbench.reps=" + reps);
        }
        if (steps != null) {
            a.add("-Dbench.steps=" + steps);
        }
        if (preset != null) {
            a.add("-Dbench.preset=" + preset);
        }
        return a;
    }

    private static Integer integer(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("-D" + key, "'" + v + "' is not an integer");
        }
    }

    private static void check(String key, Integer v, int min) {
        if (v != null && v < min) {
            throw new ConfigException("-D" + key, v + " is below " + min);
        }
    }
}
