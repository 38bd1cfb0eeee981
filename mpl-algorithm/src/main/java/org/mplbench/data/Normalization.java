package org.mplbench.data;

import java.util.Arrays;
import org.mplbench.config.ConfigException;

/**
 * Per-channel mean and standard deviation of pixel/255, subtracted and divided before images reach a
 * network. One per data set; its length is the data set's channel count.
 */
public record Normalization(float[] mean, float[] std) {

    /** CIFAR-10's training statistics (also used, as both MPL codes do, for SVHN and the synthetic set). */
    public static final Normalization CIFAR10 = new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f},
            new float[] {0.2471f, 0.2435f, 0.2616f});
    /** Fashion-MNIST's training statistics (one grey channel). */
    public static final Normalization FASHION_MNIST = new Normalization(new float[] {0.2860f}, new float[] {0.3530f});

    public Normalization {
        if (mean.length == 0 || mean.length != std.length) {
            throw new ConfigException("normalization", mean.length + " means and " + std.length + " stds");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new ConfigException("normalization", "std " + s + " is not positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    public int channels() {
        return mean.length;
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * HWC uint8 with {@link #channels()} channels → (x/255 − mean)/std, CHW float, at image {@code slot}
     * of {@code out}.
     */
    public void apply(byte[] img, int hw, float[] out, int slot) {
        int c = mean.length;
        int o = slot * c * hw;
        for (int k = 0; k < c; k++) {
            float scale = 1f / (255f * std[k]);
            float shift = mean[k] / std[k];
            int ok = o + k * hw;
            for (int p = 0; p < hw; p++) {
                out[ok + p] = (img[c * p + k] & 0xFF) * scale - shift;
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
