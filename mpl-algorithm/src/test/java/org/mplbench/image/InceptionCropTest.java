package org.mplbench.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.mplbench.image.CenterCrop.Window;

class InceptionCropTest {

    /** Draws that return the given values in turn (each below its bound). */
    private static java.util.function.IntUnaryOperator draws(Integer... values) {
        Deque<Integer> q = new ArrayDeque<>(List.of(values));
        return n -> {
            int v = q.removeFirst();
            assertThat(v).isLessThan(n);
            return v;
        };
    }

    @Test
    void generatesAsTensorFlowsGenerateRandomCrop() {
        // 100×100, ratio 1: min height rint(√800) = 28, max rint(√10000) = 100; a draw of 0 keeps 28:
        // 28·28 = 784 < 800, so one row more: 29×29 = 841; offsets from [0, 71)
        assertThat(InceptionCrop.generate(100, 100, 0.08, 1, 1.0, draws(0, 5, 70)))
                .isEqualTo(new Window(5, 70, 29, 29));
        // the largest draw, 72 of [0, 73): 100×100, the whole image (offsets 0, no draw)
        assertThat(InceptionCrop.generate(100, 100, 0.08, 1, 1.0, draws(72))).isEqualTo(new Window(0, 0, 100, 100));
        // ratio 4/3 on 100 rows × 60 columns: max height from the width, int((60 + 0.5)/(4/3)) = 45
        // (rint(45·4/3) = 60); min rint(√(480/(4/3))) = 19; a draw of 26 of [0, 27) gives 45 × 60
        assertThat(InceptionCrop.generate(100, 60, 0.08, 1, 4.0 / 3, draws(26, 3))).isEqualTo(new Window(3, 0, 45, 60));
    }

    @Test
    void noWindowWhenTheRatioCannotReachTheArea() {
        // 10 rows × 1,000 columns: an area of 800 at ratio 1 needs 28 rows
        assertThat(InceptionCrop.generate(10, 1000, 0.08, 1, 1.0, draws())).isNull();
    }

    @Test
    void fallsBackToTheCentreCropWhenNoAttemptSucceeds() {
        assertThat(InceptionCrop.window(10, 1000, new SplittableRandom(1))).isEqualTo(CenterCrop.window(10, 1000));
    }

    @Test
    void windowsStayInsideCoverAtLeastATenthAndKeepTheirRatio() {
        SplittableRandom rng = new SplittableRandom(7);
        int fallbacks = 0;
        for (int i = 0; i < 20_000; i++) {
            Window c = InceptionCrop.window(375, 500, rng);
            assertThat(c.y()).isBetween(0, 375 - c.height());
            assertThat(c.x()).isBetween(0, 500 - c.width());
            if (c.equals(CenterCrop.window(375, 500))) {
                fallbacks++;
                continue;
            }
            assertThat((double) c.height() * c.width()).isGreaterThanOrEqualTo(0.1 * 375 * 500);
            // the width is rounded from height · ratio, ratio in [3/4, 4/3]
            assertThat(c.width()).isBetween((int) Math.floor(c.height() * 0.75) - 1, (int) Math.ceil(c.height() * 4 / 3.0) + 1);
        }
        // on a 4:3 photograph nearly every draw succeeds at the first attempts
        assertThat(fallbacks).isLessThan(200);
    }

    @Test
    void sameStreamSameCrop() {
        byte[] src = new byte[60 * 80 * 3];
        new SplittableRandom(3).nextBytes(src);
        byte[] a = new byte[32 * 32 * 3];
        byte[] b = new byte[32 * 32 * 3];
        InceptionCrop crop = new InceptionCrop(32);
        crop.apply(src, 60, 80, 3, a, new SplittableRandom(11), new float[0]);
        crop.apply(src, 60, 80, 3, b, new SplittableRandom(11), new float[0]);
        assertThat(a).isEqualTo(b);
    }
}
