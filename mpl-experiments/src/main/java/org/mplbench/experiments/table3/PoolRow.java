package org.mplbench.experiments.table3;

import org.mplbench.experiments.table2.Table2Method;

/** A row of a table trained on ImageNet and an unlabeled pool (Tables 3 and 4): a method and how it uses the data. */
public interface PoolRow {

    /** The {@code -Dmethods} value and run directory name. */
    String id();

    String title();

    /** The method it trains (a registry entry, through Table 2's row names). */
    Table2Method method();

    /** The paper's row it is compared with in the table, or null. */
    String paperRow();

    /** Whether the row trains on the unlabeled pool (then it needs the filtering stage's manifest). */
    boolean usesPool();

    /** Whether the row reads the large teacher's stored outputs (Reduced MPL): the scorer row's model is that teacher. */
    default boolean needsLargeTeacher() {
        return false;
    }
}
