package org.mplbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * An array times or over a number, safe inside a recorded computation on every engine.
 *
 * <p>On PyTorch, DJL's {@code x.mul(c)} makes {@code c} a 0-d tensor over a Java direct buffer
 * ({@code from_blob}, kept alive only by that array's Java object) and closes it when the call
 * returns. Autograd has saved that tensor for the backward pass (the gradient of {@code x·c} is
 * {@code g·c}), so the backward reads {@code c} from memory the garbage collector may have freed and
 * reused: a collection between forward and backward gives garbage gradients (a probe: {@code 3} read
 * back as {@code −8.9·10³²}) and NaN training. Here the scalar is first copied into memory libtorch
 * owns, whose reference count the saved tensor holds. MXNet takes the number as an operator
 * parameter and is left as it is.
 */
public final class Scalars {

    private Scalars() {}

    /** {@code x · c}. */
    public static NDArray mul(NDArray x, double c) {
        if (EngineInfo.isMxnet()) {
            return x.mul(c);
        }
        try (NDArray s = owned(x, c)) {
            return x.mul(s);
        }
    }

    /** {@code x / c}. */
    public static NDArray div(NDArray x, double c) {
        if (EngineInfo.isMxnet()) {
            return x.div(c);
        }
        try (NDArray s = owned(x, c)) {
            return x.div(s);
        }
    }

    /**
     * {@code c} in engine-owned memory, with the value the product uses: a float32 array computes in
     * float32 whatever the 0-d operand's type, so one {@code full} call serves; other types get DJL's
     * own double, cloned.
     */
    private static NDArray owned(NDArray x, double c) {
        if (x.getDataType() == DataType.FLOAT32) {
            return x.getManager().full(new Shape(), (float) c, DataType.FLOAT32);
        }
        try (NDArray java = x.getManager().create(c)) {
            return java.duplicate();
        }
    }
}
