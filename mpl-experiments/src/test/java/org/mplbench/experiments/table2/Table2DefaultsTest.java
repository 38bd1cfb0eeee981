package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.DatasetLocator;
import org.mplbench.experiments.Profile;
import org.mplbench.experiments.RunOptions.DataSource;

class Table2DefaultsTest {

    @Test
    void cpuUsesRealDataWhenItIsPresentAndSyntheticOtherwise(@TempDir Path cache) throws Exception {
        DatasetLocator empty = DatasetLocator.builder().optCacheDir(cache).optOffline(true).build();
        assertThat(Table2Runner.defaultSource(Profile.CPU, empty)).isEqualTo(DataSource.SYNTHETIC);
        assertThat(Table2Runner.defaultCells(Profile.CPU, DataSource.SYNTHETIC, empty)).containsExactly(Table2Cell.CIFAR10_4K);
        assertThat(Table2Runner.defaultSource(Profile.PAPER, empty)).isEqualTo(DataSource.REAL);
        assertThat(Table2Runner.defaultCells(Profile.PAPER, DataSource.REAL, empty)).containsExactly(Table2Cell.values());

        Files.createDirectories(cache.resolve("cifar-10-batches-bin"));
        for (String f : new String[] {"train_32x32.mat", "extra_32x32.mat", "test_32x32.mat"}) {
            Files.writeString(cache.resolve(f), "");
        }
        DatasetLocator full = DatasetLocator.builder().optCacheDir(cache).optOffline(true).build();
        assertThat(Table2Runner.defaultSource(Profile.CPU, full)).isEqualTo(DataSource.REAL);
        assertThat(Table2Runner.defaultCells(Profile.CPU, DataSource.REAL, full))
                .containsExactly(Table2Cell.CIFAR10_4K, Table2Cell.SVHN_1K);
        assertThat(Table2Runner.defaultSource(Profile.SMOKE, full)).isEqualTo(DataSource.SYNTHETIC);
    }
}
