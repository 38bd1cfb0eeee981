package org.mplbench.ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;
import org.mplbench.engine.Autograd;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.Losses.Target;

class MicroBatchesTest {

    @Test
    void partsAreConsecutiveEqualRowsInTheirOwnScope() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(12f).reshape(6, 2);
            MicroBatches three = MicroBatches.of(3);
            List<float[]> rows = new ArrayList<>();
            three.forEach(m, (i, part) -> {
                NDArray p = three.part(x, i, part);
                assertThat(p.getManager()).isSameAs(part);
                rows.add(p.toFloatArray());
            });
            assertThat(rows).containsExactly(new float[] {0, 1, 2, 3}, new float[] {4, 5, 6, 7}, new float[] {8, 9, 10, 11});
            assertThat(MicroBatches.ONE.part(x, 0, m)).isSameAs(x);
        }
    }

    @Test
    void unequalMicroBatchesAreRefusedNamingTheBatch() {
        assertThatThrownBy(() -> MicroBatches.of(4).check("unlabeled images", 30))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("4 does not divide the 30 unlabeled images of a step");
        assertThatThrownBy(() -> MicroBatches.of(0)).isInstanceOf(ConfigException.class);
    }

    @Test
    void splitTargetsAverageToTheWholeTarget() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.randomNormal(new Shape(8, 3), DataType.FLOAT64);
            Target y = Target.ofLabels(m.create(new int[] {0, 1, 2, 0, 1, 2, 0, 1}), 3, DataType.FLOAT64, 0.1);
            List<Target> parts = MicroBatches.of(4).split(y);
            double mean = 0;
            for (int i = 0; i < 4; i++) {
                mean += parts.get(i).loss(logits.split(4).get(i)).getDouble() / 4;
            }
            assertThat(mean).isCloseTo(y.loss(logits).getDouble(), within(1e-14));
        }
    }

    @Test
    void summedGradientsAreTheWholeBatchGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(3);
            Network net = Network.create(Mlp.builder().optHidden(5).setOutputs(3).optInitRange(1).build(), m,
                    DataType.FLOAT64, new Shape(1, 2));
            NDArray x = m.randomNormal(new Shape(6, 2), DataType.FLOAT64);
            NDArray y = m.create(new int[] {0, 1, 2, 2, 1, 0});
            double[][] whole = gradients(net, x, y, MicroBatches.ONE, m);
            double[][] parts = gradients(net, x, y, MicroBatches.of(3), m);
            for (int i = 0; i < whole.length; i++) {
                assertThat(parts[i]).containsExactly(whole[i], within(1e-14));
            }
            MicroBatches.GradientSum early = MicroBatches.of(3).gradients(net, m);
            assertThatThrownBy(early::finish).isInstanceOf(IllegalStateException.class).hasMessage("0 of 3 micro-batches done");
        }
    }

    private static double[][] gradients(Network net, NDArray x, NDArray y, MicroBatches micro, NDManager m) {
        MicroBatches.GradientSum sum = micro.gradients(net, m);
        micro.forEach(m, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                sum.backward(gc, Losses.crossEntropy(net.forward(micro.part(x, i, part), true), micro.part(y, i, part)));
            }
        });
        sum.finish();
        return net.gradients(m).stream().map(NDArray::toDoubleArray).toArray(double[][]::new);
    }
}
