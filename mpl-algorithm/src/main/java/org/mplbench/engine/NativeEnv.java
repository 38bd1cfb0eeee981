package org.mplbench.engine;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Optional;

/**
 * The process environment as native libraries see it. Java cannot change its environment and
 * {@link System#getenv} keeps the values the JVM started with, so settings the engines read when
 * they load ({@code OMP_NUM_THREADS}, {@code DNNL_MAX_CPU_ISA}) are written and read back through libc.
 */
final class NativeEnv {

    interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private NativeEnv() {}

    /** {@code name}'s value now, blank counted as unset. */
    static Optional<String> get(String name) {
        String v;
        try {
            v = Holder.LIBC.getenv(name);
        } catch (UnsatisfiedLinkError e) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    static void set(String name, String value) {
        if (Holder.LIBC.setenv(name, value, 1) != 0) {
            throw new IllegalStateException("setenv(" + name + ") failed");
        }
    }

    private static final class Holder {
        static final LibC LIBC = Native.load("c", LibC.class);
    }
}
