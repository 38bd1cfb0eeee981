package org.mplbench.experiments.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonSerializationContext;
import com.google.gson.JsonSerializer;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mplbench.mpl.MplConfig;
import org.mplbench.reports.RunId;

/**
 * One run, completely specified: runner and cell, the method and variant (a
 * {@link org.mplbench.experiments.methods.MethodRegistry} entry), training and split seeds, profile,
 * engine, and what the runner resolved for it ({@code config}: data, budget, MPL configuration, ...,
 * insertion-ordered). {@link #toJson()} is the only serialisation (a run's {@code config.json});
 * {@link #configHash()} hashes the same tree without its seed, so runs that differ only in their seed
 * share a hash and a checkpoint is resumed only under the configuration that wrote it.
 */
public record RunSpec(String runner, String cell, String dataset, String dataSource, String method, String variant,
        long seed, long splitSeed, String profile, String engine, Map<String, Object> config) {

    private static final Gson PLAIN = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues()
            .create();
    private static final Gson PRETTY = gson().setPrettyPrinting().create();
    private static final Gson COMPACT = gson().create();

    private static GsonBuilder gson() {
        return new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues()
                .registerTypeAdapter(MplConfig.class, (JsonSerializer<MplConfig>) RunSpec::mplConfig);
    }

    /**
     * An MPL configuration's fields, less those added later at the value that reproduces the runs made
     * before them: such a run's specification stays current, and its results are not run again.
     */
    private static JsonElement mplConfig(MplConfig c, Type type, JsonSerializationContext context) {
        JsonObject o = PLAIN.toJsonTree(c).getAsJsonObject();
        if (c.studentStepsPerTeacherStep() == 1) {
            o.remove("studentStepsPerTeacherStep");
        }
        return o;
    }

    public RunSpec {
        // the identity fields are the RunId's, checked by it
        new RunId(runner, cell, dataset, method, variant, seed, splitSeed, profile, dataSource);
        Objects.requireNonNull(engine, "engine");
        for (String k : IDENTITY) {
            if (config.containsKey(k)) {
                throw new IllegalArgumentException("config repeats the identity field '" + k + "'");
            }
        }
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    private static final java.util.List<String> IDENTITY = java.util.List.of("runner", "cell", "dataset", "data_source",
            "method", "variant", "seed", "split_seed", "profile", "engine");

    /** The results' identity of this run. */
    public RunId id() {
        return new RunId(runner, cell, dataset, method, variant, seed, splitSeed, profile, dataSource);
    }

    /** The run's {@code config.json}: the identity fields, then {@code config} in its order. */
    public String toJson() {
        return PRETTY.toJson(tree()) + "\n";
    }

    /** 12 hex digits of SHA-256 over the compact JSON tree without {@code seed}. */
    public String configHash() {
        JsonObject t = tree();
        t.remove("seed");
        return ProvenanceProbe.hash(COMPACT.toJson(t));
    }

    private JsonObject tree() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runner", runner);
        m.put("cell", cell);
        m.put("dataset", dataset);
        m.put("data_source", dataSource);
        m.put("method", method);
        m.put("variant", variant);
        m.put("seed", seed);
        m.put("split_seed", splitSeed);
        m.put("profile", profile);
        m.put("engine", engine);
        m.putAll(config);
        return COMPACT.toJsonTree(m).getAsJsonObject();
    }
}
