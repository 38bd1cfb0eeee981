package org.mplbench.experiments.table3;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.mplbench.data.SplitSpec;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.table2.Budget;

/**
 * A table trained on ImageNet (less a class-balanced hold-out) and a filtered unlabeled pool — Table 3, and
 * Table 4 at scale — as its rows, budgets and report. {@link PoolPlan} runs it; the filtering stage of
 * {@link PoolTableRunner} selects the pool with the scorer row's model.
 */
public interface PoolTable {

    /** The {@code -Dtable} value and the runs' table field ({@code 3}, {@code 4}). */
    String table();

    /** The results folder ({@code table3}, {@code table4}). */
    String folder();

    Budget budget(Profile p);

    List<Long> seeds(Profile p);

    /** The labeled/held-out split. */
    SplitSpec split(Profile p);

    /** The pool images kept per predicted class by default. */
    int topK(Profile p);

    /** Every row, the scorer first. */
    List<PoolRow> rows();

    /** The Supervised row: its model of the first seed scores the pool (and is Reduced MPL's large teacher). */
    default PoolRow scorer() {
        return rows().get(0);
    }

    /** The row named {@code id} ({@code -Dmethods}); an unknown one is an error listing the rows. */
    default PoolRow row(String id) {
        return rows().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() ->
                new org.mplbench.config.ConfigException("-Dmethods", "'" + id + "' is not a row Table " + table()
                        + " runs: " + String.join(", ", rows().stream().map(PoolRow::id).toList())));
    }

    /** Refuses a paper-profile invocation this table does not start (with the reason and the cost). */
    void checkPaperProfile(RunOptions o, Budget b, List<PoolRow> rows);

    /** {@code table.md} and the figures from what is on disk under {@code out}. */
    void render(RunOptions o, Path out, Budget budget, List<Long> seeds, Table3Data.Located located, List<String> notes)
            throws IOException;
}
