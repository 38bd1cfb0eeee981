package org.mplbench.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * What a run actually executed on, for the provenance columns of every result.
 *
 * @param engine engine name (MXNet, PyTorch)
 * @param version engine version as the engine reports it (MXNet 1.9.1 reports "1.9.0")
 * @param device the device arrays are created on by default
 * @param threads native intra-op threads: {@code OMP_NUM_THREADS}, or the engine default
 */
public record EngineInfo(String engine, String version, String device, String threads) {

    private static volatile Boolean mxnet;

    /** Whether the engine is MXNet; asked on hot paths, so answered once per process (it cannot change). */
    public static boolean isMxnet() {
        Boolean m = mxnet;
        if (m == null) {
            m = "MXNet".equals(Engine.getInstance().getEngineName());
            mxnet = m;
        }
        return m;
    }

    public static EngineInfo current() {
        Engine e = Engine.getInstance();
        Device device = e.defaultDevice();
        String threads = NativeThreads.current().orElse("engine-default");
        return new EngineInfo(e.getEngineName(), e.getVersion(), device.toString(), threads);
    }
}
