package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.mplbench.nn.Network;

/** Inference-mode predictions of a network on points held in Java arrays. */
public final class Evaluation {

    private Evaluation() {}

    /** Softmax probabilities, row-major {@code [n, classes]}, for inputs {@code x} of shape {@code [n, dim]}. */
    public static float[] probabilities(Network net, float[] x, int dim, NDManager parent) {
        try (NDManager scope = parent.newSubManager()) {
            NDArray in = scope.create(x, new Shape(x.length / dim, dim)).toType(net.dataType(), false);
            return net.forward(in, false).softmax(1).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    /** Fraction of rows whose argmax equals {@code labels}. */
    public static double accuracy(Network net, float[] x, int dim, int[] labels, NDManager parent) {
        float[] p = probabilities(net, x, dim, parent);
        int classes = p.length / labels.length;
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (p[i * classes + k] > p[i * classes + best]) {
                    best = k;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }
}
