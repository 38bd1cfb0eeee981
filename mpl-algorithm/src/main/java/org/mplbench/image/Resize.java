package org.mplbench.image;

/**
 * Bicubic resizing of HWC uint8 images as TensorFlow 1's {@code tf.image.resize_bicubic} (the
 * official code's, with its defaults {@code align_corners=False, half_pixel_centers=False}): output
 * pixel {@code i} samples the source at {@code i · in/out}, four taps per axis with Keys' cubic
 * kernel (a = −0.75), taps beyond the border clamped to the edge. Results are rounded to the nearest
 * level and clamped to 0..255 (the official code keeps floats until RandAugment's uint8 cast; the
 * suite's pipeline is 8-bit throughout).
 */
public final class Resize {

    private static final double A = -0.75;

    private Resize() {}

    /**
     * Resizes the {@code ch × cw} window at ({@code y0}, {@code x0}) of {@code src} ({@code sh × sw × c}) to
     * {@code dh × dw} into {@code dst}; {@code tmp} holds at least {@code ch · dw · c} floats.
     */
    public static void bicubic(byte[] src, int sw, int c, int y0, int x0, int ch, int cw, byte[] dst, int dh, int dw,
            float[] tmp) {
        double sx = (double) cw / dw;
        double sy = (double) ch / dh;
        int[] xTaps = new int[dw * 4];
        float[] xWeights = new float[dw * 4];
        taps(dw, sx, cw, xTaps, xWeights);
        // horizontal pass: every source row of the window → dw columns
        for (int y = 0; y < ch; y++) {
            int row = ((y0 + y) * sw + x0) * c;
            int out = y * dw * c;
            for (int x = 0; x < dw; x++) {
                for (int k = 0; k < c; k++) {
                    float v = 0;
                    for (int t = 0; t < 4; t++) {
                        v += xWeights[4 * x + t] * (src[row + xTaps[4 * x + t] * c + k] & 0xFF);
                    }
                    tmp[out + x * c + k] = v;
                }
            }
        }
        int[] yTaps = new int[dh * 4];
        float[] yWeights = new float[dh * 4];
        taps(dh, sy, ch, yTaps, yWeights);
        int rowLen = dw * c;
        for (int y = 0; y < dh; y++) {
            int out = y * rowLen;
            for (int i = 0; i < rowLen; i++) {
                float v = 0;
                for (int t = 0; t < 4; t++) {
                    v += yWeights[4 * y + t] * tmp[yTaps[4 * y + t] * rowLen + i];
                }
                dst[out + i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
        }
    }

    /** The four source indices (clamped) and weights of each output index. */
    private static void taps(int out, double scale, int in, int[] idx, float[] w) {
        for (int i = 0; i < out; i++) {
            double pos = i * scale;
            int base = (int) Math.floor(pos);
            double t = pos - base;
            for (int k = -1; k <= 2; k++) {
                idx[4 * i + k + 1] = Math.max(0, Math.min(in - 1, base + k));
                w[4 * i + k + 1] = (float) kernel(Math.abs(k - t));
            }
        }
    }

    /** Keys' cubic convolution kernel with a = −0.75. */
    static double kernel(double x) {
        if (x <= 1) {
            return ((A + 2) * x - (A + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
        }
        return 0;
    }
}
