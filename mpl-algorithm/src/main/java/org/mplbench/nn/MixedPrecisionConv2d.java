package org.mplbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mplbench.engine.Bf16;

/**
 * DJL's 2-D convolution with a switchable {@link Precision}: in {@code BF16} the input and the
 * float32 weights are cast to bfloat16 for the convolution and its output back to float32; in
 * {@code FP32} it is DJL's convolution unchanged. Parameters, initialisation, shapes and saved
 * files are Conv2d's, so a network's weights do not depend on its precision.
 */
public final class MixedPrecisionConv2d extends Conv2d {

    private Precision precision = Precision.FP32;

    MixedPrecisionConv2d(Conv2d.Builder builder) {
        super(builder);
    }

    /** Set by {@link Network} for all its convolutions; float32 networks only. */
    void setPrecision(Precision precision) {
        this.precision = precision;
    }

    public Precision precision() {
        return precision;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (precision == Precision.FP32) {
            return super.forwardInternal(parameterStore, inputs, training, params);
        }
        NDArray x = inputs.singletonOrThrow();
        // the network's input is float32; every activation after the first convolution is bfloat16
        NDArray xb = Bf16.is(x) ? x : Bf16.fromFloat32(x);
        NDArray w = parameterStore.getValue(weight, x.getDevice(), training);
        NDArray b = includeBias ? Bf16.fromFloat32(parameterStore.getValue(bias, x.getDevice(), training)) : null;
        return conv2d(xb, Bf16.fromFloat32(w), b, stride, padding, dilation, groups);
    }
}
