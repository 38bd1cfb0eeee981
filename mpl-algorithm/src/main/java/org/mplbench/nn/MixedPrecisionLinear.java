package org.mplbench.nn;

import ai.djl.ndarray.NDList;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mplbench.engine.Bf16;

/**
 * DJL's dense layer, which in a {@link Precision#BF16} network receives bfloat16 activations and
 * casts them back to float32 first: the classifier, its logits and every loss stay float32.
 */
public final class MixedPrecisionLinear extends Linear {

    MixedPrecisionLinear(Linear.Builder builder) {
        super(builder);
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return super.forwardInternal(parameterStore, new NDList(Bf16.widen(inputs.singletonOrThrow())), training, params);
    }
}
