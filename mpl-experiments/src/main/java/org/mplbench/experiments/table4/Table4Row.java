package org.mplbench.experiments.table4;

import java.util.List;
import org.mplbench.experiments.table2.Table2Method;
import org.mplbench.experiments.table3.PoolRow;

/**
 * The rows of Table 4 this suite runs: the student network trained supervised (whose model also scores
 * the pool and is Reduced MPL's large teacher), with Meta Pseudo Labels, and with Reduced MPL. The
 * paper's other rows are reference only.
 */
enum Table4Row implements PoolRow {
    SUPERVISED("supervised", "Supervised", Table2Method.SUPERVISED_WEAK, null),
    MPL("mpl", "Meta Pseudo Labels (after finetuning)", Table2Method.MPL, "mpl-efficientnet-l2"),
    REDUCED_MPL("reduced-mpl", "Reduced Meta Pseudo Labels (after finetuning)", Table2Method.REDUCED_MPL, null);

    private final String id;
    private final String title;
    private final Table2Method method;
    private final String paperRow;

    Table4Row(String id, String title, Table2Method method, String paperRow) {
        this.id = id;
        this.title = title;
        this.method = method;
        this.paperRow = paperRow;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public Table2Method method() {
        return method;
    }

    @Override
    public String paperRow() {
        return paperRow;
    }

    @Override
    public boolean usesPool() {
        return this != SUPERVISED;
    }

    @Override
    public boolean needsLargeTeacher() {
        return this == REDUCED_MPL;
    }

    static List<PoolRow> all() {
        return List.of(values());
    }
}
