package org.mplbench.experiments.table2;

import java.util.List;
import org.mplbench.config.ConfigException;
import org.mplbench.data.SplitSpec;

/**
 * The columns of Table 2: a data set, its labeled split and the network. The first three are the
 * paper's; the Fashion-MNIST cells are this suite's, the real images a CPU can train on.
 */
public enum Table2Cell {
    CIFAR10_4K("cifar10-4k", "cifar10", SplitSpec.CIFAR10_4K, "CIFAR-10-4K", 10, 3),
    SVHN_1K("svhn-1k", "svhn", SplitSpec.SVHN_1K, "SVHN-1K", 10, 3),
    IMAGENET_10PCT("imagenet-10pct", "imagenet", SplitSpec.IMAGENET_10_PERCENT, "ImageNet-10%", 1000, 3),
    FASHION_MNIST_4K("fashion-mnist-4k", "fashion-mnist", SplitSpec.FASHION_MNIST_4K, "Fashion-MNIST-4K", 10, 1),
    FASHION_MNIST_1K("fashion-mnist-1k", "fashion-mnist", SplitSpec.FASHION_MNIST_1K, "Fashion-MNIST-1K", 10, 1);

    private final String id;
    private final String dataset;
    private final SplitSpec split;
    private final String title;
    private final int classes;
    private final int channels;

    Table2Cell(String id, String dataset, SplitSpec split, String title, int classes, int channels) {
        this.id = id;
        this.dataset = dataset;
        this.split = split;
        this.title = title;
        this.classes = classes;
        this.channels = channels;
    }

    /** Classes of the cell's data set. */
    public int classes() {
        return classes;
    }

    /** Whether runs measure top-5 accuracy too, as the paper reports it (ImageNet-10%). */
    public boolean reportsTop5() {
        return this == IMAGENET_10PCT;
    }

    /** Channels of the cell's images. */
    public int channels() {
        return channels;
    }

    public String id() {
        return id;
    }

    /** The real data set's name for {@code DatasetLocator}. */
    public String dataset() {
        return dataset;
    }

    /** Whether the cell trains on Fashion-MNIST (this suite's CPU-sized cells). */
    public boolean fashionMnist() {
        return dataset.equals("fashion-mnist");
    }

    public SplitSpec split() {
        return split;
    }

    /** The column title. */
    public String title() {
        return title;
    }

    /** The paper's cells (the Fashion-MNIST ones are this suite's own). */
    public static List<Table2Cell> paperCells() {
        return List.of(CIFAR10_4K, SVHN_1K, IMAGENET_10PCT);
    }

    public static Table2Cell of(String id) {
        for (Table2Cell c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new ConfigException("-Dcells", "'" + id + "' is not one of: "
                + String.join(", ", java.util.Arrays.stream(values()).map(Table2Cell::id).toList()));
    }
}
