package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.experiments.run.Profile;

class Table2StepsTest {

    @Test
    void stepsEveryRowOfTheFashionMnistCellOnTheRealFormatAndRefusesMissingData(@TempDir Path fm, @TempDir Path empty)
            throws Exception {
        Table2RunnerSmokeTest.writeTinyFashionMnist(fm, 300, 100);
        Properties saved = (Properties) System.getProperties().clone();
        try {
            System.setProperty("data.fashion-mnist", fm.toString());
            System.setProperty("data.verify", "false");
            for (Table2Method row : new Table2Method[] {Table2Method.SUPERVISED, Table2Method.PSEUDO_LABELS,
                    Table2Method.UDA, Table2Method.MPL}) {
                try (Table2Steps t = Table2Steps.open(Profile.SMOKE, Table2Cell.FASHION_MNIST_1K, row, 1)) {
                    assertThat(t.data()).isEqualTo("fashion-mnist");
                    assertThat(t.budget()).isEqualTo(Budget.of(Profile.SMOKE, Table2Cell.FASHION_MNIST_1K));
                    long first = row == Table2Method.PSEUDO_LABELS ? t.budget().steps() : 0;
                    t.step(first);
                    t.step(first + 1);
                    boolean unlabeled = row != Table2Method.SUPERVISED;
                    assertThat(t.examplesPerStep(unlabeled)).isEqualTo(t.budget().labeledBatch()
                            + (unlabeled ? 2 * t.budget().unlabeledBatch() : 0));
                    assertThat(t.stepFlops(first + 2, unlabeled)).as(row.id()).isPositive();
                }
            }
            System.setProperty("data.fashion-mnist", empty.toString());
            System.setProperty("data.offline", "true");
            assertThatThrownBy(() -> Table2Steps.open(Profile.SMOKE, Table2Cell.FASHION_MNIST_1K, Table2Method.MPL, 1))
                    .hasMessageContaining(empty.toString());
        } finally {
            System.setProperties(saved);
        }
    }
}
