package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;

class TwoMoonTest {

    @Test
    void paperSizesAndLabeledSplit() {
        TwoMoon.Data d = TwoMoon.generate(TwoMoonConfig.paper(), 7);
        assertThat(d.all().size()).isEqualTo(2000);
        assertThat(d.test().size()).isEqualTo(2000);
        assertThat(d.labeledIndex()).hasSize(6);
        assertThat(d.unlabeledIndex()).hasSize(1994);
        // 3 labeled points per moon, and labeled ∪ unlabeled is every point exactly once.
        assertThat(Arrays.stream(d.labeled().label()).filter(l -> l == 0).count()).isEqualTo(3);
        assertThat(Arrays.stream(d.labeled().label()).filter(l -> l == 1).count()).isEqualTo(3);
        int[] all = new int[2000];
        for (int i : d.labeledIndex()) {
            all[i]++;
        }
        for (int i : d.unlabeledIndex()) {
            all[i]++;
        }
        assertThat(all).containsOnly(1);
        assertThat(Arrays.stream(d.all().label()).sum()).isEqualTo(1000);
    }

    @Test
    void withoutNoiseThePointsLieOnTheTwoArcs() {
        TwoMoon.Data d = TwoMoon.generate(new TwoMoonConfig(50, 2, 0.0, 50), 3);
        float[] xy = d.all().xy();
        for (int i = 0; i < 100; i++) {
            double x = xy[2 * i];
            double y = xy[2 * i + 1];
            if (d.all().label()[i] == 0) {
                assertThat(x * x + y * y).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(y).isGreaterThanOrEqualTo(0);
            } else {
                assertThat((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
                assertThat(y).isLessThanOrEqualTo(0.5 + 1e-6);
            }
        }
    }

    @Test
    void determinedBySeed() {
        TwoMoon.Data a = TwoMoon.generate(TwoMoonConfig.paper(), 11);
        TwoMoon.Data b = TwoMoon.generate(TwoMoonConfig.paper(), 11);
        TwoMoon.Data c = TwoMoon.generate(TwoMoonConfig.paper(), 12);
        assertThat(a.all().xy()).isEqualTo(b.all().xy());
        assertThat(a.labeledIndex()).isEqualTo(b.labeledIndex());
        assertThat(a.test().xy()).isEqualTo(b.test().xy());
        assertThat(a.all().xy()).isNotEqualTo(c.all().xy());
        assertThat(a.test().xy()).isNotEqualTo(a.all().xy());
    }

    @Test
    void noiseIsTheDocumentedStandardDeviation() {
        TwoMoon.Data d = TwoMoon.generate(new TwoMoonConfig(20000, 1, 0.3, 1), 5);
        TwoMoon.Data clean = TwoMoon.generate(new TwoMoonConfig(20000, 1, 0.0, 1), 5);
        // Same stream, so the noise is the difference of the x coordinates... except the Gaussian
        // draws are interleaved with the angles; compare the radial spread of moon 0 instead.
        double sum = 0;
        double sumSq = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            double r = Math.hypot(d.all().xy()[2 * i], d.all().xy()[2 * i + 1]) - 1;
            sum += r;
            sumSq += r * r;
        }
        double std = Math.sqrt(sumSq / n - (sum / n) * (sum / n));
        assertThat(std).isBetween(0.27, 0.33);
        assertThat(clean.all().size()).isEqualTo(d.all().size());
    }

    @Test
    void theFigureStarsLabelTheNearestPointsOfEachMoon() {
        TwoMoonConfig c = TwoMoonConfig.paper();
        TwoMoon.Data random = TwoMoon.generate(c, 4);
        TwoMoon.Data stars = TwoMoon.generate(c, 4, TwoMoon.FIGURE_STARS);
        assertThat(stars.all().xy()).containsExactly(random.all().xy());
        assertThat(stars.test().xy()).containsExactly(random.test().xy());
        int[] l = stars.labeledIndex();
        assertThat(l).doesNotHaveDuplicates().hasSize(6);
        for (int j = 0; j < 6; j++) {
            int moon = j / 3;
            float[] star = TwoMoon.FIGURE_STARS[moon];
            int s = j % 3;
            assertThat(stars.all().label()[l[j]]).isEqualTo(moon);
            double d = dist(stars.all().xy(), l[j], star[2 * s], star[2 * s + 1]);
            // no untaken point of the same moon is nearer to the star
            for (int i = moon * 1000; i < moon * 1000 + 1000; i++) {
                final int idx = i;
                boolean takenEarlier = java.util.Arrays.stream(l, moon * 3, j).anyMatch(x -> x == idx);
                if (!takenEarlier) {
                    assertThat(dist(stars.all().xy(), i, star[2 * s], star[2 * s + 1])).isGreaterThanOrEqualTo(d);
                }
            }
        }
        // the two stars at the same place take two different points
        assertThat(l[3]).isNotEqualTo(l[4]);
    }

    private static double dist(float[] xy, int i, float x, float y) {
        double dx = xy[2 * i] - x;
        double dy = xy[2 * i + 1] - y;
        return dx * dx + dy * dy;
    }

    @Test
    void invalidConfigNamesTheField() {
        assertThatThrownBy(() -> new TwoMoonConfig(1000, 0, 0.1, 1000))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("twomoon.labeled_per_moon")
                .hasMessageContaining("[1, 1000]");
        assertThatThrownBy(() -> new TwoMoonConfig(1000, 3, -0.1, 1000))
                .hasMessageContaining("twomoon.noise")
                .hasMessageContaining("[0, 10]");
    }
}
