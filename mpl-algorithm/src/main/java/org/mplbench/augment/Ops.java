package org.mplbench.augment;

/**
 * Image operations on one uint8 image, HWC, {@code h × w × c} bytes ({@code c} = 3 for RGB, 1 for
 * greyscale), following PIL's
 * definitions (the reference PyTorch code calls PIL; the official code re-implements the same
 * operations in TensorFlow). Point operations work in place; geometric ones write into {@code dst}.
 * Every operation is plain Java on primitive arrays: no allocation per call, no JNI.
 *
 * <p>On a one-channel image every operation does what PIL does to an "L" image: the per-channel
 * operations act on the one channel, the grey (luma) image of Color and Contrast is the image itself,
 * so Color is the identity and Contrast blends with the image's own rounded mean.
 */
public final class Ops {

    /** Resampling of the geometric operations. */
    public enum Resample {
        /** Nearest neighbour (the official code's TF transforms; PIL's NEAREST). */
        NEAREST,
        /** PIL's BICUBIC affine filter (the reference PyTorch code). */
        BICUBIC
    }

    private Ops() {}

    private static int clip(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }

    /** PIL's luma: (19595 R + 38470 G + 7471 B + 2^15) >> 16, i.e. 0.299/0.587/0.114 rounded. */
    static int luma(byte[] img, int p) {
        return ((img[p] & 0xFF) * 19595 + (img[p + 1] & 0xFF) * 38470 + (img[p + 2] & 0xFF) * 7471 + 0x8000) >> 16;
    }

    public static void invert(byte[] img, int h, int w, int c) {
        for (int i = 0; i < h * w * c; i++) {
            img[i] = (byte) (255 - (img[i] & 0xFF));
        }
    }

    /** Keeps the top {@code bits} bits of every value (PIL posterize). */
    public static void posterize(byte[] img, int h, int w, int c, int bits) {
        int mask = ~((1 << (8 - bits)) - 1) & 0xFF;
        for (int i = 0; i < h * w * c; i++) {
            img[i] = (byte) (img[i] & mask);
        }
    }

    /** Inverts every value {@code >= threshold} (PIL solarize); a threshold ≤ 0 inverts all. */
    public static void solarize(byte[] img, int h, int w, int c, int threshold) {
        for (int i = 0; i < h * w * c; i++) {
            int v = img[i] & 0xFF;
            if (v >= threshold) {
                img[i] = (byte) (255 - v);
            }
        }
    }

    /** Per channel, maps [min, max] linearly onto [0, 255] (PIL autocontrast, cutoff 0). */
    public static void autoContrast(byte[] img, int h, int w, int c) {
        int n = h * w;
        for (int k = 0; k < c; k++) {
            int lo = 255;
            int hi = 0;
            for (int p = 0; p < n; p++) {
                int v = img[c * p + k] & 0xFF;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            if (hi <= lo) {
                continue;
            }
            double scale = 255.0 / (hi - lo);
            double offset = -lo * scale;
            for (int p = 0; p < n; p++) {
                int v = img[c * p + k] & 0xFF;
                img[c * p + k] = (byte) clip((int) (v * scale + offset));
            }
        }
    }

    /** Per-channel histogram equalisation (PIL equalize). */
    public static void equalize(byte[] img, int h, int w, int c) {
        int n = h * w;
        int[] hist = new int[256];
        int[] lut = new int[256];
        for (int k = 0; k < c; k++) {
            java.util.Arrays.fill(hist, 0);
            for (int p = 0; p < n; p++) {
                hist[img[c * p + k] & 0xFF]++;
            }
            int last = 255;
            while (hist[last] == 0) {
                last--;
            }
            int step = (n - hist[last]) / 255;
            if (step == 0) {
                continue;
            }
            int acc = step / 2;
            for (int i = 0; i < 256; i++) {
                lut[i] = Math.min(255, acc / step);
                acc += hist[i];
            }
            for (int p = 0; p < n; p++) {
                img[c * p + k] = (byte) lut[img[c * p + k] & 0xFF];
            }
        }
    }

    /**
     * {@code degenerate + f·(img − degenerate)}, truncated towards zero and clipped to [0, 255] (PIL's
     * ImageEnhance blend); {@code degenerate} has the same layout as {@code img}.
     */
    static void blend(byte[] img, byte[] degenerate, int n, double f) {
        for (int i = 0; i < n; i++) {
            int d = degenerate[i] & 0xFF;
            double v = d + f * ((img[i] & 0xFF) - d);
            img[i] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
        }
    }

    /** Saturation: blend with the grey (luma) image (PIL ImageEnhance.Color); the identity on one channel. */
    public static void color(byte[] img, int h, int w, int c, double f, byte[] scratch) {
        int n = h * w;
        if (c == 1) {
            return;
        }
        for (int p = 0; p < n; p++) {
            byte l = (byte) luma(img, 3 * p);
            scratch[3 * p] = l;
            scratch[3 * p + 1] = l;
            scratch[3 * p + 2] = l;
        }
        blend(img, scratch, 3 * n, f);
    }

    /**
     * Contrast: blend with a uniform grey image. PIL uses the rounded mean luma; the official TF code
     * divides the histogram's total count by 256 instead (a known slip that makes the grey level
     * {@code pixels/256}, 4 for 32×32), which {@code officialMean} reproduces.
     */
    public static void contrast(byte[] img, int h, int w, int c, double f, boolean officialMean, byte[] scratch) {
        int n = h * w;
        int grey;
        if (officialMean) {
            grey = clip((int) (n / 256.0));
        } else {
            long sum = 0;
            for (int p = 0; p < n; p++) {
                sum += c == 1 ? img[p] & 0xFF : luma(img, 3 * p);
            }
            grey = (int) (sum / (double) n + 0.5);
        }
        java.util.Arrays.fill(scratch, 0, c * n, (byte) grey);
        blend(img, scratch, c * n, f);
    }

    /** Brightness: blend with black (PIL ImageEnhance.Brightness). */
    public static void brightness(byte[] img, int h, int w, int c, double f, byte[] scratch) {
        java.util.Arrays.fill(scratch, 0, c * h * w, (byte) 0);
        blend(img, scratch, c * h * w, f);
    }

    /**
     * Sharpness: blend with the image smoothed by [[1,1,1],[1,5,1],[1,1,1]]/13, border pixels kept
     * (PIL ImageEnhance.Sharpness). PIL rounds the smoothed value; the official code truncates
     * ({@code truncate}).
     */
    public static void sharpness(byte[] img, int h, int w, int c, double f, boolean truncate, byte[] scratch) {
        System.arraycopy(img, 0, scratch, 0, c * h * w);
        double bias = truncate ? 0 : 0.5;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                for (int k = 0; k < c; k++) {
                    int s = 0;
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            s += img[((y + dy) * w + x + dx) * c + k] & 0xFF;
                        }
                    }
                    s += 4 * (img[(y * w + x) * c + k] & 0xFF);
                    scratch[(y * w + x) * c + k] = (byte) clip((int) (s / 13.0 + bias));
                }
            }
        }
        blend(img, scratch, c * h * w, f);
    }

    /** Fills the rectangle [x0, x1) × [y0, y1), clipped to the image, with {@code fill}. */
    public static void fillRect(byte[] img, int h, int w, int c, int x0, int y0, int x1, int y1, int fill) {
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(w, x1);
        y1 = Math.min(h, y1);
        for (int y = y0; y < y1; y++) {
            java.util.Arrays.fill(img, (y * w + x0) * c, (y * w + x1) * c, (byte) fill);
        }
    }

    /** Mirror left-right. */
    public static void flip(byte[] img, int h, int w, int c) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                int a = (y * w + x) * c;
                int b = (y * w + w - 1 - x) * c;
                for (int k = 0; k < c; k++) {
                    byte t = img[a + k];
                    img[a + k] = img[b + k];
                    img[b + k] = t;
                }
            }
        }
    }

    /**
     * The {@code h × w} window at offset (dx, dy) of the image padded by {@code pad} pixels on each
     * side with reflection (numpy/PyTorch "reflect": the edge pixel is not repeated), into {@code dst}.
     */
    public static void padCropReflect(byte[] src, byte[] dst, int h, int w, int c, int pad, int dx, int dy) {
        for (int y = 0; y < h; y++) {
            int sy = reflect(y + dy - pad, h);
            for (int x = 0; x < w; x++) {
                int sx = reflect(x + dx - pad, w);
                System.arraycopy(src, (sy * w + sx) * c, dst, (y * w + x) * c, c);
            }
        }
    }

    /**
     * Pads by {@code pad} pixels of {@code fill} and crops the original size at offset
     * ({@code dx}, {@code dy}) of the padded image.
     */
    public static void padCropConstant(byte[] src, byte[] dst, int h, int w, int c, int pad, int dx, int dy, int fill) {
        byte f = (byte) fill;
        for (int y = 0; y < h; y++) {
            int sy = y + dy - pad;
            for (int x = 0; x < w; x++) {
                int sx = x + dx - pad;
                int o = (y * w + x) * c;
                if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                    java.util.Arrays.fill(dst, o, o + c, f);
                } else {
                    System.arraycopy(src, (sy * w + sx) * c, dst, o, c);
                }
            }
        }
    }

    static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * (n - 1) - i : i;
    }

    /**
     * PIL's affine transform: output pixel (x, y) samples the input at
     * {@code (a·(x+½) + b·(y+½) + c, d·(x+½) + e·(y+½) + f)}; samples outside the image get {@code fill}.
     */
    public static void affine(byte[] src, byte[] dst, int h, int w, int ch, double a, double b, double c,
            double d, double e, double f, Resample resample, int fill) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double xin = a * (x + 0.5) + b * (y + 0.5) + c;
                double yin = d * (x + 0.5) + e * (y + 0.5) + f;
                int o = (y * w + x) * ch;
                if (xin < 0 || xin >= w || yin < 0 || yin >= h) {
                    java.util.Arrays.fill(dst, o, o + ch, (byte) fill);
                } else if (resample == Resample.NEAREST) {
                    System.arraycopy(src, ((int) yin * w + (int) xin) * ch, dst, o, ch);
                } else {
                    bicubic(src, dst, o, h, w, ch, xin, yin);
                }
            }
        }
    }

    /** PIL's bicubic affine filter (a = −1 cubic, edge rows/columns repeated), truncated and clipped. */
    private static void bicubic(byte[] src, byte[] dst, int o, int h, int w, int c, double xin, double yin) {
        xin -= 0.5;
        yin -= 0.5;
        int x = (int) Math.floor(xin);
        int y = (int) Math.floor(yin);
        double dx = xin - x;
        double dy = yin - y;
        x--;
        y--;
        int x0 = clampIndex(x, w);
        int x1 = clampIndex(x + 1, w);
        int x2 = clampIndex(x + 2, w);
        int x3 = clampIndex(x + 3, w);
        for (int ch = 0; ch < c; ch++) {
            int row = clampIndex(y, h) * w;
            double v1 = cubicRow(src, c, row, x0, x1, x2, x3, ch, dx);
            double v2 = y + 1 >= 0 && y + 1 < h ? cubicRow(src, c, (y + 1) * w, x0, x1, x2, x3, ch, dx) : v1;
            double v3 = y + 2 >= 0 && y + 2 < h ? cubicRow(src, c, (y + 2) * w, x0, x1, x2, x3, ch, dx) : v2;
            double v4 = y + 3 >= 0 && y + 3 < h ? cubicRow(src, c, (y + 3) * w, x0, x1, x2, x3, ch, dx) : v3;
            double v = cubic(v1, v2, v3, v4, dy);
            dst[o + ch] = (byte) (v <= 0 ? 0 : v >= 255 ? 255 : (int) v);
        }
    }

    private static double cubicRow(byte[] src, int c, int row, int x0, int x1, int x2, int x3, int ch, double d) {
        return cubic(src[(row + x0) * c + ch] & 0xFF, src[(row + x1) * c + ch] & 0xFF,
                src[(row + x2) * c + ch] & 0xFF, src[(row + x3) * c + ch] & 0xFF, d);
    }

    private static double cubic(double v1, double v2, double v3, double v4, double d) {
        double p1 = v2;
        double p2 = -v1 + v3;
        double p3 = 2 * (v1 - v2) + v3 - v4;
        double p4 = -v1 + v2 - v3 + v4;
        return p1 + d * (p2 + d * (p3 + d * p4));
    }

    private static int clampIndex(int i, int n) {
        return i < 0 ? 0 : Math.min(i, n - 1);
    }

    /** PIL's {@code Image.rotate(degrees)} (counter-clockwise, about the centre, same size). */
    public static void rotate(byte[] src, byte[] dst, int h, int w, int ch, double degrees, Resample resample, int fill) {
        double angle = -Math.toRadians(degrees);
        double a = Math.cos(angle);
        double b = Math.sin(angle);
        double d = -Math.sin(angle);
        double e = Math.cos(angle);
        double cx = w / 2.0;
        double cy = h / 2.0;
        double c = a * -cx + b * -cy + cx;
        double f = d * -cx + e * -cy + cy;
        affine(src, dst, h, w, ch, a, b, c, d, e, f, resample, fill);
    }
}
