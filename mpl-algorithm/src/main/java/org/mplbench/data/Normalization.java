package org.mplbench.data;

import java.util.Arrays;
import org.mplbench.config.ConfigException;

/**
 * Per-channel mean and standard deviation of pixel/255, subtracted and divided before images reach a
 * network. One per data set; its length is the data set's channel count.
 */
public record Normalization(float[] mean, float[] std) {

    /** CIFAR-10's training statistics, as the official MPL code's {@code data_utils.CIFAR_MEAN}/{@code CIFAR_STDDEV}. */
    public static final Normalization CIFAR10 = new Normalization(new float[] {0.491400f, 0.482158f, 0.4465309f},
            new float[] {0.247032f, 0.243485f, 0.26159f});
    /**
     * The synthetic stand-in's: CIFAR-10's statistics to four digits, as its committed results were
     * computed with (the stand-in is not CIFAR-10; any fixed values serve).
     */
    public static final Normalization STAND_IN = new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f},
            new float[] {0.2471f, 0.2435f, 0.2616f});
    /** ImageNet's, as the official MPL code's {@code data_utils.IMAGENET_MEAN}/{@code IMAGENET_STDDEV}. */
    public static final Normalization IMAGENET = new Normalization(new float[] {0.485f, 0.456f, 0.406f},
            new float[] {0.229f, 0.224f, 0.225f});
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

    /**
     * The per-channel mean and (population) standard deviation of pixel/255 over every image of
     * {@code images}, rounded to 4 digits so that the values read the same in every record of a run.
     */
    public static Normalization of(ImageSet images) throws DataFormatException {
        int c = images.channels();
        int hw = images.height() * images.width();
        long[] sum = new long[c];
        long[] sumSq = new long[c];
        byte[] img = new byte[images.imageBytes()];
        for (int i = 0; i < images.size(); i++) {
            images.read(i, img, 0);
            for (int p = 0; p < hw; p++) {
                for (int k = 0; k < c; k++) {
                    int v = img[c * p + k] & 0xFF;
                    sum[k] += v;
                    sumSq[k] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = (double) images.size() * hw;
        for (int k = 0; k < c; k++) {
            double m = sum[k] / n;
            double var = sumSq[k] / n - m * m;
            mean[k] = round4(m / 255);
            std[k] = round4(Math.sqrt(Math.max(var, 0)) / 255);
            if (!(std[k] > 0)) {
                throw new DataFormatException(images.name(), "channel " + k + " is constant over all "
                        + images.size() + " images: nothing to normalise by");
            }
        }
        return new Normalization(mean, std);
    }

    private static float round4(double x) {
        return (float) (Math.round(x * 10_000) / 10_000.0);
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
