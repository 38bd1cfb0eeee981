package org.mplbench.ssl;

import ai.djl.ndarray.NDArray;

/** Cross-entropy losses on logits, averaged over the batch (axis 0). Engine-neutral. */
public final class Losses {

    private Losses() {}

    /** {@code -(1/n) Σ_i log softmax(logits)_{i, labels_i}}; {@code labels} are class indices. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        return softCrossEntropy(logits, labels.oneHot(classes, logits.getDataType()));
    }

    /**
     * Cross-entropy against class indices with label smoothing {@code eps}: the target puts
     * {@code 1 - eps + eps/K} on the label and {@code eps/K} elsewhere.
     */
    public static NDArray labelSmoothedCrossEntropy(NDArray logits, NDArray labels, double eps) {
        if (eps == 0) {
            return crossEntropy(logits, labels);
        }
        int classes = Math.toIntExact(logits.getShape().get(1));
        NDArray target = labels.oneHot(classes, logits.getDataType()).muli(1 - eps).addi(eps / classes);
        return softCrossEntropy(logits, target);
    }

    /** {@code -(1/n) Σ_i Σ_k target_ik log softmax(logits)_ik}; {@code target} rows are distributions. */
    public static NDArray softCrossEntropy(NDArray logits, NDArray target) {
        long n = logits.getShape().get(0);
        return logits.logSoftmax(1).mul(target).sum().mul(-1.0 / n);
    }
}
