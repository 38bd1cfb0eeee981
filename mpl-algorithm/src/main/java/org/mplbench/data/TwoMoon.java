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

    public static Data generate(TwoMoonConfig config, long seed) {
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
        for (int moon = 0; moon < 2; moon++) {
            int[] chosen = firstOfPermutation(n, k, labelRng);
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
