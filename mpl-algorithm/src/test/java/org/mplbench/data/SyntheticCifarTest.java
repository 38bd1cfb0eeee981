package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticCifarTest {

    private static byte[] pixels(ImageSet s) {
        byte[] all = new byte[s.size() * s.imageBytes()];
        for (int i = 0; i < s.size(); i++) {
            s.read(i, all, i * s.imageBytes());
        }
        return all;
    }

    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        byte[] a = pixels(SyntheticCifar.images(4, 0, 50));
        assertThat(pixels(SyntheticCifar.images(4, 0, 50))).isEqualTo(a);
        assertThat(pixels(SyntheticCifar.images(5, 0, 50))).isNotEqualTo(a);
        assertThat(pixels(SyntheticCifar.images(4, 1, 50))).as("train and test differ").isNotEqualTo(a);
        // image i does not depend on how many are generated
        byte[] b = pixels(SyntheticCifar.images(4, 0, 20));
        assertThat(java.util.Arrays.copyOf(a, b.length)).isEqualTo(b);
    }

    @Test
    void cifarSizesBalancedClassesAndAScaleFactor() {
        VisionData d = SyntheticCifar.generate(1, 0.01);
        assertThat(d.train().size()).isEqualTo(500);
        assertThat(d.test().size()).isEqualTo(100);
        assertThat(d.synthetic()).isTrue();
        assertThat(d.dataset()).isEqualTo("synthetic-cifar");
        assertThat(SslSplit.classCounts(java.util.stream.IntStream.range(0, 500).toArray(), d.train()))
                .containsOnly(50);
        assertThat(d.train().height()).isEqualTo(32);
        assertThat(d.train().classes()).isEqualTo(10);
    }

    @Test
    void everyClassShapeCoversSomethingAndShapesDiffer() {
        int n = 64;
        boolean[][] masks = new boolean[10][n * n];
        for (int c = 0; c < 10; c++) {
            int covered = 0;
            for (int i = 0; i < n * n; i++) {
                double u = (i % n) / (n / 2.0) - 1;
                double v = (i / n) / (n / 2.0) - 1;
                masks[c][i] = SyntheticCifar.inside(c, u * 1.2, v * 1.2, 0);
                covered += masks[c][i] ? 1 : 0;
            }
            assertThat(covered).as("class %d area", c).isBetween(n * n / 20, n * n * 3 / 4);
        }
        for (int a = 0; a < 10; a++) {
            for (int b = a + 1; b < 10; b++) {
                assertThat(masks[a]).as("classes %d and %d", a, b).isNotEqualTo(masks[b]);
            }
        }
    }
}
