package org.mplbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * One training step's inputs, all owned by {@code scope}, which the training loop closes after the
 * step: everything a method allocates in it is freed then, which keeps memory flat.
 *
 * @param x_l labeled inputs
 * @param y_l labels of {@code x_l} (class indices)
 * @param x_uw unlabeled inputs, weak view
 * @param x_us unlabeled inputs, strong view; the same array as {@code x_uw} when there is no
 *     augmentation (TwoMoon)
 * @param scope the step's memory scope
 */
@SuppressWarnings("checkstyle:RecordComponentName")
public record SslBatch(NDArray x_l, NDArray y_l, NDArray x_uw, NDArray x_us, NDManager scope) {

    /** A batch without augmentation: the unlabeled inputs are both views. */
    public static SslBatch singleView(NDArray x_l, NDArray y_l, NDArray x_u, NDManager scope) {
        return new SslBatch(x_l, y_l, x_u, x_u, scope);
    }

    public long labeledSize() {
        return x_l.getShape().get(0);
    }
}
