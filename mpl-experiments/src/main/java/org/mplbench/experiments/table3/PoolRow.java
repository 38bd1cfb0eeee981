package org.mplbench.experiments.table3;

import org.mplbench.experiments.table2.Table2Method;

/**
 * A row of a table trained on ImageNet and an unlabeled pool (Tables 3 and 4): a method and how it uses the data.
 *
 * @param id the {@code -Dmethods} value and run directory name
 * @param title the row's title in the table
 * @param method the method it trains (a registry entry, through Table 2's row names)
 * @param paperRow the paper's row it is compared with in the table, or null
 * @param usesPool whether the row trains on the unlabeled pool (then it needs the filtering stage's manifest)
 * @param needsLargeTeacher whether the row reads the large teacher's stored outputs (Reduced MPL): the scorer
 *     row's model is that teacher
 */
public record PoolRow(String id, String title, Table2Method method, String paperRow, boolean usesPool,
        boolean needsLargeTeacher) {

    /** A row on the labeled set alone. */
    public static PoolRow labeledOnly(String id, String title, Table2Method method, String paperRow) {
        return new PoolRow(id, title, method, paperRow, false, false);
    }

    /** A row that also trains on the filtered pool. */
    public static PoolRow withPool(String id, String title, Table2Method method, String paperRow) {
        return new PoolRow(id, title, method, paperRow, true, false);
    }

    /** The paired-differences row of this one. */
    public org.mplbench.reports.PairedDifferences.Row paired() {
        return new org.mplbench.reports.PairedDifferences.Row(title, method.method(), method.variant());
    }
}
