package org.mplbench.experiments.table2;

import java.util.Map;
import org.mplbench.reports.Provenance;
import org.mplbench.reports.RunId;

/**
 * What a finished run reports, as stored in its {@code result.json}.
 *
 * @param run the run's identity
 * @param status {@code ok} or {@code failed}
 * @param message why it failed (null when ok)
 * @param steps steps trained (where it stopped, for a failed run)
 * @param trainSeconds training wall time (evaluation and checkpoints excluded)
 * @param msPerStep training wall time per step
 * @param metrics final metrics: {@code acc_test} (final checkpoint), {@code acc_test_best} (best
 *     evaluation, test-set selected: an optimistic extra), {@code acc_test_before_finetune} (MPL)
 * @param resumedFrom the step the last invocation resumed from (0: one go)
 * @param provenance the invocation that finished the run
 */
public record RunResult(RunId run, String status, String message, long steps, double trainSeconds, double msPerStep,
        Map<String, Double> metrics, long resumedFrom, Provenance provenance) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    public boolean ok() {
        return OK.equals(status);
    }
}
