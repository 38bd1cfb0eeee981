package org.mplbench.experiments.table2;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mplbench.config.ConfigException;
import org.mplbench.data.ConcatImages;
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SplitSpec;
import org.mplbench.data.SslSplit;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions.DataSource;
import org.mplbench.experiments.run.RunOptions.Evaluation;
import org.mplbench.experiments.run.RunOptions;

/**
 * Where a Table 2 cell's images come from: the profile's default data source and cells, the real data
 * sets or the synthetic stand-in, the cell's labeled/unlabeled split (drawn once, kept beside the
 * runs), and the evaluation set.
 */
final class Table2Data {

    private Table2Data() {}

    /** Seed of the synthetic images and of the labeled/unlabeled draw (separate from training seeds). */
    static final long DATA_SEED = 1;
    static final long SPLIT_SEED = 1;
    private static final long SPLIT_SALT = 0x3C6EF372FE94F82BL;

    /**
     * The split seed of a run: the table's one {@link #SPLIT_SEED}, or with {@code split_per_seed} one
     * derived from the run's seed, so that the spread over seeds includes the split's variance.
     */
    static long splitSeed(Budget budget, long runSeed) {
        return budget.splitPerSeed() ? org.mplbench.random.Seeds.mix(runSeed, 0, 0, SPLIT_SALT) : SPLIT_SEED;
    }

    /** The test set, or (-Devaluate=validation) the split's held-out labeled training images. */
    static ImageSet evaluationSet(RunOptions o, VisionData data, SslSplit split) {
        if (o.evaluate() == Evaluation.TEST) {
            return data.test();
        }
        if (split.validation().length == 0) {
            throw new ConfigException("-Devaluate", "validation needs a validation hold-out, and " + split.name()
                    + " has none");
        }
        return new org.mplbench.data.Subset(data.train(), split.validation());
    }

    /** A line for every further 5 MB of a download (Fashion-MNIST's training images are 26 MB). */
    static java.util.function.LongConsumer downloadReport() {
        long[] shown = {-1};
        return bytes -> {
            long step = bytes / (5L << 20);
            if (step != shown[0]) {
                shown[0] = step;
                System.out.printf(Locale.ROOT, "  downloaded %.1f MB%n", bytes / 1048576.0);
            }
        };
    }

    /** Printed, and put in the table's title, whenever a run trains on the synthetic stand-in. */
    static final String SYNTHETIC_BANNER = "*** SYNTHETIC STAND-IN DATA: this table trains on synthetic-cifar, not on real "
            + "images; its accuracies say nothing about the methods on real data. Install Fashion-MNIST "
            + "(apt-get install " + org.mplbench.data.FashionMnist.DEBIAN_PACKAGE + ") or pass -Ddata.fashion-mnist=<dir>. ***";

    /**
     * Smoke: synthetic. Quick, cpu: real (Fashion-MNIST, found or downloaded; the runner falls back to
     * the synthetic stand-in, with a banner, only when it can be neither). Nightly and paper: real.
     */
    static DataSource defaultSource(Profile p, DatasetLocator locator) {
        return switch (p) {
            case SMOKE -> DataSource.SYNTHETIC;
            case QUICK, CPU -> locator.present("fashion-mnist") || !locator.offline() ? DataSource.REAL
                    : DataSource.SYNTHETIC;
            case NIGHTLY, PAPER -> DataSource.REAL;
        };
    }

    /** One line on where a cell's images come from (printed at the start of the cell). */
    static String describeData(Table2Cell cell, VisionData data, DatasetLocator locator) {
        String where = data.synthetic() ? "synthetic stand-in (synthetic-cifar), NOT real images"
                : cell.dataset().equals("fashion-mnist") ? "Fashion-MNIST from " + locator.fashionMnistOrigin()
                        + (locator.verifies() ? ", checksums verified" : ", checksums NOT verified (-Ddata.verify=false)")
                : data.dataset() + " (real)";
        return where + "; " + data.train().size() + " training and " + data.test().size() + " test images of "
                + data.train().height() + "x" + data.train().width() + "x" + data.train().channels();
    }

    /** The network is built for the budget's side; the cell's images must have it (ImageNet is resized to it). */
    static void checkImageSize(Table2Cell cell, VisionData data, Budget budget) {
        if (cell != Table2Cell.IMAGENET_10PCT && data.train().height() != budget.imageSize()) {
            throw new ConfigException("-Dbudget.image_size", budget.imageSize() + " does not match " + cell.id()
                    + "'s " + data.train().height() + "x" + data.train().width() + " images");
        }
    }

    /**
     * On the stand-in: CIFAR-10-4K only (for SVHN-1K it would be the same images with fewer labels).
     * Smoke: CIFAR-10-4K. Quick, nightly: Fashion-MNIST-1K. Cpu: Fashion-MNIST-1K, plus CIFAR-10-4K and
     * SVHN-1K when their files are present. Paper: the paper's three.
     */
    static List<Table2Cell> defaultCells(Profile p, DataSource source, DatasetLocator locator) {
        if (source == DataSource.SYNTHETIC) {
            return List.of(Table2Cell.CIFAR10_4K);
        }
        return switch (p) {
            case SMOKE -> List.of(Table2Cell.CIFAR10_4K);
            case QUICK, NIGHTLY -> List.of(Table2Cell.FASHION_MNIST_1K);
            case CPU -> {
                List<Table2Cell> cells = new ArrayList<>(List.of(Table2Cell.FASHION_MNIST_1K));
                if (locator.present("cifar10")) {
                    cells.add(Table2Cell.CIFAR10_4K);
                }
                if (locator.present("svhn")) {
                    cells.add(Table2Cell.SVHN_1K);
                }
                yield List.copyOf(cells);
            }
            case PAPER -> Table2Cell.paperCells();
        };
    }

    /**
     * The cell's data: the real data set (located or downloaded), or the synthetic stand-in, whose
     * CIFAR-10-sized train set serves both CIFAR-sized cells (SVHN-1K then has no {@code extra}).
     */
    static VisionData load(Table2Cell cell, DataSource source, Budget budget, DatasetLocator locator) throws IOException {
        if (source == DataSource.SYNTHETIC) {
            if (cell != Table2Cell.CIFAR10_4K && cell != Table2Cell.SVHN_1K) {
                throw new ConfigException("-Ddata", cell.id() + " has no synthetic stand-in (synthetic-cifar stands in "
                        + "for the CIFAR-sized cells only); use -Ddata=real");
            }
            return SyntheticCifar.generate(DATA_SEED, budget.syntheticScale());
        }
        return switch (cell) {
            case CIFAR10_4K -> locator.cifar10();
            case SVHN_1K -> locator.svhn();
            case IMAGENET_10PCT -> locator.imagenet(budget.imageSize());
            case FASHION_MNIST_1K, FASHION_MNIST_4K -> locator.fashionMnist();
        };
    }

    /** What the cell's split draws in {@code profile} and the budget's variant. */
    static SplitSpec splitSpec(Table2Cell cell, Budget budget, Profile profile) {
        SplitSpec spec = cell.split();
        if (profile == Profile.SMOKE) {
            // the smoke budget's data sets are small (1,000 synthetic images, or the tests' tiny real files)
            spec = switch (cell) {
                case CIFAR10_4K -> spec.withLabeledPerClass(20, 10);
                case FASHION_MNIST_1K, FASHION_MNIST_4K -> spec.withLabeledPerClass(4, 2);
                default -> spec.withLabeledPerClass(10, 0);
            };
        }
        return spec.in(budget.split());
    }

    /**
     * The cell's split for {@code splitSeed} in the budget's variant, drawn once and kept as a label
     * map beside the runs (reloaded and checked later).
     */
    static SslSplit split(Table2Cell cell, VisionData data, Budget budget, Profile profile, Path out, long splitSeed)
            throws IOException {
        ImageSet images = data.extra() == null ? data.train() : new ConcatImages(data.dataset() + "-train+extra",
                List.of(data.train(), data.extra()));
        SplitSpec spec = splitSpec(cell, budget, profile);
        Path file = out.resolve("splits").resolve(cell.id() + "-" + data.dataset()
                + (budget.split() == SplitSpec.Variant.PAPER ? "" : "-" + org.mplbench.config.Check.spell(budget.split()))
                + (budget.splitPerSeed() ? "-seed" + splitSeed : "") + ".csv");
        if (Files.isRegularFile(file)) {
            SslSplit split = SslSplit.read(file, images);
            if (!split.name().equals(spec.name()) || split.splitSeed() != splitSeed) {
                throw new org.mplbench.data.DataFormatException(file.toString(), "holds split " + split.name()
                        + " drawn with seed " + split.splitSeed() + ", but this run needs " + spec.name() + " with seed "
                        + splitSeed + "; delete the file (and the runs that used it) to draw it again");
            }
            return split;
        }
        SslSplit split = SslSplit.draw(spec, images, data.train().size(), splitSeed);
        split.write(file, images);
        return split;
    }
}
