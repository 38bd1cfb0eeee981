package org.mplbench.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.FusedOps;

/**
 * The standard ResNet-50 for 224×224 inputs (25,557,032 parameters with 1,000 classes): conv7×7/2
 * → BN → ReLU → max-pool 3×3/2 → bottleneck stages [3, 4, 6, 3] of widths 64–512 (×4 out), stride on
 * the 3×3 convolution, projection shortcut (1×1 conv + BN) on the first block of each stage → global
 * average pool → dropout → dense.
 *
 * <p>DJL's model-zoo {@code ResNetV1} is not this network: it puts the stride on the first 1×1
 * convolution, gives the 1×1 convolutions biases and mixes BN epsilons, so the parameter count and
 * the maths differ from the bottleneck network the MPL code uses.
 */
public final class ResNet50 {

    private ResNet50() {}

    public static Builder builder() {
        return new Builder();
    }

    /** {@code setClasses} is required. */
    public static final class Builder {
        private int classes = -1;
        private float bnMomentum = 0.9f;
        private float bnEpsilon = 1e-5f;
        private float dropout;

        private Builder() {}

        public Builder setClasses(int classes) {
            this.classes = Check.closed("resnet.classes", classes, 2, 100_000);
            return this;
        }

        public Builder optBatchNorm(double momentum, double epsilon) {
            this.bnMomentum = (float) Check.closedOpen("resnet.bn_momentum", momentum, 0, 1);
            this.bnEpsilon = (float) Check.openClosed("resnet.bn_epsilon", epsilon, 0, 1);
            return this;
        }

        /** Dropout before the dense layer (MPL ImageNet: 0.1). */
        public Builder optDropout(double rate) {
            this.dropout = (float) Check.closedOpen("resnet.dropout", rate, 0, 1);
            return this;
        }

        public Block build() {
            if (classes < 0) {
                throw new ConfigException("resnet.classes", "is required");
            }
            SequentialBlock net = new SequentialBlock();
            net.add(Layers.conv(7, 64, 2));
            net.add(Layers.batchNorm(bnMomentum, bnEpsilon));
            net.add(Activation::relu);
            net.add(x -> new NDList(Pool.maxPool2d(
                    x.singletonOrThrow(), new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false)));
            int[] blocks = {3, 4, 6, 3};
            int in = 64;
            for (int s = 0; s < blocks.length; s++) {
                int width = 64 << s;
                for (int b = 0; b < blocks[s]; b++) {
                    int stride = s > 0 && b == 0 ? 2 : 1;
                    net.add(new Bottleneck(in, width, stride, bnMomentum, bnEpsilon));
                    in = width * 4;
                }
            }
            net.add(x -> new NDList(Pool.globalAvgPool2d(x.singletonOrThrow())));
            if (dropout > 0) {
                net.add(Dropouts.head(dropout));
            }
            net.add(Layers.linearUniform(classes, 1.0 / Math.sqrt(in)));
            return net;
        }
    }

    /** 1×1 → 3×3(stride) → 1×1 (×4), each followed by BN, ReLU between and after the sum. */
    static final class Bottleneck extends AbstractBlock implements Flops.Counted {
        private final Block[] convs = new Block[3];
        private final Block[] bns = new Block[3];
        private final Block projection;
        private final Block projectionBn;

        Bottleneck(int in, int width, int stride, float bnMomentum, float bnEpsilon) {
            int out = width * 4;
            convs[0] = addChildBlock("conv1", Layers.conv(1, width, 1));
            bns[0] = addChildBlock("bn1", Layers.batchNorm(bnMomentum, bnEpsilon));
            convs[1] = addChildBlock("conv2", Layers.conv(3, width, stride));
            bns[1] = addChildBlock("bn2", Layers.batchNorm(bnMomentum, bnEpsilon));
            convs[2] = addChildBlock("conv3", Layers.conv(1, out, 1));
            bns[2] = addChildBlock("bn3", Layers.batchNorm(bnMomentum, bnEpsilon));
            boolean project = in != out || stride != 1;
            projection = project ? addChildBlock("proj", Layers.conv(1, out, stride)) : null;
            projectionBn = project ? addChildBlock("proj_bn", Layers.batchNorm(bnMomentum, bnEpsilon)) : null;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList h = inputs;
            for (int i = 0; i < 3; i++) {
                h = bns[i].forward(ps, convs[i].forward(ps, h, training), training);
                if (i < 2) {
                    h = new NDList(Activation.relu(h.singletonOrThrow()));
                }
            }
            NDArray skip = projection == null
                    ? inputs.singletonOrThrow()
                    : projectionBn.forward(ps, projection.forward(ps, inputs, training), training).singletonOrThrow();
            return new NDList(Activation.relu(FusedOps.sameShapeAdd(h.singletonOrThrow(), skip)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            Shape[] s = inputShapes;
            for (Block c : convs) {
                s = c.getOutputShapes(s);
            }
            return s;
        }

        @Override
        public long forwardMacs(Shape input) {
            long macs = projection == null ? 0 : Flops.forwardMacs(projection, input);
            Shape s = input;
            for (Block c : convs) {
                macs += Flops.forwardMacs(c, s);
                s = c.getOutputShapes(new Shape[] {s})[0];
            }
            return macs;
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            Shape[] s = inputShapes;
            for (int i = 0; i < 3; i++) {
                convs[i].initialize(manager, dataType, s);
                s = convs[i].getOutputShapes(s);
                bns[i].initialize(manager, dataType, s);
            }
            if (projection != null) {
                projection.initialize(manager, dataType, inputShapes);
                projectionBn.initialize(manager, dataType, projection.getOutputShapes(inputShapes));
            }
        }
    }
}
