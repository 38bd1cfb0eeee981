package org.mplbench.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The native engines' intra-op thread count, {@code OMP_NUM_THREADS}. MXNet reads it once, when its
 * library loads, and without it uses one thread here (half the cores on x86, rounded down), so a
 * process that wants another count must set it in its own environment before the engine loads.
 * It is therefore written, and read back, through {@link NativeEnv}.
 */
public final class NativeThreads {

    /** The effective setting and where it came from. */
    public record Setting(int threads, String source) {}

    private static final String VAR = "OMP_NUM_THREADS";

    private NativeThreads() {}

    /** A thread count given as {@code source}: null when unset, a usage error unless an integer ≥ 1. */
    public static Integer parseCount(String source, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new org.mplbench.config.ConfigException(source, "'" + value + "' is not a thread count (an integer >= 1)");
    }

    /**
     * Uses {@code requested} threads if given, else an {@code OMP_NUM_THREADS} already in the
     * environment, else {@code fallback}. Fails if a native engine is already loaded with another
     * count (the setting could no longer take effect).
     */
    public static Setting configure(Integer requested, int fallback) {
        Optional<String> current = current();
        if (requested == null && current.isPresent()) {
            return new Setting(parse(current.get()), "environment");
        }
        int threads = requested != null ? requested : fallback;
        String source = requested != null ? "requested" : "default";
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (current.isPresent() && parse(current.get()) == threads) {
            return new Setting(threads, source);
        }
        if (engineLoaded()) {
            throw new IllegalStateException("cannot set " + VAR + "=" + threads
                    + ": the native engine is already loaded with " + current.orElse("its default"));
        }
        NativeEnv.set(VAR, Integer.toString(threads));
        return new Setting(threads, source);
    }

    /** {@code OMP_NUM_THREADS} as the native code sees it now. */
    public static Optional<String> current() {
        return NativeEnv.get(VAR);
    }

    private static int parse(String v) {
        try {
            return Integer.parseInt(v.trim().split(",")[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(VAR + "='" + v + "' is not a thread count", e);
        }
    }

    /** Whether an engine's native library is mapped into this process (Linux; elsewhere assumed not). */
    static boolean engineLoaded() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(maps)) {
            return lines.anyMatch(l -> l.contains("libmxnet") || l.contains("libtorch") || l.contains("libgomp"));
        } catch (IOException e) {
            return false;
        }
    }
}
