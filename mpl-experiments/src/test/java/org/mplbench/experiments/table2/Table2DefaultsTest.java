package org.mplbench.experiments.table2;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mplbench.data.DatasetLocator;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions.DataSource;

class Table2DefaultsTest {

    private static DatasetLocator locator(Path cache, Path system, boolean offline) {
        return DatasetLocator.builder().optCacheDir(cache).optSystemDir(system).optOffline(offline).build();
    }

    @Test
    void quickAndCpuRunFashionMnistWhenItIsInstalledOrCanBeDownloaded(@TempDir Path cache, @TempDir Path system)
            throws Exception {
        DatasetLocator offlineEmpty = locator(cache, system.resolve("absent"), true);
        assertThat(Table2Data.defaultSource(Profile.CPU, offlineEmpty)).isEqualTo(DataSource.SYNTHETIC);
        assertThat(Table2Data.defaultSource(Profile.QUICK, offlineEmpty)).isEqualTo(DataSource.SYNTHETIC);
        assertThat(Table2Data.defaultCells(Profile.CPU, DataSource.SYNTHETIC, offlineEmpty))
                .containsExactly(Table2Cell.CIFAR10_4K);
        // online: the runner tries the download first (and falls back, with a banner, only if it fails)
        DatasetLocator onlineEmpty = locator(cache, system.resolve("absent"), false);
        assertThat(Table2Data.defaultSource(Profile.CPU, onlineEmpty)).isEqualTo(DataSource.REAL);

        Table2RunnerSmokeTest.writeTinyFashionMnist(system, 10, 10);
        DatasetLocator installed = locator(cache, system, true);
        assertThat(Table2Data.defaultSource(Profile.CPU, installed)).isEqualTo(DataSource.REAL);
        assertThat(Table2Data.defaultSource(Profile.QUICK, installed)).isEqualTo(DataSource.REAL);
        assertThat(Table2Data.defaultSource(Profile.NIGHTLY, installed)).isEqualTo(DataSource.REAL);
        assertThat(Table2Data.defaultSource(Profile.SMOKE, installed)).isEqualTo(DataSource.SYNTHETIC);
        // smoke with -Ddata=real reads the CIFAR-10 files given (the tests' tiny ones); Fashion-MNIST by -Dcells
        assertThat(Table2Data.defaultCells(Profile.SMOKE, DataSource.REAL, installed))
                .containsExactly(Table2Cell.CIFAR10_4K);
        assertThat(Table2Data.defaultCells(Profile.CPU, DataSource.REAL, installed))
                .containsExactly(Table2Cell.FASHION_MNIST_1K);
        assertThat(Table2Data.defaultCells(Profile.QUICK, DataSource.REAL, installed))
                .containsExactly(Table2Cell.FASHION_MNIST_1K);
        assertThat(Table2Data.defaultCells(Profile.NIGHTLY, DataSource.REAL, installed))
                .containsExactly(Table2Cell.FASHION_MNIST_1K);
        assertThat(Table2Runner.defaultSeeds(Profile.QUICK)).containsExactly(0L);
        assertThat(Table2Runner.defaultMethods(Profile.QUICK))
                .containsExactly(Table2Method.SUPERVISED, Table2Method.UDA, Table2Method.MPL);
        assertThat(Table2Runner.defaultMethods(Profile.CPU)).containsExactlyElementsOf(Table2Method.table2());
    }

    @Test
    void cpuAddsTheCifarSizedCellsWhenTheirDataIsPresentAndPaperRunsThePapersCells(@TempDir Path cache,
            @TempDir Path system) throws Exception {
        Files.createDirectories(cache.resolve("cifar-10-batches-bin"));
        for (String f : new String[] {"train_32x32.mat", "extra_32x32.mat", "test_32x32.mat"}) {
            Files.writeString(cache.resolve(f), "");
        }
        Table2RunnerSmokeTest.writeTinyFashionMnist(system, 10, 10);
        DatasetLocator full = locator(cache, system, true);
        assertThat(Table2Data.defaultCells(Profile.CPU, DataSource.REAL, full))
                .containsExactly(Table2Cell.FASHION_MNIST_1K, Table2Cell.CIFAR10_4K, Table2Cell.SVHN_1K);
        assertThat(Table2Data.defaultSource(Profile.PAPER, full)).isEqualTo(DataSource.REAL);
        assertThat(Table2Data.defaultCells(Profile.PAPER, DataSource.REAL, full))
                .containsExactly(Table2Cell.CIFAR10_4K, Table2Cell.SVHN_1K, Table2Cell.IMAGENET_10PCT);
    }
}
