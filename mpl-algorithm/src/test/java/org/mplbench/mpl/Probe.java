package org.mplbench.mpl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses;

/** Test helpers: tiny float64 MLPs and plain reference computations written independently of the step. */
final class Probe {

    private Probe() {}

    static Network mlp(NDManager m, long seed, double initRange, int hidden, int classes) {
        Engine.getInstance().setRandomSeed((int) seed);
        return Network.create(
                Mlp.builder().optHidden(hidden).setOutputs(classes).optInitRange(initRange).build(),
                m, DataType.FLOAT64, new Shape(1, 2));
    }

    static NDArray points(NDManager m, double[] xy) {
        return m.create(xy, new Shape(xy.length / 2, 2));
    }

    static double[][] weights(Network net) {
        List<NDArray> w = net.weights();
        double[][] out = new double[w.size()][];
        for (int i = 0; i < w.size(); i++) {
            out[i] = w.get(i).toDoubleArray();
        }
        return out;
    }

    static void setWeights(Network net, double[][] values, NDManager scope) {
        NDList list = new NDList();
        for (int i = 0; i < values.length; i++) {
            list.add(scope.create(values[i], net.weights().get(i).getShape()));
        }
        net.restore(list);
    }

    static double[] flatten(double[][] a) {
        List<Double> out = new ArrayList<>();
        for (double[] row : a) {
            for (double v : row) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Gradient of {@code loss(net)} w.r.t. the net's weights, as Java arrays. */
    static double[][] gradient(Network net, java.util.function.Function<Network, NDArray> loss) {
        NDArray l;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            l = loss.apply(net);
            net.clearGradients();
            gc.backward(l);
        }
        List<NDArray> w = net.weights();
        double[][] g = new double[w.size()][];
        for (int i = 0; i < w.size(); i++) {
            try (NDArray gi = w.get(i).getGradient()) {
                g[i] = gi.toDoubleArray();
            }
        }
        return g;
    }

    static double ce(Network net, NDArray x, NDArray y) {
        return Losses.crossEntropy(net.forward(x, true), y).getDouble();
    }

    static double dot(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    static double[][] axpy(double[][] x, double alpha, double[][] y) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new double[x[i].length];
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] + alpha * y[i][j];
            }
        }
        return out;
    }

    /** {@code steps} plain SGD steps (rate 2) of {@code net} on CE(x, y). */
    static void pretrain(Network net, NDArray x, NDArray y, int steps, NDManager m) {
        org.mplbench.train.Sgd sgd = org.mplbench.train.Sgd.builder().setLearningRate(2).build();
        for (int step = 0; step < steps; step++) {
            try (NDManager scope = m.newSubManager()) {
                gradient(net, n -> Losses.crossEntropy(n.forward(x, true), y));
                sgd.update(net, net.gradients(scope), step, scope);
            }
        }
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** The student's gradients around one SGD step, computed without the step's code. */
    record StepGradients(double[][] g_u, double[][] g_new) {}

    /**
     * From teacher weights {@code t0} and student weights {@code s0} (MLPs 2-5-3): {@code g_u}, the
     * student's gradient of CE on the teacher's argmax labels of {@code xu}, and {@code g_new}, its
     * gradient of CE on {@code (xl, yl)} after the step {@code s0 − eta·g_u}.
     */
    static StepGradients aroundStep(NDManager m, double[][] t0, double[][] s0, double eta, double[] xl, int[] yl,
            double[] xu) {
        Network t = mlp(m, 0, 1.0, 5, 3);
        Network s = mlp(m, 0, 1.0, 5, 3);
        try (NDManager scope = m.newSubManager()) {
            setWeights(t, t0, scope);
            setWeights(s, s0, scope);
            NDArray x_l = points(scope, xl);
            NDArray y_l = scope.create(yl);
            NDArray x_u = points(scope, xu);
            NDArray y_hat = t.forward(x_u, false).argMax(1);
            double[][] g_u = gradient(s, net -> Losses.crossEntropy(net.forward(x_u, true), y_hat));
            setWeights(s, axpy(s0, -eta, g_u), scope);
            double[][] g_new = gradient(s, net -> Losses.crossEntropy(net.forward(x_l, true), y_l));
            return new StepGradients(g_u, g_new);
        }
    }
}
