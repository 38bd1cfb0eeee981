package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mplbench.data.Normalization;
import org.mplbench.data.ImageSet;
import org.mplbench.nn.Network;

/** Top-1 accuracy of a network on (a prefix of) an image set, in inference mode, batch by batch. */
public final class ImageEvaluation {

    private ImageEvaluation() {}

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
        int h = images.height();
        int w = images.width();
        int hw = h * w;
        int c = images.channels();
        byte[] img = new byte[images.imageBytes()];
        long correct = 0;
        for (int start = 0; start < count; start += batch) {
            int n = Math.min(batch, count - start);
            float[] x = new float[n * c * hw];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                images.read(start + i, img, 0);
                y[i] = images.label(start + i);
                norm.apply(img, hw, x, i);
            }
            try (NDManager scope = parent.newSubManager()) {
                NDArray input = scope.create(x, new Shape(n, c, h, w));
                NDArray logits;
                if (trainMode) {
                    try (ai.djl.training.GradientCollector gc = org.mplbench.engine.Autograd.record()) {
                        logits = net.forward(input, true).stopGradient();
                    }
                } else {
                    logits = net.forward(input, false);
                }
                int[] pred = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                for (int i = 0; i < n; i++) {
                    if (pred[i] == y[i]) {
                        correct++;
                    }
                }
            }
        }
        return (double) correct / count;
    }
}
