package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageEvaluationTest {

    @Test
    void rankCountsTheClassesScoringAtLeastAsHighAsTheLabel() {
        float[] z = {0.1f, 3f, 2f, 2f, -1f, 5f, 0f};
        assertThat(ImageEvaluation.rank(z, 0, 7, 5)).isZero();
        assertThat(ImageEvaluation.rank(z, 0, 7, 1)).isEqualTo(1);
        // a tie ranks the label after the other class
        assertThat(ImageEvaluation.rank(z, 0, 7, 2)).isEqualTo(3);
        assertThat(ImageEvaluation.rank(z, 0, 7, 4)).isEqualTo(6);
        // the second row of a batch
        assertThat(ImageEvaluation.rank(new float[] {9, 9, 1, 2, 3}, 2, 3, 2)).isZero();
    }

    @Test
    void aNanNeverCountsAsRight() {
        assertThat(ImageEvaluation.rank(new float[] {Float.NaN, 1f, 2f}, 0, 3, 0)).isEqualTo(2);
        assertThat(ImageEvaluation.rank(new float[] {Float.NaN, 1f, 2f}, 0, 3, 2)).isEqualTo(1);
    }
}
