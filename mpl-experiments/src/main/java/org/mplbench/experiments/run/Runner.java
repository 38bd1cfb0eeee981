package org.mplbench.experiments.run;

import java.util.List;
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
     * {@code -Dreport-only}: re-renders the tables and plots of {@code results/<folder>/<profile>} from
     * the results already there, without training.
     */
    default void report(RunOptions options) throws Exception {
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
