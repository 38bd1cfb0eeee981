package org.mplbench.image;

import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.mplbench.image.CenterCrop.Window;
import org.mplbench.config.Check;

/**
 * The official ImageNet training crop ({@code _decode_and_random_crop}): TensorFlow's
 * {@code sample_distorted_bounding_box} with the whole image as the object box, minimum object
 * coverage 0.1, aspect ratios in [3/4, 4/3], areas in [0.08, 1] of the image and 10 attempts; when
 * no attempt gives a window (or the window is the whole image) the {@link CenterCrop} window instead;
 * then a bicubic resize to {@code size × size}. Each attempt follows TensorFlow's
 * {@code GenerateRandomCrop}: the aspect ratio drawn uniformly, the height uniformly between the
 * heights of the smallest and largest areas at that ratio, the width rounded from it, the offsets
 * uniform.
 */
public final class InceptionCrop {

    public static final double MIN_OBJECT_COVERED = 0.1;
    public static final double MIN_ASPECT = 3.0 / 4;
    public static final double MAX_ASPECT = 4.0 / 3;
    public static final double MIN_AREA = 0.08;
    public static final double MAX_AREA = 1.0;
    public static final int MAX_ATTEMPTS = 10;

    private final int size;

    public InceptionCrop(int size) {
        this.size = Check.closed("crop.size", size, 1, 1 << 14);
    }

    /** Side of the output. */
    public int size() {
        return size;
    }

    /** The window of an {@code h × w} image for the draws of {@code rng}. */
    public static Window window(int h, int w, SplittableRandom rng) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            double aspect = MIN_ASPECT + rng.nextDouble() * (MAX_ASPECT - MIN_ASPECT);
            Window c = generate(h, w, MIN_AREA, MAX_AREA, aspect, n -> rng.nextInt(n));
            if (c != null && (double) c.height() * c.width() >= MIN_OBJECT_COVERED * h * w) {
                // the official code treats a window the size of the image as a failed draw
                return c.height() == h && c.width() == w ? CenterCrop.window(h, w) : c;
            }
        }
        return CenterCrop.window(h, w);
    }

    /**
     * TensorFlow's {@code GenerateRandomCrop} for one aspect ratio; {@code uniform.applyAsInt(n)} draws
     * from {@code [0, n)}. Null when the ratio admits no window within the area range.
     */
    static Window generate(int h, int w, double minRel, double maxRel, double aspect, IntUnaryOperator uniform) {
        double minArea = minRel * w * h;
        double maxArea = maxRel * w * h;
        int height = (int) Math.rint(Math.sqrt(minArea / aspect));
        int maxHeight = (int) Math.rint(Math.sqrt(maxArea / aspect));
        if (Math.rint(maxHeight * aspect) > w) {
            maxHeight = (int) ((w + 0.5 - 1e-7) / aspect);
            if (Math.rint(maxHeight * aspect) > w) {
                maxHeight -= 1;
            }
        }
        maxHeight = Math.min(maxHeight, h);
        height = Math.min(height, maxHeight);
        if (height < maxHeight) {
            height += uniform.applyAsInt(maxHeight - height + 1);
        }
        int width = (int) Math.rint(height * aspect);
        double area = (double) width * height;
        if (area < minArea) {
            height += 1;
            width = (int) Math.rint(height * aspect);
            area = (double) width * height;
        }
        if (area > maxArea) {
            height -= 1;
            width = (int) Math.rint(height * aspect);
            area = (double) width * height;
        }
        if (area < minArea || area > maxArea || width > w || height > h || width <= 0 || height <= 0) {
            return null;
        }
        int y = height < h ? uniform.applyAsInt(h - height) : 0;
        int x = width < w ? uniform.applyAsInt(w - width) : 0;
        return new Window(y, x, height, width);
    }

    /** Draws a window of {@code src} ({@code h × w × c}) and resizes it into {@code dst} ({@code size² × c}). */
    public void apply(byte[] src, int h, int w, int c, byte[] dst, SplittableRandom rng, float[] tmp) {
        window(h, w, rng).resize(src, w, c, dst, size, tmp);
    }
}
