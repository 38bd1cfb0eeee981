package org.mplbench.ssl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.mplbench.engine.Scalars;

/**
 * Cross-entropy losses on logits, averaged over the batch (axis 0). Engine-neutral.
 *
 * <p>Every engine operation has a fixed cost that dominates small models (about 15 µs on MXNet,
 * far more than an 8×8 matrix product), so a target that several losses share is prepared once as
 * a {@link Target} and each loss is then three operations.
 */
public final class Losses {

    private Losses() {}

    /**
     * A cross-entropy target stored as {@code −target/n}, so that
     * {@code CE(logits) = Σ log softmax(logits) ⊙ (−target/n)}.
     */
    public static final class Target {
        private final NDArray weights;

        private Target(NDArray weights) {
            this.weights = weights;
        }

        /** One-hot target of class indices {@code labels}, optionally label-smoothed by {@code eps}. */
        public static Target ofLabels(NDArray labels, int classes, DataType dataType, double eps) {
            double n = labels.getShape().get(0);
            NDArray t = labels.oneHot(classes, dataType);
            // not in place: inside a recording MXNet refuses in-place writes to an operation's output
            if (eps == 0) {
                return new Target(Scalars.mul(t, -1.0 / n));
            }
            return new Target(Scalars.mul(t, -(1 - eps) / n).add(-eps / classes / n));
        }

        public static Target ofLabels(NDArray labels, int classes, DataType dataType) {
            return ofLabels(labels, classes, dataType, 0);
        }

        /** Soft target: rows of {@code probs} are distributions (not differentiated through). */
        public static Target ofDistribution(NDArray probs) {
            return new Target(Scalars.mul(probs, -1.0 / probs.getShape().get(0)));
        }

        /**
         * This target in {@code k} equal parts of consecutive rows, each a mean over its own rows
         * (the parts' losses average to this target's).
         */
        public List<Target> split(int k) {
            long n = weights.getShape().get(0);
            if (n % k != 0) {
                throw new IllegalArgumentException(n + " rows do not split into " + k + " equal parts");
            }
            List<Target> parts = new ArrayList<>(k);
            for (NDArray rows : weights.split(k, 0)) {
                parts.add(new Target(Scalars.mul(rows, k)));
            }
            return parts;
        }

        /** The cross-entropy of {@code logits} against this target (a scalar). */
        public NDArray loss(NDArray logits) {
            return logits.logSoftmax(1).mul(weights).sum();
        }
    }

    /** {@code -(1/n) Σ_i log softmax(logits)_{i, labels_i}}; {@code labels} are class indices. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return labelSmoothedCrossEntropy(logits, labels, 0);
    }

    /**
     * Cross-entropy against class indices with label smoothing {@code eps}: the target puts
     * {@code 1 - eps + eps/K} on the label and {@code eps/K} elsewhere.
     */
    public static NDArray labelSmoothedCrossEntropy(NDArray logits, NDArray labels, double eps) {
        int classes = Math.toIntExact(logits.getShape().get(1));
        return Target.ofLabels(labels, classes, logits.getDataType(), eps).loss(logits);
    }

    /** {@code -(1/n) Σ_i Σ_k target_ik log softmax(logits)_ik}; {@code target} rows are distributions. */
    public static NDArray softCrossEntropy(NDArray logits, NDArray target) {
        return Target.ofDistribution(target).loss(logits);
    }

    /**
     * {@code (1/n) Σ_i mask_i · CE_i}: masked examples count as zero but stay in the denominator
     * (as UDA and the MPL reference code average over the whole unlabeled batch).
     */
    public static NDArray maskedCrossEntropy(NDArray logits, NDArray labels, NDArray mask) {
        return maskedCrossEntropy(logits, labels, mask, 0);
    }

    /** As {@link #maskedCrossEntropy(NDArray, NDArray, NDArray)} with label smoothing {@code eps}. */
    public static NDArray maskedCrossEntropy(NDArray logits, NDArray labels, NDArray mask, double eps) {
        long n = logits.getShape().get(0);
        int classes = Math.toIntExact(logits.getShape().get(1));
        NDArray target = labels.oneHot(classes, logits.getDataType());
        if (eps > 0) {
            target = Scalars.mul(target, 1 - eps).add(eps / classes);
        }
        NDArray perExample = logits.logSoftmax(1).mul(target).sum(new int[] {1});
        return Scalars.mul(perExample.mul(mask.toType(logits.getDataType(), false)).sum(), -1.0 / n);
    }
}
