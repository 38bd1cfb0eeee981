package org.mplbench.experiments.run;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mplbench.config.ConfigException;

/** One runner per paper artefact, selected with {@code -Dtable=}. */
public interface Runner {

    /** The {@code -Dtable} value. */
    String name();

    /** Other accepted {@code -Dtable} values. */
    List<String> aliases();

    /** One line for the list of runners. */
    String description();

    /** The folder under {@code results/} ({@code twomoon}, {@code table2}, ...). */
    String folder();

    /**
     * The {@code -D} options this runner reads besides {@link RunOptions#COMMON}; {@code name.*}
     * stands for every option under a prefix. Any other option of the suite's form (a name without a
     * dot, or under {@code budget.} or {@code data.}) is refused as not this runner's.
     */
    default Set<String> options() {
        return Set.of();
    }

    /** Runs every configured cell and seed and writes results under {@code results/<folder>/<profile>}. */
    void run(RunOptions options) throws Exception;

    /**
     * The table as independent runs that executors can spread over processes and machines
     * ({@code -Dparallel}, {@code -Dexecutor=slurm}); empty: this runner runs in one process only.
     *
     * @param fetch whether data may be downloaded now (a run), or not (status, report)
     */
    default Optional<Plan> plan(RunOptions options, boolean fetch) throws IOException {
        return Optional.empty();
    }

    /**
     * {@code -Dreport-only}: re-renders the tables and plots of {@code results/<folder>/<profile>} from
     * the results already there, without training; {@code notes} name runs without a result (a
     * cluster's failed tasks) for the table's text.
     */
    default void report(RunOptions options, List<String> notes) throws Exception {
        throw new ConfigException("-Dreport-only", "runner '" + name() + "' has no report-only mode");
    }

    /**
     * Native intra-op threads ({@code OMP_NUM_THREADS}) when neither {@code -Dthreads} nor the
     * environment sets them: all cores, unless the runner's models were measured faster with fewer.
     */
    default int defaultThreads(int cores) {
        return cores;
    }

    /**
     * Whether training runs in a child JVM with the allocator settings of {@link Launcher}: a large
     * gain for large activations, a loss (shared-arena contention) for tiny operators.
     */
    default boolean tuneAllocator() {
        return true;
    }

    /** The accuracy metrics the nightly check compares; empty: the runner has no nightly budget. */
    default List<String> nightlyMetrics() {
        return List.of();
    }
}
