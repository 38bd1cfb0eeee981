package org.mplbench.experiments.twomoon;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mplbench.experiments.executor.ExecutorOptions;
import org.mplbench.experiments.executor.LocalExecutor;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;

/**
 * {@code -Dtable=twomoon-sweep -Dgrid=<name>}: Figure 2 as an instrument — Supervised, Pseudo Labels
 * and MPL under each condition of a declared grid ({@link SweepGrids}), over seeds, with paired
 * differences and win fractions ({@code results/twomoon-sweep/<grid>/}).
 */
public final class TwoMoonSweepRunner implements Runner {

    @Override
    public String name() {
        return TwoMoonSweepPlan.TABLE;
    }

    @Override
    public List<String> aliases() {
        return List.of("fig2-sweep");
    }

    @Override
    public String description() {
        return "Figure 2 sweep: under which conditions MPL beats Supervised and Pseudo Labels on TwoMoon (-Dgrid=...)";
    }

    @Override
    public String folder() {
        return TwoMoonSweepPlan.TABLE;
    }

    @Override
    public Set<String> options() {
        Set<String> read = new java.util.HashSet<>(Set.of("grid", "steps"));
        read.addAll(ExecutorOptions.OPTIONS);
        return Set.copyOf(read);
    }

    /** The MLP's operators are too small for a second thread (as the TwoMoon runner). */
    @Override
    public int defaultThreads(int cores) {
        return 1;
    }

    @Override
    public boolean tuneAllocator() {
        return TwoMoonRunner.TUNE_ALLOCATOR;
    }

    private static TwoMoonSweepPlan plan(RunOptions o) {
        if (o.profile() != Profile.CPU && o.profile() != Profile.SMOKE) {
            throw new org.mplbench.config.ConfigException("-Dprofile", "the sweep has cpu (the declared steps) and "
                    + "smoke (40 steps a model, seeds 0-1)");
        }
        return new TwoMoonSweepPlan(o, o.option("grid").orElse("search"));
    }

    @Override
    public void run(RunOptions options) throws Exception {
        LocalExecutor.sequential(plan(options), options);
    }

    @Override
    public Optional<Plan> plan(RunOptions options, boolean fetch) {
        return Optional.of(plan(options));
    }

    @Override
    public void report(RunOptions options, List<String> notes) throws Exception {
        TwoMoonSweepPlan p = plan(options);
        p.render(notes);
        System.out.println("re-rendered " + p.resultsDir().resolve("table.md"));
    }
}
