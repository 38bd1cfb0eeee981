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
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Bf16;
import org.mplbench.engine.FusedOps;

/**
 * Pre-activation Wide ResNet (WRN-depth-k) for 32×32 inputs, as used by MPL for CIFAR-10 and SVHN.
 *
 * <p>Stem conv3×3 → three groups of (depth−4)/6 blocks of widths 16k, 32k, 64k with strides
 * 1, 2, 2 → BN → LeakyReLU → global average pool → dropout → dense. A block is
 * BN → LReLU → conv3×3(stride) → BN → LReLU → dropout → conv3×3, plus the input, or a 1×1
 * projection of the activated input when the shape changes.
 *
 * <p>Two presets pin the settings of the two codes (see the reference notes, §4.1):
 * {@link #paper} (the official code: stem 32 channels, slope 0.2, BN decay 0.99 / eps 1e-3, dense
 * U(±1/√classes)) and {@link #referenceCode} (the best-known PyTorch code: stem 16, slope 0.1, BN
 * momentum 0.001 = decay 0.999 / eps 1e-5, dense Xavier-normal, and its block quirk: the first block
 * of groups 2 and 3 feeds its raw input, not the activated one, to both convolutions).
 */
public final class WideResNet {

    private WideResNet() {}

    public static Builder builder() {
        return new Builder();
    }

    /** WRN-28-2 as in the official MPL code (1,472,170 parameters for 10 classes). */
    public static Builder paper(int classes) {
        return builder().setClasses(classes).optStemWidth(32).optLeakySlope(0.2)
                .optBatchNorm(0.99, 1e-3).optDenseInit(DenseInit.UNIFORM_INV_SQRT_OUT)
                .optRawInputProjection(false);
    }

    /** WRN-28-2 as in the best-known PyTorch code (1,467,610 parameters for 10 classes). */
    public static Builder referenceCode(int classes) {
        return builder().setClasses(classes).optStemWidth(16).optLeakySlope(0.1)
                .optBatchNorm(0.999, 1e-5).optDenseInit(DenseInit.XAVIER_NORMAL)
                .optRawInputProjection(true);
    }

    /** How the final dense layer is initialised. */
    public enum DenseInit {
        /** U(±1/√classes) (official code). */
        UNIFORM_INV_SQRT_OUT,
        /** Xavier normal, N(0, 2/(in+out)) (PyTorch code). */
        XAVIER_NORMAL
    }

    /** {@code setClasses} is required; everything else defaults to the official WRN-28-2. */
    public static final class Builder {
        private int depth = 28;
        private int widen = 2;
        private int classes = -1;
        private int stemWidth = 32;
        private float slope = 0.2f;
        private float bnMomentum = 0.99f;
        private float bnEpsilon = 1e-3f;
        private float dropout = 0.2f;
        private float blockDropout;
        private DenseInit denseInit = DenseInit.UNIFORM_INV_SQRT_OUT;
        private boolean rawInputProjection;

        private Builder() {}

        public Builder setClasses(int classes) {
            this.classes = Check.closed("wrn.classes", classes, 2, 100_000);
            return this;
        }

        /** Depth 6n+4 (28 gives 4 blocks per group). */
        public Builder optDepth(int depth) {
            Check.closed("wrn.depth", depth, 10, 1000);
            if ((depth - 4) % 6 != 0) {
                throw new ConfigException(
                        "wrn.depth", "value " + depth + " is not of the form 6n+4 (10, 16, 22, 28, ...)");
            }
            this.depth = depth;
            return this;
        }

        public Builder optWiden(int k) {
            this.widen = Check.closed("wrn.widen", k, 1, 64);
            return this;
        }

        /** Channels of the stem convolution (official 16·k = 32, PyTorch code 16). */
        public Builder optStemWidth(int width) {
            this.stemWidth = Check.closed("wrn.stem_width", width, 1, 4096);
            return this;
        }

        public Builder optLeakySlope(double slope) {
            this.slope = (float) Check.closed("wrn.leaky_slope", slope, 0, 1);
            return this;
        }

        /** {@code momentum} in DJL's convention (running = m·running + (1−m)·batch), i.e. the TF decay. */
        public Builder optBatchNorm(double momentum, double epsilon) {
            this.bnMomentum = (float) Check.closedOpen("wrn.bn_momentum", momentum, 0, 1);
            this.bnEpsilon = (float) Check.openClosed("wrn.bn_epsilon", epsilon, 0, 1);
            return this;
        }

        /** Dropout before the dense layer (paper 0.2). */
        public Builder optDropout(double rate) {
            this.dropout = (float) Check.closedOpen("wrn.dropout", rate, 0, 1);
            return this;
        }

        /** Dropout between the two convolutions of each block (0 in both codes). */
        public Builder optBlockDropout(double rate) {
            this.blockDropout = (float) Check.closedOpen("wrn.block_dropout", rate, 0, 1);
            return this;
        }

        public Builder optDenseInit(DenseInit init) {
            this.denseInit = Check.notNull("wrn.dense_init", init);
            return this;
        }

        /** The PyTorch code's first blocks of groups 2–3 project the raw, not the activated, input. */
        public Builder optRawInputProjection(boolean raw) {
            this.rawInputProjection = raw;
            return this;
        }

        public Block build() {
            if (classes < 0) {
                throw new ConfigException("wrn.classes", "is required");
            }
            int perGroup = (depth - 4) / 6;
            int[] widths = {16 * widen, 32 * widen, 64 * widen};
            int[] strides = {1, 2, 2};
            SequentialBlock net = new SequentialBlock();
            net.add(Layers.conv(3, stemWidth, 1));
            int in = stemWidth;
            for (int g = 0; g < 3; g++) {
                for (int b = 0; b < perGroup; b++) {
                    int stride = b == 0 ? strides[g] : 1;
                    // The PyTorch code activates before the projection only in group 1.
                    boolean raw = rawInputProjection && g > 0 && b == 0;
                    net.add(new PreActBlock(in, widths[g], stride, slope, bnMomentum, bnEpsilon, blockDropout, raw));
                    in = widths[g];
                }
            }
            net.add(Layers.batchNorm(bnMomentum, bnEpsilon));
            float s = slope;
            net.add(x -> new NDList(Activation.leakyRelu(x.singletonOrThrow(), s)));
            net.add(x -> new NDList(Pool.globalAvgPool2d(x.singletonOrThrow())));
            if (dropout > 0) {
                net.add(Dropouts.head(dropout));
            }
            net.add(denseInit == DenseInit.XAVIER_NORMAL
                    ? Layers.linearNormal(classes, Math.sqrt(2.0 / (in + classes)))
                    : Layers.linearUniform(classes, 1.0 / Math.sqrt(classes)));
            return net;
        }
    }

    /** One pre-activation basic block. */
    static final class PreActBlock extends AbstractBlock implements Flops.Counted, Randomness.Drawing,
            Dropouts.Switchable {
        private final Block bn1;
        private final Block conv1;
        private final Block bn2;
        private final Block conv2;
        private final Block shortcut;
        private final float slope;
        private final float dropout;
        private final boolean rawInputProjection;
        private volatile boolean dropoutOn = true;

        PreActBlock(int in, int out, int stride, float slope, float bnMomentum, float bnEpsilon,
                float dropout, boolean rawInputProjection) {
            this.slope = slope;
            this.dropout = dropout;
            this.rawInputProjection = rawInputProjection;
            bn1 = addChildBlock("bn1", Layers.batchNorm(bnMomentum, bnEpsilon));
            conv1 = addChildBlock("conv1", Layers.conv(3, out, stride));
            bn2 = addChildBlock("bn2", Layers.batchNorm(bnMomentum, bnEpsilon));
            conv2 = addChildBlock("conv2", Layers.conv(3, out, 1));
            shortcut = in != out || stride != 1 ? addChildBlock("shortcut", Layers.conv(1, out, stride)) : null;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDArray x = inputs.singletonOrThrow();
            // The raw-input variant never uses bn1 (its parameters exist but get no gradient).
            NDArray branchIn = rawInputProjection
                    ? x
                    : Activation.leakyRelu(bn1.forward(ps, inputs, training).singletonOrThrow(), slope);
            NDArray h = conv1.forward(ps, new NDList(branchIn), training).singletonOrThrow();
            h = Activation.leakyRelu(bn2.forward(ps, new NDList(h), training).singletonOrThrow(), slope);
            if (dropout > 0 && dropoutOn) {
                h = Dropout.dropout(Bf16.widen(h), dropout, training).singletonOrThrow(); // no bf16 dropout
            }
            h = conv2.forward(ps, new NDList(h), training).singletonOrThrow();
            NDArray skip = shortcut == null ? x : shortcut.forward(ps, new NDList(branchIn), training).singletonOrThrow();
            if (shortcut != null && Bf16.is(skip)) {
                // oneDNN 2.4 writes a bf16 1x1 convolution of < 32 input channels in another blocked
                // layout than its AMX kernels; added to the residual stream, it would send that layout
                // to the next batch norm, whose backward then falls to a reference kernel (~140 ms a call)
                skip = Bf16.relayout(skip);
            }
            return new NDList(FusedOps.sameShapeAdd(h, skip));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
        }

        @Override
        public boolean drawsRandomness() {
            return dropout > 0;
        }

        @Override
        public void setDropout(boolean on) {
            this.dropoutOn = on;
        }

        @Override
        public long forwardMacs(Shape input) {
            Shape mid = conv1.getOutputShapes(new Shape[] {input})[0];
            return Flops.forwardMacs(conv1, input) + Flops.forwardMacs(conv2, mid)
                    + (shortcut == null ? 0 : Flops.forwardMacs(shortcut, input));
        }

        @Override
        protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            bn1.initialize(manager, dataType, inputShapes);
            conv1.initialize(manager, dataType, inputShapes);
            Shape[] mid = conv1.getOutputShapes(inputShapes);
            bn2.initialize(manager, dataType, mid);
            conv2.initialize(manager, dataType, mid);
            if (shortcut != null) {
                shortcut.initialize(manager, dataType, inputShapes);
            }
        }
    }
}
