package org.mplbench.experiments.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;

/**
 * The reference peak of a benchmark process: the engine's best dense matrix product (a 1024×1024
 * by 1024×1024 fully-connected layer, oneDNN's JIT GEMM on MXNet), with the process's threads, the
 * fastest of 15 after 10 warm-up products. It is what the engine can reach on the machine as it is
 * at that moment, so a case's fraction of it separates our overheads from a slow or busy machine.
 */
public final class PeakProbe {

    private static final int N = 1024;

    private PeakProbe() {}

    /** GFLOP/s. */
    public static double measure() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(-1, 1, new Shape(N, N));
            NDArray w = m.randomUniform(-1, 1, new Shape(N, N));
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 25; i++) {
                long t0 = System.nanoTime();
                try (NDManager scope = m.newSubManager()) {
                    NDArray y = Linear.linear(x, w).singletonOrThrow();
                    y.attach(scope);
                    y.getFloat(0, 0); // waits for the product
                }
                if (i >= 10) {
                    best = Math.min(best, (System.nanoTime() - t0) / 1e9);
                }
            }
            return 2.0 * N * N * N / best / 1e9;
        }
    }
}
