package org.mplbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.StringJoiner;

/**
 * Whole-network updates in a few engine calls instead of one or more per parameter tensor (the
 * multi-tensor, "foreach" idea): on MXNet each operator costs ~15-20 µs of dispatch whatever its
 * size, and an optimizer step written per tensor costs ~10 operators × ~80 tensors per network.
 *
 * <p>MXNet's {@code multi_sgd_update} updates up to any number of tensors in one call as
 * {@code x ← x − lr_i·wd_i·x − lr_i·r·y}; with {@code r = −1}, {@code lr_i = b_i} and
 * {@code wd_i = (1 − a_i)/b_i} that is the general {@code x ← a_i·x + b_i·y}
 * ({@link #axpby}), from which SGD, momentum, Nesterov and the moving average are composed.
 * Its coefficients are float32, so float32 arrays only ({@link #applies}); DJL's PyTorch engine
 * has no such operators (libtorch's dispatch is a few µs, measured) and keeps the per-tensor path.
 */
public final class MultiTensor {

    /**
     * Tensors per call: MXNet's multi-tensor kernels take their pointers in fixed arrays of 60
     * ({@code MultiSGDKernelParam::N}) and do not check the count (more crash the process).
     */
    static final int CHUNK = 48;

    private MultiTensor() {}

    /** Whether these arrays can be updated here: MXNet and float32. */
    public static boolean applies(List<NDArray> arrays) {
        return EngineInfo.isMxnet() && !arrays.isEmpty() && arrays.stream().allMatch(a -> a.getDataType() == DataType.FLOAT32)
                && MxnetInPlace.available();
    }

    /**
     * {@code x_i ← a_i·x_i + b_i·y_i} for every i, in place, in one engine call (two when some
     * {@code b_i = 0} and {@code a_i ≠ 1}: those are scaled by a call that ignores y).
     */
    public static void axpby(List<NDArray> x, List<NDArray> y, double[] a, double[] b) {
        if (x.size() != y.size() || a.length != x.size() || b.length != x.size()) {
            throw new IllegalArgumentException("axpby needs as many y, a and b as x: " + x.size() + ", " + y.size()
                    + ", " + a.length + ", " + b.length);
        }
        List<NDArray> inputs = new ArrayList<>();
        List<NDArray> outputs = new ArrayList<>();
        List<Float> lrs = new ArrayList<>();
        List<Float> wds = new ArrayList<>();
        List<NDArray> scaledInputs = new ArrayList<>();
        List<NDArray> scaled = new ArrayList<>();
        List<Float> scaledWds = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (b[i] != 0) {
                inputs.add(x.get(i));
                inputs.add(y.get(i));
                outputs.add(x.get(i));
                lrs.add((float) b[i]);
                wds.add((float) ((1 - a[i]) / b[i]));
            } else if (a[i] != 1) {
                // x ← x − 1·(1 − a)·x − 1·0·x
                scaledInputs.add(x.get(i));
                scaledInputs.add(x.get(i));
                scaled.add(x.get(i));
                scaledWds.add((float) (1 - a[i]));
            }
        }
        sgdUpdates(inputs, outputs, lrs, wds, "-1");
        sgdUpdates(scaledInputs, scaled, Collections.nCopies(scaled.size(), 1f), scaledWds, "0");
    }

    /** {@code multi_sgd_update} over (weight, grad) pairs in chunks of {@link #CHUNK}. */
    private static void sgdUpdates(List<NDArray> inputs, List<NDArray> outputs, List<Float> lrs, List<Float> wds,
            String rescale) {
        for (int start = 0; start < outputs.size(); start += CHUNK) {
            int end = Math.min(outputs.size(), start + CHUNK);
            MxnetInPlace.invoke("multi_sgd_update", inputs.subList(2 * start, 2 * end).toArray(new NDArray[0]),
                    outputs.subList(start, end).toArray(new NDArray[0]),
                    new String[] {"lrs", "wds", "rescale_grad", "num_weights"},
                    new String[] {tuple(lrs, start, end), tuple(wds, start, end), rescale, Integer.toString(end - start)});
        }
    }

    private static String tuple(List<Float> values, int start, int end) {
        StringJoiner j = new StringJoiner(",", "(", ")");
        values.subList(start, end).forEach(v -> j.add(Float.toString(v)));
        return j.toString();
    }

    /** {@code x_i ← a·x_i + b·y_i} with the same coefficients for every i. */
    public static void axpby(List<NDArray> x, List<NDArray> y, double a, double b) {
        double[] as = new double[x.size()];
        double[] bs = new double[x.size()];
        java.util.Arrays.fill(as, a);
        java.util.Arrays.fill(bs, b);
        axpby(x, y, as, bs);
    }

    /** Copies {@code from_i} into {@code to_i} exactly (a same-type cast), in one engine call. */
    public static void copy(List<NDArray> from, List<NDArray> to) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("copy needs as many targets as sources: " + from.size() + " vs " + to.size());
        }
        if (from.isEmpty()) {
            return;
        }
        MxnetInPlace.invoke("amp_multicast", from.toArray(new NDArray[0]), to.toArray(new NDArray[0]),
                new String[] {"num_outputs", "cast_narrow"}, new String[] {Integer.toString(from.size()), "False"});
    }

    /** The sum of the squares of every element of {@code arrays} (waits for the engine). */
    public static double sumOfSquares(List<NDArray> arrays) {
        double total = 0;
        for (int start = 0; start < arrays.size(); start += CHUNK) {
            List<NDArray> part = arrays.subList(start, Math.min(arrays.size(), start + CHUNK));
            PairList<String, Object> p = new PairList<>();
            p.add("num_arrays", Integer.toString(part.size()));
            try (NDList sums = part.get(0).getManager().invoke("multi_sum_sq", new NDList(part), p)) {
                for (float s : sums.singletonOrThrow().toFloatArray()) {
                    total += s;
                }
            }
        }
        return total;
    }
}
