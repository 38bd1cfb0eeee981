package org.mplbench.reports;

import java.util.Objects;

/**
 * How a result was obtained.
 *
 * @param commit git commit of the code ({@code unknown} outside a checkout)
 * @param dirty whether the working tree had uncommitted changes
 * @param configHash hash of the run's resolved configuration (seed excluded)
 * @param engine deep-learning engine name
 * @param engineVersion engine version as reported by the engine
 * @param device device the run computed on
 * @param threads native intra-op threads
 * @param javaVersion Java runtime version
 */
public record Provenance(
        String commit,
        boolean dirty,
        String configHash,
        String engine,
        String engineVersion,
        String device,
        String threads,
        String javaVersion) {

    public Provenance {
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(threads, "threads");
        Objects.requireNonNull(javaVersion, "javaVersion");
    }
}
