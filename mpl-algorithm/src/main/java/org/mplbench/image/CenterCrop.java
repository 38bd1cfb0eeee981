package org.mplbench.image;

import org.mplbench.config.Check;

/**
 * The official ImageNet evaluation view ({@code _decode_and_center_crop}): the centred square of side
 * {@code int(224/256 · min(h, w))}, offsets {@code (h − side + 1) // 2} and {@code (w − side + 1) // 2},
 * resized bicubically to {@code size × size} — for a 256-pixel short side, the centre 224 of 256.
 * The random crop falls back to it when it finds no window.
 */
public final class CenterCrop {

    /** The official code's padding: a crop of 224 / (224 + 32) of the short side. */
    static final double FRACTION = 224.0 / (224 + 32);

    private final int size;

    public CenterCrop(int size) {
        this.size = Check.closed("crop.size", size, 1, 1 << 14);
    }

    public int size() {
        return size;
    }

    /** The window of an {@code h × w} image. */
    public static Window window(int h, int w) {
        int side = Math.max(1, (int) (FRACTION * Math.min(h, w)));
        return new Window((h - side + 1) / 2, (w - side + 1) / 2, side, side);
    }

    /** Crops and resizes {@code src} ({@code h × w × c}) into {@code dst} ({@code size × size × c}). */
    public void apply(byte[] src, int h, int w, int c, byte[] dst) {
        window(h, w).resize(src, w, c, dst, size, new float[(int) Math.min(h, w) * size * c]);
    }

    /** A crop window: top row, left column, height, width. */
    public record Window(int y, int x, int height, int width) {

        /** This window of {@code src} (row length {@code sw}) resized to {@code size × size} into {@code dst}. */
        public void resize(byte[] src, int sw, int c, byte[] dst, int size, float[] tmp) {
            float[] t = tmp.length >= height * size * c ? tmp : new float[height * size * c];
            Resize.bicubic(src, sw, c, y, x, height, width, dst, size, size, t);
        }
    }
}
