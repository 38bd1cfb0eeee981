package org.mplbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.util.PairList;

/**
 * Engine-specific choices of operator where the engine-neutral one is measurably slower.
 *
 * <p>MXNet: DJL's {@code add} is the numpy-broadcasting {@code _npi_add}, which has no oneDNN
 * implementation, so every residual add converts both operands from oneDNN's blocked layout back to
 * plain NCHW and the next batch norm and convolution convert again (see docs/performance.md). The
 * legacy {@code elemwise_add} has a oneDNN sum for same-shape inputs and keeps the layout.
 */
public final class FusedOps {

    private FusedOps() {}

    /** {@code a + b} for arrays of the same shape; the result lives in {@code a}'s manager. */
    public static NDArray sameShapeAdd(NDArray a, NDArray b) {
        if (!a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException("sameShapeAdd needs equal shapes, got " + a.getShape() + " and " + b.getShape());
        }
        if (EngineInfo.isMxnet()) {
            return a.getManager().invoke("elemwise_add", new NDList(a, b), new PairList<>()).singletonOrThrow();
        }
        return a.add(b);
    }
}
