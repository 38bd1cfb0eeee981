package org.mplbench.experiments.run;

/**
 * Budget profiles. A profile changes budgets (steps, seeds, sizes), never the algorithm.
 */
public enum Profile {
    /** Seconds, tiny budgets; used by tests and CI. */
    SMOKE,
    /** A first look in about a quarter of an hour on a 2-core CPU (Table 2 only). */
    QUICK,
    /** Minutes to a few hours on a 2-core CPU. */
    CPU,
    /**
     * The fixed budget of the nightly regression check ({@code -Dnightly}): fixed seeds, a short
     * schedule; compared with {@code results/<table>/nightly/baseline.csv}.
     */
    NIGHTLY,
    /** The paper's settings (needs a GPU and real data where the paper used them). */
    PAPER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
