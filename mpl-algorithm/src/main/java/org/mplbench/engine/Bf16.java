package org.mplbench.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.PairList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mplbench.config.ConfigException;

/**
 * bfloat16 casts on the engines where they work, and the check that refuses the others.
 *
 * <p>MXNet 1.9 has bfloat16 arrays and oneDNN bfloat16 convolutions, but DJL 0.36's {@code toType}
 * sends MXNet the wrong type code for {@code BFLOAT16} ("Unknown type enum 11"), so the cast goes
 * through MXNet's own {@code amp_cast} operator, which is recorded by autograd (its backward casts
 * the gradient back). DJL then labels the bfloat16 result as {@code UINT64} (MXNet's code 12 is
 * DJL's uint64): such an array is only ever passed to the next MXNet operator, never read from Java.
 * DJL's PyTorch engine (libtorch 2.7.1) aborts the JVM on {@code toType(BFLOAT16)} ("terminate called
 * without an active exception"), so it is refused rather than tried.
 */
public final class Bf16 {

    private Bf16() {}

    /** {@code x} cast to bfloat16 (recorded for autograd). */
    public static NDArray fromFloat32(NDArray x) {
        return cast(x, "bfloat16");
    }

    /** A bfloat16 array cast back to float32 (recorded for autograd). */
    public static NDArray toFloat32(NDArray x) {
        return cast(x, "float32");
    }

    /** Whether {@code x} is a bfloat16 activation (what DJL labels neither float32 nor float64). */
    public static boolean is(NDArray x) {
        DataType t = x.getDataType();
        return t != DataType.FLOAT32 && t != DataType.FLOAT64;
    }

    /**
     * A bfloat16 array in the engine's plain layout: through float32 and back, which is exact (every
     * bfloat16 is a float32) and costs two memory passes.
     */
    public static NDArray relayout(NDArray x) {
        return fromFloat32(toFloat32(x));
    }

    /**
     * {@code x} itself if it is float32 or float64, else (a bfloat16 activation) cast to float32: for
     * the operators that have no bfloat16 kernel in MXNet 1.9 (dropout) and for the classifier.
     */
    public static NDArray widen(NDArray x) {
        return is(x) ? toFloat32(x) : x;
    }

    private static NDArray cast(NDArray x, String dtype) {
        PairList<String, Object> p = new PairList<>();
        p.add("dtype", dtype);
        return x.getManager().invoke("amp_cast", new NDList(x), p).singletonOrThrow();
    }

    /**
     * Refuses bfloat16 convolutions where they cannot run, naming {@code option} and the reason: an
     * engine other than MXNet, a GPU device (MXNet 1.9's bfloat16 kernels are oneDNN's, CPU only), or
     * a CPU without AVX512-BF16 (oneDNN would have no bfloat16 convolution to run).
     */
    public static void requireSupported(String option) {
        Engine e = Engine.getInstance();
        if (!"MXNet".equals(e.getEngineName())) {
            throw new ConfigException(option, "bf16 needs the MXNet engine: DJL's " + e.getEngineName()
                    + " engine aborts the JVM when an array is cast to bfloat16 (see docs/performance.md)");
        }
        if (!Device.cpu().equals(e.defaultDevice())) {
            throw new ConfigException(option, "bf16 runs on the CPU only (MXNet 1.9's bfloat16 convolutions are "
                    + "oneDNN's); the default device is " + e.defaultDevice());
        }
        if (!cpuFlags().contains(" avx512_bf16 ")) {
            throw new ConfigException(option, "bf16 needs a CPU with AVX512-BF16 (avx512_bf16 is not among this "
                    + "CPU's flags in /proc/cpuinfo)");
        }
        java.util.Optional<String> cap = NativeIsa.capBelowBf16();
        if (cap.isPresent()) {
            throw new ConfigException(option, cap.get() + " keeps oneDNN below AVX512_CORE_BF16, where "
                    + "it has no bfloat16 convolution (MXNet: \"could not create a primitive descriptor iterator\"); "
                    + "unset it or set AVX512_CORE_BF16 or AVX512_CORE_AMX");
        }
    }

    /** The first "flags" line of /proc/cpuinfo with a leading space, or "" where there is none. */
    static String cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().map(l -> " " + l.substring(l.indexOf(':') + 1).trim() + " ").orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
