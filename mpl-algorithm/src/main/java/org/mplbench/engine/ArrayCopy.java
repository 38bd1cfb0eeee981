package org.mplbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Copies one array's values into another in the target's own native memory, on every engine.
 *
 * <p>DJL's {@code copyTo} does that on MXNet, but on PyTorch it is {@code target.set(source's bytes)},
 * whose native side re-points the target tensor's storage at a Java direct buffer that only the
 * target's Java object keeps alive ({@code set_} on a storage without a deleter). Anything else that
 * shares that tensor — a gradient handle, a tensor autograd saved, a view — keeps using the buffer
 * after the garbage collector has freed it. PyTorch therefore gets an in-place indexed assignment
 * ({@code index_put_}), which writes into the storage libtorch already owns.
 */
public final class ArrayCopy {

    private ArrayCopy() {}

    /** {@code target ← source} (same shape and type), in {@code target}'s memory. */
    public static void into(NDArray source, NDArray target) {
        if (EngineInfo.isMxnet()) {
            source.copyTo(target);
        } else {
            target.set(new NDIndex("..."), source);
        }
    }
}
