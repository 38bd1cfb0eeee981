package org.mplbench.data;

import java.util.SplittableRandom;

/**
 * Generates the TwoMoon data set, fully determined by {@code (config, seed)}.
 *
 * <p>Class 0 is the upper moon, class 1 the lower moon. Points are stored row-major as
 * {@code [x0, y0, x1, y1, ...]}; the first {@code pointsPerMoon} points are moon 0.
 */
public final class TwoMoon {

    private TwoMoon() {}

    /** The training set (labeled + unlabeled points) and a fresh held-out sample. */
    public record Data(PointSet all, int[] labeledIndex, int[] unlabeledIndex, PointSet test) {

        public PointSet labeled() {
            return all.subset(labeledIndex);
        }

        public PointSet unlabeled() {
            return all.subset(unlabeledIndex);
        }
    }

    /**
     * Points with their true moon. {@code xy} has {@code 2·size()} entries.
     */
    public record PointSet(float[] xy, int[] label) {

        public PointSet {
            if (xy.length != 2 * label.length) {
                throw new IllegalArgumentException(
                        "xy has " + xy.length + " values for " + label.length + " labels");
            }
        }

        public int size() {
            return label.length;
        }

        public PointSet subset(int[] index) {
            float[] sxy = new float[2 * index.length];
            int[] sl = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                sxy[2 * i] = xy[2 * index[i]];
                sxy[2 * i + 1] = xy[2 * index[i] + 1];
                sl[i] = label[index[i]];
            }
            return new PointSet(sxy, sl);
        }
    }

    /**
     * The six labeled points of the paper's Figure 2, read off the figure in these coordinates (an
     * estimate): moon 0 (upper, red) at (−0.90, 0.24), (0.54, 0.94), (0.91, 0.03); moon 1 (lower, green)
     * two near (0.78, −0.43) and one at (1.72, 0.20). Per moon: x0, y0, x1, y1, ...
     */
    public static final float[][] FIGURE_STARS = {
        {-0.90f, 0.24f, 0.54f, 0.94f, 0.91f, 0.03f},
        {0.78f, -0.43f, 0.78f, -0.43f, 1.72f, 0.20f},
    };

    public static Data generate(TwoMoonConfig config, long seed) {
        return generate(config, seed, null);
    }

    /**
     * As {@link #generate(TwoMoonConfig, long)}, but with {@code stars} (per moon, as
     * {@link #FIGURE_STARS}) the labeled points are the moon's training points nearest to them, each
     * star taking the nearest point not taken yet; null: drawn at random. The points themselves are the
     * same either way.
     */
    public static Data generate(TwoMoonConfig config, long seed, float[][] stars) {
        SplittableRandom root = new SplittableRandom(seed);
        // Independent streams: changing the test size never changes the training points.
        SplittableRandom trainRng = root.split();
        SplittableRandom labelRng = root.split();
        SplittableRandom testRng = root.split();

        PointSet all = sample(config.pointsPerMoon(), config.noise(), trainRng);
        PointSet test = sample(config.testPointsPerMoon(), config.noise(), testRng);

        int n = config.pointsPerMoon();
        int k = config.labeledPerMoon();
        int[] labeled = new int[2 * k];
        boolean[] isLabeled = new boolean[2 * n];
        if (stars != null && (stars.length != 2 || stars[0].length != 2 * k || stars[1].length != 2 * k)) {
            throw new IllegalArgumentException("stars: need " + k + " points per moon for " + k + " labels per moon");
        }
        for (int moon = 0; moon < 2; moon++) {
            int[] chosen = stars == null ? firstOfPermutation(n, k, labelRng) : nearest(all, moon * n, n, stars[moon]);
            for (int j = 0; j < k; j++) {
                int idx = moon * n + chosen[j];
                labeled[moon * k + j] = idx;
                isLabeled[idx] = true;
            }
        }
        int[] unlabeled = new int[2 * n - 2 * k];
        for (int i = 0, u = 0; i < 2 * n; i++) {
            if (!isLabeled[i]) {
                unlabeled[u++] = i;
            }
        }
        return new Data(all, labeled, unlabeled, test);
    }

    private static PointSet sample(int perMoon, double noise, SplittableRandom rng) {
        float[] xy = new float[4 * perMoon];
        int[] label = new int[2 * perMoon];
        for (int moon = 0; moon < 2; moon++) {
            for (int j = 0; j < perMoon; j++) {
                int i = moon * perMoon + j;
                double t = Math.PI * rng.nextDouble();
                double x = moon == 0 ? Math.cos(t) : 1.0 - Math.cos(t);
                double y = moon == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
                xy[2 * i] = (float) (x + noise * rng.nextGaussian());
                xy[2 * i + 1] = (float) (y + noise * rng.nextGaussian());
                label[i] = moon;
            }
        }
        return new PointSet(xy, label);
    }

    /** For each star in turn, the index (within the moon) of the nearest point of {@code [from, from + n)} not taken. */
    private static int[] nearest(PointSet all, int from, int n, float[] stars) {
        int[] chosen = new int[stars.length / 2];
        boolean[] taken = new boolean[n];
        for (int s = 0; s < chosen.length; s++) {
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int j = 0; j < n; j++) {
                double dx = all.xy()[2 * (from + j)] - stars[2 * s];
                double dy = all.xy()[2 * (from + j) + 1] - stars[2 * s + 1];
                double d = dx * dx + dy * dy;
                if (!taken[j] && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            taken[best] = true;
            chosen[s] = best;
        }
        return chosen;
    }

    /** The first {@code k} entries of a uniform random permutation of {@code 0..n-1} (partial Fisher-Yates). */
    private static int[] firstOfPermutation(int n, int k, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return java.util.Arrays.copyOf(p, k);
    }
}
