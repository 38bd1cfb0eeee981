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
 * @param indices which images of the training set the batch holds; null when the source does not say
 *     (what Reduced MPL looks its large teacher's stored outputs up by)
 * @param heldOut labeled examples kept apart from {@code x_l}, on which MPL measures the student for its
 *     feedback (the first arXiv version's held-out set); null: the feedback is measured on {@code x_l}
 */
@SuppressWarnings("checkstyle:RecordComponentName")
public record SslBatch(NDArray x_l, NDArray y_l, NDArray x_uw, NDArray x_us, NDManager scope, Indices indices,
        Labeled heldOut) {

    /** The training-set indices of the labeled and of the unlabeled images, in batch order. */
    public record Indices(int[] l_index, int[] u_index) {}

    /** Labeled inputs and their labels (class indices). */
    public record Labeled(NDArray x, NDArray y) {}

    /** A batch without a held-out set. */
    public SslBatch(NDArray x_l, NDArray y_l, NDArray x_uw, NDArray x_us, NDManager scope, Indices indices) {
        this(x_l, y_l, x_uw, x_us, scope, indices, null);
    }

    /** A batch whose images' indices are not known. */
    public SslBatch(NDArray x_l, NDArray y_l, NDArray x_uw, NDArray x_us, NDManager scope) {
        this(x_l, y_l, x_uw, x_us, scope, null, null);
    }

    /** This batch with the held-out labeled set {@code (x, y)}. */
    public SslBatch withHeldOut(NDArray x, NDArray y) {
        return new SslBatch(x_l, y_l, x_uw, x_us, scope, indices, new Labeled(x, y));
    }

    /** A batch without augmentation: the unlabeled inputs are both views. */
    public static SslBatch singleView(NDArray x_l, NDArray y_l, NDArray x_u, NDManager scope) {
        return new SslBatch(x_l, y_l, x_u, x_u, scope);
    }

    public long labeledSize() {
        return x_l.getShape().get(0);
    }
}
