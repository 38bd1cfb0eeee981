package org.mplbench.experiments.table2;

import org.mplbench.data.SplitSpec;

/** The columns of the paper's Table 2: a data set, its labeled split and the network. */
public enum Table2Cell {
    CIFAR10_4K("cifar10-4k", SplitSpec.CIFAR10_4K, "CIFAR-10-4K"),
    SVHN_1K("svhn-1k", SplitSpec.SVHN_1K, "SVHN-1K"),
    IMAGENET_10PCT("imagenet-10pct", SplitSpec.IMAGENET_10_PERCENT, "ImageNet-10%");

    private final String id;
    private final SplitSpec split;
    private final String title;

    Table2Cell(String id, SplitSpec split, String title) {
        this.id = id;
        this.split = split;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public SplitSpec split() {
        return split;
    }

    /** The paper's column title. */
    public String title() {
        return title;
    }

    public static Table2Cell of(String id) {
        for (Table2Cell c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new org.mplbench.config.ConfigException("-Dcells",
                "'" + id + "' is not one of: cifar10-4k, svhn-1k, imagenet-10pct");
    }
}
