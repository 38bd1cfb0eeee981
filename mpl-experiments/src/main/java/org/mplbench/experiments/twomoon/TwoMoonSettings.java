package org.mplbench.experiments.twomoon;

import java.util.List;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.RunOptions;

/**
 * Everything a TwoMoon run depends on besides the method.
 *
 * @param data generator settings (paper: 2 × 1,000 points, 3 labels per moon)
 * @param steps training steps of each model (Pseudo Labels: the teacher, then the student, each this many)
 * @param unlabeledBatch unlabeled points per step; 0: all of them (full batch)
 * @param lr SGD learning rate of every model (paper: 0.1)
 * @param initRange weights start in U(−initRange, initRange) (paper: 0.1)
 * @param seeds one run per seed; the seed draws the data, the labeled points and the initial weights
 * @param gridSize the decision-boundary figure evaluates a gridSize × gridSize grid
 */
public record TwoMoonSettings(
        TwoMoonConfig data, long steps, int unlabeledBatch, double lr, double initRange, List<Long> seeds, int gridSize) {

    public TwoMoonSettings {
        Check.notNull("twomoon.data", data);
        Check.closed("twomoon.steps", steps, 1L, 100_000_000L);
        Check.closed("twomoon.unlabeled_batch", unlabeledBatch, 0, 2 * data.pointsPerMoon() - 2 * data.labeledPerMoon());
        Check.openClosed("twomoon.lr", lr, 0, 100);
        Check.openClosed("twomoon.init_range", initRange, 0, 10);
        Check.notNull("twomoon.seeds", seeds);
        if (seeds.isEmpty()) {
            throw new ConfigException("twomoon.seeds", "needs at least one seed");
        }
        seeds = List.copyOf(seeds);
        Check.closed("twomoon.grid_size", gridSize, 2, 2000);
    }

    /** The profile's budget with {@code -Dseeds}/{@code -Dsteps} applied. */
    public static TwoMoonSettings resolve(RunOptions options) {
        TwoMoonSettings s = forProfile(options.profile());
        if (options.seeds().isPresent()) {
            s = new TwoMoonSettings(s.data, s.steps, s.unlabeledBatch, s.lr, s.initRange, options.seeds().get(), s.gridSize);
        }
        if (options.steps().isPresent()) {
            s = new TwoMoonSettings(s.data, options.steps().get(), s.unlabeledBatch, s.lr, s.initRange, s.seeds, s.gridSize);
        }
        return s;
    }

    static TwoMoonSettings forProfile(Profile p) {
        List<Long> tenSeeds = List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        return switch (p) {
            case SMOKE -> new TwoMoonSettings(TwoMoonConfig.paper(), 200, 64, 0.1, 0.1, List.of(0L, 1L), 40);
            case CPU -> new TwoMoonSettings(TwoMoonConfig.paper(), 20_000, 64, 0.1, 0.1, tenSeeds, 150);
            // under 2 minutes on 2 cores with MXNet's default single thread (a second thread slows
            // these tiny operators down 1.6x): three seeds, a tenth of the cpu schedule
            case NIGHTLY -> new TwoMoonSettings(TwoMoonConfig.paper(), 2_000, 64, 0.1, 0.1, List.of(0L, 1L, 2L), 40);
            // The paper gives the model, lr and data but no step count; a 5x longer budget.
            case PAPER -> new TwoMoonSettings(TwoMoonConfig.paper(), 100_000, 64, 0.1, 0.1, tenSeeds, 150);
            case QUICK -> throw new org.mplbench.config.ConfigException("-Dprofile",
                    "quick is a Table 2 profile; TwoMoon has smoke, cpu, nightly and paper");
        };
    }
}
