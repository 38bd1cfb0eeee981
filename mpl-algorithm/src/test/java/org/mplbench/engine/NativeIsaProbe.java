package org.mplbench.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.PairList;

/**
 * Run in a JVM of its own by {@link NativeIsaTest}: {@link NativeIsa#enableAmx} (unless the first
 * argument is {@code skip}), then one bfloat16 convolution, which oneDNN runs on AMX kernels when the
 * cap allows them; with {@code require}, {@link Bf16#requireSupported}'s verdict instead.
 */
public final class NativeIsaProbe {

    private NativeIsaProbe() {}

    public static void main(String[] args) {
        if (args.length == 0 || !"skip".equals(args[0])) {
            System.out.println(NativeIsa.enableAmx());
        }
        if (args.length > 0 && "require".equals(args[0])) {
            try {
                Bf16.requireSupported("budget.precision");
                System.out.println("bf16 supported");
            } catch (org.mplbench.config.ConfigException e) {
                System.out.println("refused: " + e.getMessage());
            }
            return;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = Bf16.fromFloat32(m.randomUniform(-1, 1, new Shape(2, 32, 16, 16)));
            NDArray w = Bf16.fromFloat32(m.randomUniform(-1, 1, new Shape(32, 32, 3, 3)));
            PairList<String, Object> p = new PairList<>();
            p.add("kernel", "(3, 3)");
            p.add("pad", "(1, 1)");
            p.add("num_filter", 32);
            p.add("no_bias", true);
            NDArray y = m.invoke("Convolution", new NDList(x, w), p).singletonOrThrow();
            float[] out = Bf16.toFloat32(y).toFloatArray();
            System.out.println("convolved " + out.length + " values");
        }
    }
}
