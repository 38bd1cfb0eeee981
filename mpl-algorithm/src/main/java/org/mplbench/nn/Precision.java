package org.mplbench.nn;

/**
 * The arithmetic of a network's convolutions. Weights, gradients, optimizer state, batch norm and
 * every loss stay in float32 in both; only the convolutions' inputs and weights differ.
 */
public enum Precision {
    /** Everything in float32 (the default; every committed result). */
    FP32,
    /**
     * Mixed precision: each convolution casts its input and its float32 master weights to
     * bfloat16, convolves in bfloat16 (oneDNN's AVX512-BF16 or AMX kernels) and casts its output
     * back to float32; the casts are recorded, so gradients reach the float32 weights. MXNet on a
     * CPU with AVX512-BF16 only ({@link Bf16#requireSupported}).
     */
    BF16
}
