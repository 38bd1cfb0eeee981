package org.mplbench.reports;

import java.util.Objects;

/**
 * Which run a result belongs to.
 *
 * @param table the paper artefact ({@code twomoon}, {@code 2}, ...)
 * @param cell the table cell, e.g. {@code cifar10-4k}
 * @param dataset the data set actually used (e.g. {@code twomoon}, {@code synthetic-cifar})
 * @param method method name ({@code supervised}, {@code pseudo-labels}, {@code mpl}, ...)
 * @param variant method variant ({@code default}, {@code paper}, {@code reference-code}, ...)
 * @param seed training seed
 * @param splitSeed seed of the data split (labeled/unlabeled draw)
 * @param profile budget profile ({@code smoke}, {@code cpu}, {@code paper})
 * @param dataSource {@code real} or {@code synthetic}
 */
public record RunId(
        String table,
        String cell,
        String dataset,
        String method,
        String variant,
        long seed,
        long splitSeed,
        String profile,
        String dataSource) {

    public RunId {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(cell, "cell");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(dataSource, "dataSource");
    }

    /** A file-name-safe key, e.g. {@code mpl-paper-seed3}. */
    public String fileKey() {
        return (cell + "-" + method + "-" + variant + "-seed" + seed).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
