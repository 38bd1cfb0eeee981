package org.mplbench.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;

/**
 * The EfficientNet family as the official MPL code defines it ({@code modeling.py}, class
 * {@code EfficientNet}; {@code modeling_utils.mb_conv_block}), as arithmetic: the blocks after width and
 * depth scaling, the parameter count and the multiply-adds per image. No weights are allocated, so the
 * 480-million-parameter L2 is counted as readily as B0. {@link EfficientNet} builds the same blocks.
 *
 * <p>Base network: a 3×3 stem of 32 channels, seven stages of MBConv blocks (repeats 1, 2, 2, 3, 3, 4, 1;
 * kernels 3, 3, 5, 3, 5, 5, 3; outputs 16, 24, 40, 80, 112, 192, 320; strides 1, 2, 2, 2, 1, 2, 1;
 * expansion 1 then 6), squeeze-and-excitation to a quarter of the block's input channels, swish, a 1×1
 * head to 1,280 channels, global average pooling, dropout, a dense classifier. Channels scale by width
 * and round to a multiple of 8 (never below 90 % of the scaled value); repeats scale as
 * {@code ceil(depth · r)}. Small images (CIFAR, SVHN; here any image side below 64) keep stride 1 in the
 * stem and in stages 2–3, as the official code does for its small data sets.
 *
 * @param name the variant's name ({@code efficientnet-b0}, or {@code efficientnet-w0.25-d0.5} for another member)
 * @param width channel multiplier
 * @param depth repeat multiplier
 * @param resolution the variant's training image side in the official table
 * @param dropout dropout before the classifier in the official table
 * @param classes classifier outputs
 * @param smallInputs stride 1 in the stem and stages 2–3
 */
public record EfficientNetSpec(String name, double width, double depth, int resolution, double dropout, int classes,
        boolean smallInputs) {

    /** The official code's table: (width, depth, resolution, dropout). */
    public enum Variant {
        BS(0.5, 1.0, 224, 0.2), B0(1.0, 1.0, 224, 0.2), B1(1.0, 1.1, 240, 0.2), B2(1.1, 1.2, 260, 0.3),
        B3(1.2, 1.4, 300, 0.3), B4(1.4, 1.8, 380, 0.4), B5(1.6, 2.2, 456, 0.4), B6(1.8, 2.6, 528, 0.5),
        B7(2.0, 3.1, 600, 0.5), B8(2.2, 3.6, 672, 0.5), L2(4.3, 5.3, 600, 0.5),
        /** {@code efficientnet-b5-mpl}. */
        B5_MPL(5.0, 2.2, 800, 0.4),
        /**
         * {@code efficientnet-b6-mpl}, the paper's EfficientNet-B6-Wide. The paper says B6's width factor was
         * raised "from 2.1 to 5.0"; the code's B6 has width 1.8. This follows the code.
         */
        B6_MPL(5.0, 2.6, 800, 0.5);

        final double width;
        final double depth;
        final int resolution;
        final double dropout;

        Variant(double width, double depth, int resolution, double dropout) {
            this.width = width;
            this.depth = depth;
            this.resolution = resolution;
            this.dropout = dropout;
        }

        /** The official code's name: {@code efficientnet-b0}, {@code efficientnet-b6-mpl}, ... */
        public String officialName() {
            return "efficientnet-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The variant by its official name (case-insensitive). */
        public static Variant of(String officialName) {
            for (Variant v : values()) {
                if (v.officialName().equalsIgnoreCase(officialName)) {
                    return v;
                }
            }
            throw new ConfigException("efficientnet.variant", "'" + officialName + "' is not one of "
                    + java.util.Arrays.stream(values()).map(Variant::officialName).toList());
        }
    }

    static final int[] REPEATS = {1, 2, 2, 3, 3, 4, 1};
    static final int[] KERNELS = {3, 3, 5, 3, 5, 5, 3};
    static final int[] FILTERS = {16, 24, 40, 80, 112, 192, 320};
    static final int[] STRIDES = {1, 2, 2, 2, 1, 2, 1};
    static final int[] EXPANSION = {1, 6, 6, 6, 6, 6, 6};
    static final int STEM = 32;
    static final int HEAD = 1280;
    static final double SE_RATIO = 0.25;

    public EfficientNetSpec {
        Check.notNull("efficientnet.name", name);
        Check.openClosed("efficientnet.width", width, 0, 16);
        Check.openClosed("efficientnet.depth", depth, 0, 16);
        Check.closed("efficientnet.resolution", resolution, 8, 4096);
        Check.closedOpen("efficientnet.dropout", dropout, 0, 1);
        Check.closed("efficientnet.classes", classes, 2, 100_000);
    }

    /** A variant of the official table. */
    public static EfficientNetSpec of(Variant v, int classes, boolean smallInputs) {
        return new EfficientNetSpec(v.officialName(), v.width, v.depth, v.resolution, v.dropout, classes, smallInputs);
    }

    /** Another member of the family: B0's base scaled by {@code width} and {@code depth}. */
    public static EfficientNetSpec member(double width, double depth, int resolution, double dropout, int classes,
            boolean smallInputs) {
        String name = String.format(Locale.ROOT, "efficientnet-w%s-d%s", trim(width), trim(depth));
        return new EfficientNetSpec(name, width, depth, resolution, dropout, classes, smallInputs);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** {@code filters · width} rounded to a multiple of 8, at least 8, never below 90 % of the scaled value. */
    public int filters(int base) {
        double scaled = base * width;
        int out = (int) (scaled + 4) / 8 * 8;
        out = Math.max(out, 8);
        if (out < 0.9 * scaled) {
            out += 8;
        }
        return out;
    }

    /** {@code ceil(depth · repeats)}. */
    public int repeats(int base) {
        return (int) Math.ceil(depth * base);
    }

    /**
     * One MBConv block: input and output channels, kernel, stride, expansion, squeeze-and-excitation
     * channels, and its stochastic-depth rate as a fraction of the network's (block index / blocks).
     */
    public record Block(int in, int out, int kernel, int stride, int expansion, int se, double depthFraction) {

        public int expanded() {
            return in * expansion;
        }

        /** Whether the input is added back (stride 1, same channels): only then does stochastic depth apply. */
        public boolean residual() {
            return stride == 1 && in == out;
        }

        long parameters() {
            long e = expanded();
            long p = expansion > 1 ? in * e + 2 * e : 0; // expand 1×1, batch norm
            p += (long) kernel * kernel * e + 2 * e; // depthwise, batch norm
            p += e * se + se + se * e + e; // squeeze-and-excitation 1×1 convolutions with biases
            p += e * out + 2L * out; // project 1×1, batch norm
            return p;
        }

        long macs(int sideIn) {
            int sideOut = outSide(sideIn, stride);
            long e = expanded();
            long m = expansion > 1 ? (long) sideIn * sideIn * in * e : 0;
            m += (long) sideOut * sideOut * e * kernel * kernel;
            m += 2 * e * se;
            m += (long) sideOut * sideOut * e * out;
            return m;
        }
    }

    /** The stem's stride. */
    public int stemStride() {
        return smallInputs ? 1 : 2;
    }

    /** Every MBConv block in order. */
    public List<Block> blocks() {
        int total = 0;
        for (int r : REPEATS) {
            total += repeats(r);
        }
        List<Block> blocks = new ArrayList<>(total);
        int in = filters(STEM);
        for (int s = 0; s < REPEATS.length; s++) {
            int out = filters(FILTERS[s]);
            int stride = smallInputs && (s == 1 || s == 2) ? 1 : STRIDES[s];
            for (int i = 0; i < repeats(REPEATS[s]); i++) {
                int blockIn = i == 0 ? in : out;
                int se = Math.max(1, (int) (blockIn * SE_RATIO));
                blocks.add(new Block(blockIn, out, KERNELS[s], i == 0 ? stride : 1, EXPANSION[s], se,
                        (double) blocks.size() / total));
            }
            in = out;
        }
        return blocks;
    }

    /** Trainable parameters (batch-norm running statistics excluded, as the published counts). */
    public long parameters() {
        long stem = filters(STEM);
        long p = 3 * 3 * 3 * stem + 2 * stem;
        List<Block> blocks = blocks();
        for (Block b : blocks) {
            p += b.parameters();
        }
        long last = blocks.get(blocks.size() - 1).out();
        long head = filters(HEAD);
        p += last * head + 2 * head;
        return p + head * classes + classes;
    }

    /** Multiply-adds of one forward pass on a {@code side}×{@code side} image (convolutions and dense layers). */
    public long forwardMacs(int side) {
        int s = outSide(side, stemStride());
        long m = (long) s * s * 3 * 9 * filters(STEM);
        List<Block> blocks = blocks();
        for (Block b : blocks) {
            m += b.macs(s);
            s = outSide(s, b.stride());
        }
        long head = filters(HEAD);
        m += (long) s * s * blocks.get(blocks.size() - 1).out() * head;
        return m + head * classes;
    }

    /** "Same" padding: {@code ceil(side / stride)}. */
    static int outSide(int side, int stride) {
        return (side + stride - 1) / stride;
    }
}
