package org.mplbench.experiments.table3;

import java.util.List;
import org.mplbench.experiments.table2.Table2Method;

/**
 * The rows of Table 3 this suite runs, each a Table 2 method on ResNet-50 with the unlabeled pool;
 * the paper's other rows are reference only.
 */
final class Table3Row {

    /** The standard ImageNet recipe: crop + flip on labeled images only; its model scores the pool. */
    static final PoolRow SUPERVISED = PoolRow.labeledOnly("supervised", "Supervised", Table2Method.SUPERVISED_WEAK,
            "supervised");
    static final PoolRow UDA = PoolRow.withPool("uda", "UDA", Table2Method.UDA, "uda");
    static final PoolRow MPL = PoolRow.withPool("mpl", "Meta Pseudo Labels (after finetuning)", Table2Method.MPL, "mpl");

    private Table3Row() {}

    static List<PoolRow> all() {
        return List.of(SUPERVISED, UDA, MPL);
    }
}
