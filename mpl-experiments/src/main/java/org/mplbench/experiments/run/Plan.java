package org.mplbench.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.mplbench.train.StopSignal;

/**
 * A table as independent runs in a fixed order: index {@code i} is the same run for every executor
 * (this process, a worker JVM, a Slurm array task). A run writes only into its own files under
 * {@link #resultsDir}, so runs can execute anywhere and in any order; {@link #render} builds the table
 * from whatever is on disk.
 */
public interface Plan {

    /** One run of the plan: its key ({@code cell/row/seedK}), its lock file and its training steps. */
    record Item(String key, Path lockFile, long steps) {}

    /** Where a run stands on disk. */
    enum Status {
        /** Nothing written yet. */
        NOT_STARTED,
        /** A checkpoint or part of its files: a later execution resumes it. */
        PARTIAL,
        /** Finished with a result. */
        DONE,
        /** Finished as failed (e.g. diverged); its result says why. */
        FAILED,
        /** Stopped at a step boundary with a checkpoint ({@code -Dstop-after}, SIGTERM). */
        STOPPED;

        /** Whether the run has ended for good (an executor skips it). */
        public boolean ended() {
            return this == DONE || this == FAILED;
        }
    }

    /** A run's status and one line about it (its accuracy, why it failed, where it stands). */
    record State(Status status, String detail) {}

    /**
     * What a run reports while executing.
     *
     * @param steps receives the number of steps done since the last call
     * @param message receives short status text (what is being done now)
     * @param println receives lines worth keeping (where the data comes from)
     * @param stop a stop at the next step boundary (with a checkpoint) when requested
     */
    record Context(LongConsumer steps, Consumer<String> message, Consumer<String> println, StopSignal stop) {}

    /** The table's runner name ({@code -Dtable}). */
    String table();

    /** {@code results/<table>/<directory of this profile and budget>}. */
    Path resultsDir();

    /** The runs, in execution order. */
    List<Item> runs();

    /**
     * Options that pin what this invocation resolved from the machine (e.g. {@code data=synthetic}
     * when real images could not be had), so that a task elsewhere plans the same runs.
     */
    default Map<String, String> pinnedOptions() {
        return Map.of();
    }

    /** Before any run executes: files that describe the whole table (e.g. its {@code config.json}). */
    default void prepare() throws IOException {}

    /** Where run {@code index} stands. */
    State state(int index) throws IOException;

    /** Trains run {@code index} to its end, or resumes it; the caller holds its lock. */
    State execute(int index, Context context) throws Exception;

    /**
     * Writes {@code runs.csv}, the table and its figures from what is on disk; {@code notes} (may be
     * empty) name runs without a result and their logs, and go into the table's text.
     */
    void render(List<String> notes) throws IOException;

    /** The table's section on runs without a result ({@code notes}); empty when there are none. */
    static String notesSection(List<String> notes) {
        if (notes.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n## Runs without a result\n\n");
        for (String n : notes) {
            b.append("- ").append(n).append('\n');
        }
        return b.toString();
    }
}
