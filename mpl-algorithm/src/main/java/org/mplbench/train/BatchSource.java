package org.mplbench.train;

import ai.djl.ndarray.NDManager;
import org.mplbench.ssl.SslBatch;

/** Produces the batch for a step; every array it returns must be owned by {@code scope}. */
@FunctionalInterface
public interface BatchSource {

    SslBatch next(NDManager scope, long step);
}
