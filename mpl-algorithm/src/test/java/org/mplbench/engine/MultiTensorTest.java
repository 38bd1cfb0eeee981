package org.mplbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultiTensorTest {

    /** 130 arrays of assorted shapes: more than the 60 a single MXNet kernel launch takes. */
    private static List<NDArray> arrays(NDManager m, int n) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(m.randomNormal(new Shape(1 + i % 7, 3 + i % 5)));
        }
        return out;
    }

    private static List<NDArray> copies(List<NDArray> arrays) {
        List<NDArray> out = new ArrayList<>();
        arrays.forEach(a -> out.add(a.duplicate()));
        return out;
    }

    @Test
    void axpbyUpdatesEveryArrayInPlaceAsItsOwnCoefficientsSay() {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(MultiTensor.applies(List.of(m.zeros(new Shape(1))))).as("MXNet only").isTrue();
            Engine.getInstance().setRandomSeed(7);
            int n = 130;
            List<NDArray> x = arrays(m, n);
            List<NDArray> y = arrays(m, n);
            List<NDArray> before = copies(x);
            double[] a = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = i % 3 == 0 ? 1 : 0.9 - i * 1e-3;
                b[i] = i % 3 == 0 ? 0 : -0.05 * (i % 4 + 1);
            }
            a[1] = 0; // a pure scaled copy
            MultiTensor.axpby(x, y, a, b);
            for (int i = 0; i < n; i++) {
                NDArray expected = before.get(i).mul(a[i]).add(y.get(i).mul(b[i]));
                assertThat(x.get(i).sub(expected).abs().max().getFloat()).as("array %d", i).isLessThan(1e-6f);
                if (b[i] == 0) {
                    assertThat(x.get(i).contentEquals(before.get(i))).as("untouched %d", i).isTrue();
                }
            }
        }
    }

    @Test
    void copyIsExactAndSumOfSquaresIsTheWholeSum() {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(MultiTensor.applies(List.of(m.zeros(new Shape(1))))).as("MXNet only").isTrue();
            Engine.getInstance().setRandomSeed(8);
            List<NDArray> from = arrays(m, 70);
            from.set(3, m.create(new float[] {1e8f, 1e-30f, -3.5f, Float.MIN_VALUE}));
            List<NDArray> to = new ArrayList<>();
            from.forEach(f -> to.add(m.zeros(f.getShape(), DataType.FLOAT32)));
            MultiTensor.copy(from, to);
            for (int i = 0; i < from.size(); i++) {
                assertThat(to.get(i).contentEquals(from.get(i))).as("array %d", i).isTrue();
            }
            List<NDArray> small = from.subList(10, 70);
            double expected = 0;
            for (NDArray a : small) {
                expected += a.toType(DataType.FLOAT64, true).square().sum().getDouble();
            }
            assertThat(MultiTensor.sumOfSquares(new NDList(small))).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
    }

    @Test
    void aZeroCoefficientOnYScalesXAndListsMustMatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(MultiTensor.applies(List.of(m.zeros(new Shape(1))))).as("MXNet only").isTrue();
            // a clipping factor of 0 (an infinite gradient norm) makes b = 0 with a != 1
            List<NDArray> x = List.of(m.create(new float[] {2, -4}), m.create(new float[] {1, 3}));
            List<NDArray> y = List.of(m.create(new float[] {100, 100}), m.create(new float[] {5, 5}));
            MultiTensor.axpby(x, y, new double[] {0.5, 1}, new double[] {0, 0.1});
            assertThat(x.get(0).toFloatArray()).containsExactly(1f, -2f);
            assertThat(x.get(1).toFloatArray()).containsExactly(1.5f, 3.5f);
            assertThatThrownBy(() -> MultiTensor.axpby(x, x, new double[] {1, 1}, new double[] {1}))
                    .hasMessageContaining("as many");
        }
    }

    @Test
    void float64AndEmptyListsStayOnThePerTensorPath() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThat(MultiTensor.applies(List.of(m.zeros(new Shape(2), DataType.FLOAT64)))).isFalse();
            assertThat(MultiTensor.applies(List.of())).isFalse();
        }
    }
}
