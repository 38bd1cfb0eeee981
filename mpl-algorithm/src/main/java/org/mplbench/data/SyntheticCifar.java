package org.mplbench.data;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.mplbench.config.Check;
import org.mplbench.random.Seeds;

/**
 * {@code synthetic-cifar}: a procedural 10-class set of 32×32 RGB images, the offline stand-in for
 * CIFAR-10. Each image is one shape or textured shape (the class) with random colour, position,
 * scale, rotation and shading, over a random background with clutter (lines and boxes in other
 * colours) and pixel noise; a share of images have low contrast. Fully determined by the seed: image
 * {@code i} of a split depends only on (seed, split, i), so generation runs in parallel and any
 * subset can be regenerated.
 *
 * <p>Classes: 0 disk, 1 square, 2 triangle, 3 cross, 4 ring, 5 striped disk, 6 checkered square,
 * 7 bar, 8 five-pointed star, 9 crescent. Labels cycle 0..9 over the indices, so every split is
 * exactly class-balanced, like CIFAR-10.
 */
public final class SyntheticCifar {

    public static final int SIDE = 32;
    public static final int CLASSES = 10;
    public static final String[] CLASS_NAMES = {
        "disk", "square", "triangle", "cross", "ring", "striped-disk", "checkered-square", "bar", "star", "crescent"};

    private SyntheticCifar() {}

    /**
     * CIFAR-10's sizes (50,000 train, 10,000 test) times {@code scale}, rounded to a multiple of 10.
     */
    public static VisionData generate(long seed, double scale) {
        Check.openClosed("synthetic.scale", scale, 0, 100);
        int train = Math.max(10, (int) Math.round(50_000 * scale / 10) * 10);
        int test = Math.max(10, (int) Math.round(10_000 * scale / 10) * 10);
        return new VisionData("synthetic-cifar", images(seed, 0, train), null, images(seed, 1, test), "synthetic",
                Normalization.STAND_IN);
    }

    /** {@code n} images of split {@code split} (0 train, 1 test). */
    public static ImageSet images(long seed, int split, int n) {
        int bytes = SIDE * SIDE * 3;
        byte[] pixels = new byte[n * bytes];
        byte[] labels = new byte[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            labels[i] = (byte) (i % CLASSES);
            render(new SplittableRandom(Seeds.mix(seed, split, i, 0)), i % CLASSES, pixels, i * bytes);
        });
        return new InMemoryImages("synthetic-cifar:" + (split == 0 ? "train" : "test") + " (seed " + seed + ")",
                pixels, labels, SIDE, SIDE, CLASSES);
    }

    private static void render(SplittableRandom r, int cls, byte[] out, int off) {
        float[] img = new float[SIDE * SIDE * 3];
        // background: a colour with a linear gradient
        float[] bg = colour(r);
        float gx = (float) r.nextDouble(-2, 2);
        float gy = (float) r.nextDouble(-2, 2);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                for (int c = 0; c < 3; c++) {
                    img[(y * SIDE + x) * 3 + c] = bg[c] + gx * (x - 16) + gy * (y - 16);
                }
            }
        }
        // clutter: lines and boxes in other colours
        int clutter = r.nextInt(1, 5);
        for (int k = 0; k < clutter; k++) {
            float[] col = colour(r);
            float alpha = (float) r.nextDouble(0.3, 0.9);
            if (r.nextBoolean()) {
                double x0 = r.nextDouble(0, SIDE);
                double y0 = r.nextDouble(0, SIDE);
                double a = r.nextDouble(0, Math.PI);
                double w = r.nextDouble(0.5, 1.8);
                paint(img, col, alpha, (x, y) -> Math.abs((x - x0) * Math.sin(a) - (y - y0) * Math.cos(a)) < w ? 1 : 0);
            } else {
                double x0 = r.nextDouble(-4, SIDE);
                double y0 = r.nextDouble(-4, SIDE);
                double w = r.nextDouble(3, 10);
                double h = r.nextDouble(3, 10);
                paint(img, col, alpha, (x, y) -> x >= x0 && x < x0 + w && y >= y0 && y < y0 + h ? 1 : 0);
            }
        }
        // the object
        float[] fg = colour(r);
        if (r.nextDouble() < 0.2) {
            // low contrast: the object's colour is pulled towards the background
            float t = (float) r.nextDouble(0.45, 0.7);
            for (int c = 0; c < 3; c++) {
                fg[c] = fg[c] * (1 - t) + bg[c] * t;
            }
        }
        double cx = r.nextDouble(10, 22);
        double cy = r.nextDouble(10, 22);
        double s = r.nextDouble(6, 12.5);
        double th = r.nextDouble(0, 2 * Math.PI);
        double aspect = r.nextDouble(0.85, 1.15);
        double cos = Math.cos(th);
        double sin = Math.sin(th);
        double phase = r.nextDouble(0, 2 * Math.PI);
        paint(img, fg, 1f, (x, y) -> {
            double dx = x - cx;
            double dy = y - cy;
            double u = (dx * cos + dy * sin) / (s * aspect);
            double v = (-dx * sin + dy * cos) / s;
            return inside(cls, u, v, phase) ? 1 : 0;
        });
        // shading over the whole image and pixel noise
        float sigma = (float) r.nextDouble(3, 14);
        for (int p = 0; p < img.length; p++) {
            float v = img[p] + (float) (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2 * sigma;
            out[off + p] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
    }

    /** Inside test of class {@code cls} in object coordinates (the shape spans about [-1, 1]²). */
    static boolean inside(int cls, double u, double v, double phase) {
        double r2 = u * u + v * v;
        switch (cls) {
            case 0:
                return r2 < 1;
            case 1:
                return Math.max(Math.abs(u), Math.abs(v)) < 0.8;
            case 2:
                return v > -0.5 && Math.sqrt(3) * u + v < 1 && -Math.sqrt(3) * u + v < 1;
            case 3:
                return (Math.abs(u) < 0.3 && Math.abs(v) < 1) || (Math.abs(v) < 0.3 && Math.abs(u) < 1);
            case 4:
                return r2 < 1 && r2 > 0.36;
            case 5:
                return r2 < 1 && Math.sin(7 * u + phase) > 0;
            case 6:
                return Math.max(Math.abs(u), Math.abs(v)) < 0.85
                        && ((int) Math.floor(2.4 * u + 3) + (int) Math.floor(2.4 * v + 3)) % 2 == 0;
            case 7:
                return Math.abs(u) < 1.1 && Math.abs(v) < 0.28;
            case 8:
                double a = Math.atan2(v, u);
                return Math.sqrt(r2) < 0.42 + 0.58 * Math.pow(Math.abs(Math.cos(2.5 * a)), 3);
            case 9:
                return r2 < 1 && (u - 0.45) * (u - 0.45) + v * v > 0.56;
            default:
                throw new IllegalArgumentException("class " + cls);
        }
    }

    @FunctionalInterface
    private interface Mask {
        double at(double x, double y);
    }

    /** Blends {@code col} over {@code img} with 2×2 supersampled coverage of {@code mask}. */
    private static void paint(float[] img, float[] col, float alpha, Mask mask) {
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double cov = (mask.at(x + 0.25, y + 0.25) + mask.at(x + 0.75, y + 0.25)
                        + mask.at(x + 0.25, y + 0.75) + mask.at(x + 0.75, y + 0.75)) / 4;
                if (cov > 0) {
                    float a = (float) cov * alpha;
                    int p = (y * SIDE + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        img[p + c] = img[p + c] * (1 - a) + col[c] * a;
                    }
                }
            }
        }
    }

    private static float[] colour(SplittableRandom r) {
        return new float[] {(float) r.nextDouble(0, 255), (float) r.nextDouble(0, 255), (float) r.nextDouble(0, 255)};
    }
}
