package org.mplbench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayCopyTest {

    private static final float[] VALUES = {1, 2, 3, 4, 5, 6, 7, 8};

    /** A collection, then freed memory of the copy's size taken and filled with NaN. */
    private static List<ByteBuffer> collectAndReuse() throws InterruptedException {
        System.gc();
        Thread.sleep(20);
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            ByteBuffer b = ByteBuffer.allocateDirect(VALUES.length * 4).order(ByteOrder.nativeOrder());
            for (int i = 0; i < VALUES.length; i++) {
                b.putFloat(4 * i, Float.NaN);
            }
            reuse.add(b);
        }
        return reuse;
    }

    /**
     * A gradient is reached through a new handle on every request; the copy must outlive that
     * handle. With DJL's {@code copyTo} on PyTorch it lived in the handle's Java buffer and read back
     * as NaN once the handle was gone and its memory reused.
     */
    @Test
    void aCopyIntoAGradientOutlivesTheHandleItWasWrittenThrough() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.zeros(new Shape(VALUES.length));
            x.setRequiresGradient(true);
            try (ai.djl.training.GradientCollector gc = Autograd.record()) {
                gc.backward(x.sum()); // the gradient buffer exists from the first backward on
            }
            try (NDArray g = x.getGradient()) {
                ArrayCopy.into(m.create(VALUES), g);
            }
            List<ByteBuffer> reuse = collectAndReuse();
            try (NDArray g = x.getGradient()) {
                assertThat(g.toFloatArray()).containsExactly(VALUES);
            }
            assertThat(reuse).hasSize(200);
        }
    }

    @Test
    void theTargetKeepsItsShapeTypeAndIdentityAndTheSourceIsUntouched() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray source = m.create(VALUES, new Shape(2, 4));
            NDArray target = m.zeros(new Shape(2, 4));
            ArrayCopy.into(source, target);
            source.addi(1);
            assertThat(target.toFloatArray()).containsExactly(VALUES);
            assertThat(target.getShape()).isEqualTo(new Shape(2, 4));
        }
    }
}
