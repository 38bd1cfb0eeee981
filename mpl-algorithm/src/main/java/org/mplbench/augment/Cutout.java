package org.mplbench.augment;

/** The two codes' Cutout placements, with the random draws made explicit. */
public final class Cutout {

    private Cutout() {}

    /**
     * Official (TF): centre (cy, cx) drawn as integers in [0, h) × [0, w); the square
     * [cy − pad, cy + pad) × [cx − pad, cx + pad), clipped to the image, gets {@code fill}.
     */
    public static void centred(byte[] img, int h, int w, int c, int cy, int cx, int pad, int fill) {
        Ops.fillRect(img, h, w, c, cx - pad, cy - pad, cx + pad, cy + pad, fill);
    }

    /**
     * Reference code (PIL): x0 = int(max(0, u·w − v/2)), x1 = int(min(w, x0 + v)) and likewise for y,
     * with u uniform in [0, 1); PIL's rectangle includes both corners, so up to (v+1)² pixels.
     */
    public static void cornered(byte[] img, int h, int w, int c, double ux, double uy, int v, int fill) {
        int x0 = (int) Math.max(0, ux * w - v / 2.0);
        int y0 = (int) Math.max(0, uy * h - v / 2.0);
        int x1 = (int) Math.min(w, x0 + v);
        int y1 = (int) Math.min(h, y0 + v);
        Ops.fillRect(img, h, w, c, x0, y0, x1 + 1, y1 + 1, fill);
    }
}
