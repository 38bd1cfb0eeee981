package org.mplbench.experiments.bench;

import java.util.List;
import java.util.Locale;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.table2.Table2Cell;
import org.mplbench.experiments.table2.Table2Method;
import org.mplbench.experiments.table2.Table2Steps;

/**
 * The steps of the real-data {@code cpu} table (Table 2, Fashion-MNIST-1K, wrn-16-1), one case per
 * method, built by the runner's own code ({@link Table2Steps}): what users run on a laptop, so that a
 * slowdown of it shows in the benchmark rows. Needs Fashion-MNIST ({@code apt-get install
 * dataset-fashion-mnist}); the case fails naming it otherwise.
 */
final class Table2CpuCases {

    private Table2CpuCases() {}

    static List<BenchCase> all() {
        return List.of(new Row(Table2Method.SUPERVISED), new Row(Table2Method.PSEUDO_LABELS), new Row(Table2Method.UDA),
                new Row(Table2Method.MPL));
    }

    static final class Row extends NamedCase {
        private final Table2Method row;

        Row(Table2Method row) {
            super("table2-cpu-" + row.id(), "Table 2 cpu profile, Fashion-MNIST-1K, " + row.title()
                    + (row == Table2Method.PSEUDO_LABELS ? " (student phase)" : "") + ": one training step of seed 0",
                    true, true);
            this.row = row;
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            int cores = Runtime.getRuntime().availableProcessors();
            try (Table2Steps t = Table2Steps.open(Profile.CPU, Table2Cell.FASHION_MNIST_1K, row, cores)) {
                // Pseudo Labels trains its teacher as Supervised does, then the student: time the student
                long first = row == Table2Method.PSEUDO_LABELS ? t.budget().steps() : 0;
                long[] step = {first};
                int warmup = settings.warmupOr(5);
                double[] seconds = Reps.time(warmup, settings.repsOr(30), () -> t.step(step[0]++));
                boolean unlabeled = row != Table2Method.SUPERVISED;
                return new Measurement(seconds, 1, warmup, t.examplesPerStep(unlabeled), t.stepFlops(step[0], unlabeled),
                        null, String.format(Locale.ROOT, "%s, %s, %d steps per run%s", t.data(), t.budget().network(),
                                t.budget().steps(), row == Table2Method.PSEUDO_LABELS ? " and phase" : ""));
            }
        }
    }
}
