package org.mplbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    /**
     * Between forward and backward: a collection, then many small direct buffers filled with NaN,
     * which take the place of any freed one. Before {@link Scalars}, DJL's own {@code x.mul(3)} gave
     * a gradient of −8.9·10³² here on the PyTorch engine.
     */
    @Test
    void gradientsThroughAScalarSurviveACollectionBetweenForwardAndBackward() throws Exception {
        List<ByteBuffer> reuse = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(8));
            x.setRequiresGradient(true);
            for (int it = 0; it < 5; it++) {
                try (NDManager step = m.newSubManager()) {
                    NDArray g;
                    try (GradientCollector gc = Autograd.record()) {
                        NDArray loss = Scalars.div(Scalars.mul(x.sum(), 3), 0.5);
                        loss.attach(step);
                        System.gc();
                        Thread.sleep(20);
                        for (int k = 0; k < 200; k++) {
                            reuse.add(ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putDouble(0, Double.NaN));
                        }
                        gc.backward(loss);
                    }
                    g = x.getGradient();
                    g.attach(step);
                    assertThat(g.toFloatArray()).as("iteration %d", it).containsOnly(6f);
                    g.muli(0);
                }
            }
        }
    }

    @Test
    void valuesAndTypesAreThoseOfTheEnginesOwnScalarArithmetic() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(new float[] {1.5f, -2f, 3f});
            assertThat(Scalars.mul(x, 0.1).toFloatArray()).containsExactly(x.mul(0.1).toFloatArray());
            assertThat(Scalars.div(x, 3).toFloatArray()).containsExactly(x.div(3.0).toFloatArray());
            assertThat(Scalars.mul(x, 2).getDataType()).isEqualTo(DataType.FLOAT32);
            NDArray d = m.create(new double[] {1.0 / 3});
            assertThat(Scalars.mul(d, 0.1).toDoubleArray()).containsExactly(d.mul(0.1).toDoubleArray());
        }
    }
}
