package org.mplbench.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.util.Optional;

/**
 * Lets oneDNN use the CPU's AMX tiles (bfloat16 matrix units) where they exist.
 *
 * <p>oneDNN 2.4 (MXNet 1.9.1) leaves AMX out of its default instruction sets, and Linux (5.16+) only
 * lets a process execute AMX instructions after it has asked for the tile state with
 * {@code arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)}, which oneDNN 2.4 does not do: with
 * {@code DNNL_MAX_CPU_ISA=AVX512_CORE_AMX} alone the first AMX convolution dies of SIGILL. So the
 * process asks for the permission first and raises the cap only if the kernel granted it. Both must
 * happen before oneDNN first looks at the CPU (the first primitive). Float32
 * convolutions are the same with or without the cap (checked in oneDNN's verbose log); it is for bfloat16
 * ({@link org.mplbench.nn.Precision#BF16}).
 */
public final class NativeIsa {

    private static final String VAR = "DNNL_MAX_CPU_ISA";
    private static final String AMX = "AVX512_CORE_AMX";
    private static final long SYS_ARCH_PRCTL = 158;
    private static final long ARCH_REQ_XCOMP_PERM = 0x1023;
    private static final long XFEATURE_XTILEDATA = 18;

    private NativeIsa() {}

    /**
     * Asks for AMX and raises oneDNN's cap to it; returns what was done, in words. Leaves the cap
     * alone where the user set it (but still asks for the tile state when that cap is AMX, which
     * would otherwise die of SIGILL), where the CPU has no AMX or on another OS/arch, and where an
     * engine is already loaded (the cap could no longer take effect).
     */
    public static String enableAmx() {
        Optional<String> set = NativeEnv.get(VAR);
        boolean amxCpu = Bf16.cpuFlags().contains(" amx_bf16 ") && "amd64".equals(System.getProperty("os.arch"));
        if (set.isPresent()) {
            String given = VAR + "=" + set.get() + " (environment)";
            if (!set.get().trim().equalsIgnoreCase(AMX) || !amxCpu || NativeThreads.engineLoaded()) {
                return given;
            }
            String refused = requestTileState();
            return refused == null ? given + ", tile state granted" : given + "; " + refused
                    + ": AMX kernels would die of SIGILL, unset " + VAR + " or give another cap";
        }
        if (!amxCpu) {
            return "no AMX on this CPU";
        }
        if (NativeThreads.engineLoaded()) {
            return "AMX not enabled: the engine was loaded first";
        }
        String refused = requestTileState();
        if (refused != null) {
            return "AMX not enabled: " + refused;
        }
        NativeEnv.set(VAR, AMX);
        return "AMX enabled for bf16 (" + VAR + "=" + AMX + ")";
    }

    /**
     * The cap set in this process's environment that keeps oneDNN below its bfloat16 convolutions
     * (below AVX512_CORE_BF16), or empty when there is none.
     */
    static Optional<String> capBelowBf16() {
        String cap = NativeEnv.get(VAR).orElse("ALL").trim().toUpperCase(java.util.Locale.ROOT);
        return BF16_CAPS.contains(cap) ? Optional.empty() : Optional.of(VAR + "=" + cap);
    }

    /** oneDNN 2.4's caps that include its bfloat16 convolutions. */
    private static final java.util.Set<String> BF16_CAPS = java.util.Set.of("ALL", "AVX512_CORE_BF16", AMX);

    /** {@code arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)}: null when granted, else why not. */
    private static String requestTileState() {
        int rc;
        try {
            Function syscall = NativeLibrary.getInstance("c").getFunction("syscall");
            rc = syscall.invokeInt(new Object[] {SYS_ARCH_PRCTL, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA});
        } catch (UnsatisfiedLinkError e) {
            return e.getMessage();
        }
        return rc == 0 ? null : "the kernel refused the tile state (arch_prctl returned " + rc + ")";
    }
}
