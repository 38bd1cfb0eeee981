package org.mplbench.experiments.bench;

/**
 * One benchmark case. Each case runs in its own JVM ({@link BenchChild}) with its own native thread
 * count, so cases do not share JIT state, engine memory pools or resident-memory history.
 */
public interface BenchCase {

    /** The name used with {@code -Dbench=} and in the results file. */
    String name();

    /** What is measured, in a line. */
    String description();

    /**
     * {@code OMP_NUM_THREADS} when neither {@code -Dbench.threads} nor the environment sets it:
     * the core count, except where fewer threads were measured to be faster.
     */
    int defaultThreads(int cores);

    /**
     * Whether the case's JVM gets the allocator settings of {@link org.mplbench.experiments.run.Launcher}
     * (one arena, freed memory kept): a large gain for large activations, a loss for tiny operators.
     */
    default boolean tuneAllocator() {
        return true;
    }

    /** Runs the warm-up and the timed repetitions. */
    Measurement measure(BenchSettings settings) throws Exception;
}
