package org.mplbench.experiments;

import ai.djl.engine.Engine;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.RunOptions.Device;

/**
 * Refuses a GPU request the engine cannot honour. DJL silently computes on the CPU when its engine
 * sees no GPU — for MXNet also on a GPU newer than its CUDA 11.2 build supports (compute capability
 * above 8.6, e.g. an H100) — so a run that asked for a GPU would report CPU numbers as GPU ones.
 */
public final class DeviceCheck {

    private DeviceCheck() {}

    /** Checks {@code device} against the engine in use. */
    public static void require(Device device) {
        if (device == Device.GPU) {
            Engine e = Engine.getInstance();
            requireGpu(e.getEngineName(), e.getVersion(), e.getGpuCount());
        }
    }

    /**
     * Checks {@code -Dengine} (the Maven property that puts an engine's jars on the class path) against
     * the engine DJL loaded: a build of the other engine would otherwise run and label its rows with it.
     */
    public static void requireEngine(String requested) {
        if (requested != null && !requested.isBlank()) {
            requireEngine(requested.trim(), Engine.getInstance().getEngineName());
        }
    }

    static void requireEngine(String requested, String loaded) {
        if (!requested.equalsIgnoreCase(loaded)) {
            throw new ConfigException("-Dengine", "asked for " + requested + ", but the class path holds the " + loaded
                    + " engine: build with mvn -q install -DskipTests -Dengine=" + requested.toLowerCase(java.util.Locale.ROOT)
                    + " first (the modules' jars carry the engine)");
        }
    }

    static void requireGpu(String engine, String version, int gpus) {
        if (gpus > 0) {
            return;
        }
        StringBuilder why = new StringBuilder("a GPU was asked for, but the ").append(engine).append(' ').append(version)
                .append(" engine sees no usable GPU, and DJL would silently run on the CPU instead. ");
        if (engine.equalsIgnoreCase("MXNet")) {
            why.append("DJL's MXNet GPU build is CUDA 11.2 and supports GPUs up to compute capability 8.6 "
                    + "(no Hopper/H100, sm_90); it also needs the CUDA native library, which the offline "
                    + "mxnet-native-mkl jar does not contain. ");
        } else {
            why.append("Check that the engine's native library is a CUDA build matching the driver (the default CPU "
                    + "libtorch cannot use a GPU: -Dengine=pytorch -Dgpu with PYTORCH_LIBRARY_PATH, docs/executors.md). ");
        }
        if (engine.equalsIgnoreCase("MXNet")) {
            why.append("Use the PyTorch engine with a CUDA libtorch (mvn -Dengine=pytorch -Dgpu ..., docs/executors.md), ");
        } else {
            why.append("Or ");
        }
        why.append("run with -Ddevice=cpu.");
        throw new ConfigException("-Ddevice", why.toString());
    }
}
