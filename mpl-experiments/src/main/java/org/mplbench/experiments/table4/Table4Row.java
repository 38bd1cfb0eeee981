package org.mplbench.experiments.table4;

import java.util.List;
import org.mplbench.experiments.table2.Table2Method;
import org.mplbench.experiments.table3.PoolRow;

/**
 * The rows of Table 4 this suite runs: the student network trained supervised (whose model also scores
 * the pool and is Reduced MPL's large teacher), with Meta Pseudo Labels, and with Reduced MPL. The
 * paper's other rows are reference only.
 */
final class Table4Row {

    static final PoolRow SUPERVISED = PoolRow.labeledOnly("supervised", "Supervised", Table2Method.SUPERVISED_WEAK, null);
    static final PoolRow MPL = PoolRow.withPool("mpl", "Meta Pseudo Labels (after finetuning)", Table2Method.MPL,
            "mpl-efficientnet-l2");
    static final PoolRow REDUCED_MPL = new PoolRow("reduced-mpl", "Reduced Meta Pseudo Labels (after finetuning)",
            Table2Method.REDUCED_MPL, null, true, true);

    private Table4Row() {}

    static List<PoolRow> all() {
        return List.of(SUPERVISED, MPL, REDUCED_MPL);
    }
}
