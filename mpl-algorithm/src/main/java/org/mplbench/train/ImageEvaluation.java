package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mplbench.data.Normalization;
import org.mplbench.data.ImageSet;
import org.mplbench.nn.Network;

/** Top-1 (and top-5) accuracy of a network on (a prefix of) an image set, in inference mode, batch by batch. */
public final class ImageEvaluation {

    private ImageEvaluation() {}

    /**
     * Fractions of images whose label is the network's first guess, and among its first five (with
     * fewer than six classes, top-5 is 1). A label tied with a higher class's logit counts as ranked
     * after it, so ties never raise either figure.
     */
    public record Accuracy(double top1, double top5) {}

    /** Top-1 and top-5 accuracy on images {@code [0, count)} of {@code images}, in inference mode. */
    public static Accuracy evaluate(Network net, ImageSet images, Normalization norm, int count, int batch,
            NDManager parent) {
        return evaluate(net, images, norm, count, batch, parent, false);
    }

    /** Accuracy on images {@code [0, count)} of {@code images}, normalised with {@code norm}. */
    public static double accuracy(Network net, ImageSet images, Normalization norm, int count, int batch,
            NDManager parent) {
        return accuracy(net, images, norm, count, batch, parent, false);
    }

    /**
     * As {@link #accuracy(Network, ImageSet, Normalization, int, int, NDManager)}; with {@code trainMode} the forward
     * uses batch statistics (and dropout), which shows how far BN's running statistics lag behind
     * the weights. On MXNet running statistics move only in backward, so this leaves them unchanged.
     */
    public static double accuracy(Network net, ImageSet images, Normalization norm, int count, int batch,
            NDManager parent, boolean trainMode) {
        return evaluate(net, images, norm, count, batch, parent, trainMode).top1();
    }

    private static Accuracy evaluate(Network net, ImageSet images, Normalization norm, int count, int batch,
            NDManager parent, boolean trainMode) {
        long[] right = new long[2];
        forEachBatch(images, norm, 0, count, batch, parent, (start, input, y) -> {
            NDArray logits;
            if (trainMode) {
                try (ai.djl.training.GradientCollector gc = org.mplbench.engine.Autograd.record()) {
                    logits = net.forward(input, true).stopGradient();
                }
            } else {
                logits = net.forward(input, false);
            }
            float[] z = logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
            int k = z.length / y.length;
            for (int i = 0; i < y.length; i++) {
                int rank = rank(z, i * k, k, y[i]);
                right[0] += rank == 0 ? 1 : 0;
                right[1] += rank < 5 ? 1 : 0;
            }
        });
        return new Accuracy((double) right[0] / count, (double) right[1] / count);
    }

    /** One batch of images as the network sees them at evaluation. */
    @FunctionalInterface
    public interface BatchConsumer {
        /** Images {@code [start, start + labels.length)} as {@code input} (owned by a scope closed afterwards). */
        void accept(int start, NDArray input, int[] labels);
    }

    /**
     * Images {@code [from, from + count)} of {@code images} (their evaluation view), normalised with
     * {@code norm}, {@code batch} at a time, each batch in a sub-scope of {@code parent} closed after it.
     */
    public static void forEachBatch(ImageSet images, Normalization norm, int from, int count, int batch,
            NDManager parent, BatchConsumer consumer) {
        int h = images.height();
        int w = images.width();
        int hw = h * w;
        int c = images.channels();
        byte[] img = new byte[images.imageBytes()];
        for (int start = from; start < from + count; start += batch) {
            int n = Math.min(batch, from + count - start);
            float[] x = new float[n * c * hw];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                images.read(start + i, img, 0);
                y[i] = images.label(start + i);
                norm.apply(img, hw, x, i);
            }
            try (NDManager scope = parent.newSubManager()) {
                consumer.accept(start, scope.create(x, new Shape(n, c, h, w)), y);
            }
        }
    }

    /**
     * How many classes score at least as high as {@code label} (other than it) in row {@code z[from, from + k)};
     * a NaN counts as higher on either side, so a diverged network is never right.
     */
    static int rank(float[] z, int from, int k, int label) {
        float mine = z[from + label];
        int above = 0;
        for (int j = 0; j < k; j++) {
            if (j != label && !(z[from + j] < mine)) {
                above++;
            }
        }
        return above;
    }
}
