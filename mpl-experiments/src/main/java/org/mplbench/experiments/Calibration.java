package org.mplbench.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * A fixed workload timed in the nightly process, so that ms/step can be compared across machines
 * and loads: the same engine, threads and memory system as the training. It mixes what the runners
 * spend time on: large matrix products (convolutions run as GEMM) and many small operators (the
 * per-operator overhead that dominates tiny models such as the TwoMoon MLP).
 */
public final class Calibration {

    /** Identifies the workload; baselines calibrated with another workload are not comparable. */
    public static final String WORKLOAD = "gemm512x8+small-ops400-v2";

    /**
     * Repetitions before timing. The first repetitions of a process run up to 2× slower while the
     * engine's memory pool and threads settle (measured: 78 → 39 ms over the first 24 repetitions
     * with 2 threads); timing only after them keeps the calibration within a few percent across
     * processes.
     */
    private static final int WARMUP = 25;

    private static final int REPEATS = 11;

    /** The median and spread of the timed repetitions; the minimum is the stable figure. */
    public record Measurement(double medianMs, double minMs, double maxMs) {}

    private Calibration() {}

    public static Measurement measure() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new Shape(512, 512));
            NDArray b = m.randomUniform(-1, 1, new Shape(512, 512));
            NDArray v = m.randomUniform(-1, 1, new Shape(64));
            for (int i = 0; i < WARMUP; i++) {
                once(a, b, v);
            }
            double[] ms = new double[REPEATS];
            for (int i = 0; i < REPEATS; i++) {
                long t0 = System.nanoTime();
                once(a, b, v);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            return new Measurement(ms[REPEATS / 2], ms[0], ms[REPEATS - 1]);
        }
    }

    /** Results attach to the operands' manager, freed when {@link #measure} closes it (a few MB). */
    private static void once(NDArray a, NDArray b, NDArray v) {
        NDArray x = a;
        for (int i = 0; i < 8; i++) {
            x = x.matMul(b).mul(1.0 / 512);
        }
        NDArray y = v;
        for (int i = 0; i < 400; i++) {
            y = y.mul(0.999).add(0.001);
        }
        // read back: MXNet computes asynchronously
        x.sum().getFloat();
        y.sum().getFloat();
    }
}
