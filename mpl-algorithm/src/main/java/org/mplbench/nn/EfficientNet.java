package org.mplbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.FusedOps;

/**
 * EfficientNet as DJL blocks, built from an {@link EfficientNetSpec} (DJL has no EfficientNet, no
 * squeeze-and-excitation and no stochastic depth): MBConv blocks with squeeze-and-excitation and swish,
 * stochastic depth on the residual branches at a rate growing linearly with the block index, the
 * official code's initialisers (convolutions N(0, 2/(k²·out)), depthwise N(0, 2/k²), dense U(±1/√classes)).
 *
 * <p>Padding is symmetric ({@code k/2}); TensorFlow's "same" pads one more pixel at the bottom and right
 * of a stride-2 convolution on an even side. The output sizes agree, the sampling grid is shifted by
 * one pixel, the parameter count and multiply-adds are the same.
 */
public final class EfficientNet {

    private EfficientNet() {}

    public static Builder builder() {
        return new Builder();
    }

    /** {@code setSpec} is required. */
    public static final class Builder {
        private EfficientNetSpec spec;
        private float bnMomentum = 0.99f;
        private float bnEpsilon = 1e-3f;
        private double stochasticDepth = 0.2;
        private Double dropout;

        private Builder() {}

        public Builder setSpec(EfficientNetSpec spec) {
            this.spec = Check.notNull("efficientnet.spec", spec);
            return this;
        }

        /** DJL momentum (running = m·running + (1 − m)·batch) and epsilon; the official 0.99 and 0.001 by default. */
        public Builder optBatchNorm(double momentum, double epsilon) {
            this.bnMomentum = (float) Check.closedOpen("efficientnet.bn_momentum", momentum, 0, 1);
            this.bnEpsilon = (float) Check.openClosed("efficientnet.bn_epsilon", epsilon, 0, 1);
            return this;
        }

        /** The last block's drop rate (EfficientNet's 0.2 by default; 0: none). */
        public Builder optStochasticDepth(double rate) {
            this.stochasticDepth = Check.closedOpen("efficientnet.stochastic_depth", rate, 0, 1);
            return this;
        }

        /** Dropout before the classifier instead of the spec's. */
        public Builder optDropout(double rate) {
            this.dropout = Check.closedOpen("efficientnet.dropout", rate, 0, 1);
            return this;
        }

        public Block build() {
            if (spec == null) {
                throw new ConfigException("efficientnet.spec", "is required");
            }
            SequentialBlock net = new SequentialBlock();
            net.add(Layers.conv(3, spec.filters(EfficientNetSpec.STEM), spec.stemStride()));
            net.add(Layers.batchNorm(bnMomentum, bnEpsilon));
            net.add(EfficientNet::swish);
            for (EfficientNetSpec.Block b : spec.blocks()) {
                net.add(new MbConv(b, (float) (stochasticDepth * b.depthFraction()), bnMomentum, bnEpsilon));
            }
            net.add(Layers.conv(1, spec.filters(EfficientNetSpec.HEAD), 1));
            net.add(Layers.batchNorm(bnMomentum, bnEpsilon));
            net.add(EfficientNet::swish);
            net.add(x -> new NDList(Pool.globalAvgPool2d(x.singletonOrThrow())));
            double rate = dropout != null ? dropout : spec.dropout();
            if (rate > 0) {
                net.add(Dropouts.head(rate));
            }
            net.add(Layers.linearUniform(spec.classes(), 1.0 / Math.sqrt(spec.classes())));
            return net;
        }
    }

    private static NDList swish(NDList x) {
        return new NDList(Activation.swish(x.singletonOrThrow(), 1f));
    }

    /** A 1×1 convolution with a bias (squeeze-and-excitation), weights N(0, 2/out), bias 0. */
    private static Block biasedPointwise(int filters) {
        Block conv = Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(filters).build();
        conv.setInitializer(new NormalInitializer((float) Math.sqrt(2.0 / filters)), Parameter.Type.WEIGHT);
        conv.setInitializer(new ConstantInitializer(0f), Parameter.Type.BIAS);
        return conv;
    }

    /** A bias-free depthwise k×k convolution, weights N(0, 2/k²) (the official fan-out of a [k, k, c, 1] kernel). */
    private static Block depthwise(int kernel, int channels, int stride) {
        Block conv = Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).setFilters(channels)
                .optGroups(channels).optStride(new Shape(stride, stride)).optPadding(new Shape(kernel / 2, kernel / 2))
                .optBias(false).build();
        conv.setInitializer(new NormalInitializer((float) Math.sqrt(2.0 / (kernel * kernel))), Parameter.Type.WEIGHT);
        return conv;
    }

    /**
     * Mobile inverted bottleneck: [1×1 expand → BN → swish] → depthwise k×k (stride) → BN → swish →
     * squeeze-and-excitation → 1×1 project → BN, plus the input when stride 1 and channels match, its
     * branch dropped per example with probability {@code dropRate} in training (stochastic depth).
     */
    static final class MbConv extends AbstractBlock implements Flops.Counted, Randomness.Drawing {
        private final EfficientNetSpec.Block spec;
        private final float dropRate;
        private final Block expand;
        private final Block expandBn;
        private final Block dw;
        private final Block dwBn;
        private final Block seReduce;
        private final Block seExpand;
        private final Block project;
        private final Block projectBn;

        MbConv(EfficientNetSpec.Block spec, float dropRate, float bnMomentum, float bnEpsilon) {
            this.spec = spec;
            this.dropRate = spec.residual() ? dropRate : 0f;
            int e = spec.expanded();
            boolean expands = spec.expansion() > 1;
            expand = expands ? addChildBlock("expand", Layers.conv(1, e, 1)) : null;
            expandBn = expands ? addChildBlock("expand_bn", Layers.batchNorm(bnMomentum, bnEpsilon)) : null;
            dw = addChildBlock("depthwise", depthwise(spec.kernel(), e, spec.stride()));
            dwBn = addChildBlock("depthwise_bn", Layers.batchNorm(bnMomentum, bnEpsilon));
            seReduce = addChildBlock("se_reduce", biasedPointwise(spec.se()));
            seExpand = addChildBlock("se_expand", biasedPointwise(e));
            project = addChildBlock("project", Layers.conv(1, spec.out(), 1));
            projectBn = addChildBlock("project_bn", Layers.batchNorm(bnMomentum, bnEpsilon));
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList h = inputs;
            if (expand != null) {
                h = swish(expandBn.forward(ps, expand.forward(ps, h, training), training));
            }
            h = swish(dwBn.forward(ps, dw.forward(ps, h, training), training));
            NDArray x = h.singletonOrThrow();
            // the global average as (N, C, 1, 1); PyTorch's mean takes one axis only
            Shape s = x.getShape();
            NDList squeezed = new NDList(Pool.globalAvgPool2d(x).reshape(s.get(0), s.get(1), 1, 1));
            NDArray scale = Activation.sigmoid(seExpand.forward(ps, swish(seReduce.forward(ps, squeezed, training)),
                    training).singletonOrThrow());
            h = projectBn.forward(ps, project.forward(ps, new NDList(x.mul(scale)), training), training);
            if (!spec.residual()) {
                return h;
            }
            NDArray branch = h.singletonOrThrow();
            if (training && dropRate > 0) {
                branch = stochasticDepth(branch);
            }
            return new NDList(FusedOps.sameShapeAdd(branch, inputs.singletonOrThrow()));
        }

        /** Keeps each example's branch with probability 1 − rate, scaled by 1/(1 − rate). */
        private NDArray stochasticDepth(NDArray branch) {
            float keep = 1f - dropRate;
            NDArray u = branch.getManager().randomUniform(0f, 1f, new Shape(branch.getShape().get(0), 1, 1, 1),
                    branch.getDataType());
            return branch.mul(u.add(keep).floor().div(keep));
        }

        @Override
        public boolean drawsRandomness() {
            return dropRate > 0;
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape in = inputShapes[0];
            int s = spec.stride();
            return new Shape[] {new Shape(in.get(0), spec.out(), (in.get(2) + s - 1) / s, (in.get(3) + s - 1) / s)};
        }

        @Override
        public long forwardMacs(Shape input) {
            long macs = 0;
            Shape s = input;
            if (expand != null) {
                macs += Flops.forwardMacs(expand, s);
                s = expand.getOutputShapes(new Shape[] {s})[0];
            }
            macs += Flops.forwardMacs(dw, s);
            s = dw.getOutputShapes(new Shape[] {s})[0];
            Shape pooled = new Shape(s.get(0), s.get(1), 1, 1);
            macs += Flops.forwardMacs(seReduce, pooled);
            macs += Flops.forwardMacs(seExpand, seReduce.getOutputShapes(new Shape[] {pooled})[0]);
            return macs + Flops.forwardMacs(project, s);
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape[] s = inputShapes;
            if (expand != null) {
                expand.initialize(manager, dataType, s);
                s = expand.getOutputShapes(s);
                expandBn.initialize(manager, dataType, s);
            }
            dw.initialize(manager, dataType, s);
            s = dw.getOutputShapes(s);
            dwBn.initialize(manager, dataType, s);
            Shape[] pooled = {new Shape(s[0].get(0), s[0].get(1), 1, 1)};
            seReduce.initialize(manager, dataType, pooled);
            seExpand.initialize(manager, dataType, seReduce.getOutputShapes(pooled));
            project.initialize(manager, dataType, s);
            projectBn.initialize(manager, dataType, project.getOutputShapes(s));
        }
    }
}
