package org.mplbench.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;

/** Layer factories shared by the vision models; each sets its own initialiser explicitly. */
final class Layers {

    private Layers() {}

    /**
     * A bias-free k×k convolution with "same" padding, weights ~ N(0, 2/(k²·filters)): Kaiming
     * normal with fan-out, which is also the official code's {@code sqrt(2/(k*k*out))}. Its precision
     * is its network's ({@link Network#create(Block, ai.djl.ndarray.NDManager, ai.djl.ndarray.types.DataType,
     * Shape, Precision)}).
     */
    static Block conv(int kernel, int filters, int stride) {
        Block conv = new MixedPrecisionConv2d(Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false));
        float std = (float) Math.sqrt(2.0 / (kernel * kernel * filters));
        conv.setInitializer(new NormalInitializer(std), Parameter.Type.WEIGHT);
        return conv;
    }

    /** Batch norm over channels; {@code momentum} is DJL's: running = m·running + (1−m)·batch. */
    static Block batchNorm(float momentum, float epsilon) {
        Block bn = BatchNorm.builder().optMomentum(momentum).optEpsilon(epsilon).build();
        bn.setInitializer(new ConstantInitializer(1f), Parameter.Type.GAMMA);
        bn.setInitializer(new ConstantInitializer(0f), Parameter.Type.BETA);
        return bn;
    }

    /** Dense layer with bias 0 and weights ~ N(0, std²). */
    static Block linearNormal(int units, double std) {
        Block fc = new MixedPrecisionLinear(Linear.builder().setUnits(units));
        fc.setInitializer(new NormalInitializer((float) std), Parameter.Type.WEIGHT);
        fc.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
        return fc;
    }

    /** Dense layer with bias 0 and weights ~ U(±range). */
    static Block linearUniform(int units, double range) {
        Block fc = new MixedPrecisionLinear(Linear.builder().setUnits(units));
        fc.setInitializer(new UniformInitializer((float) range), Parameter.Type.WEIGHT);
        fc.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
        return fc;
    }
}
