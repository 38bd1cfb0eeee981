package org.mplbench.experiments.table3;

import java.util.List;
import org.mplbench.experiments.table2.Table2Method;

/**
 * The rows of Table 3 this suite runs, each a Table 2 method on ResNet-50 with the unlabeled pool;
 * the paper's other rows are reference only.
 */
enum Table3Row implements PoolRow {
    /** The standard ImageNet recipe: crop + flip on labeled images only; its model scores the pool. */
    SUPERVISED("supervised", "Supervised", Table2Method.SUPERVISED_WEAK, "supervised"),
    UDA("uda", "UDA", Table2Method.UDA, "uda"),
    MPL("mpl", "Meta Pseudo Labels (after finetuning)", Table2Method.MPL, "mpl");

    private final String id;
    private final String title;
    private final Table2Method method;
    private final String paperRow;

    Table3Row(String id, String title, Table2Method method, String paperRow) {
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

    static List<Table3Row> all() {
        return List.of(values());
    }
}
