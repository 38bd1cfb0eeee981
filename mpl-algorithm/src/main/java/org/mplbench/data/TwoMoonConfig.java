package org.mplbench.data;

import org.mplbench.config.Check;

/**
 * The TwoMoon data of the paper's small-scale experiment (Sec. 3.1, Figure 2).
 *
 * <p>The paper states 2,000 points in two moons of 1,000 and 6 labels (3 per moon) but not the
 * generator or its noise, so both are parameters here. Each moon is a half circle of radius 1 (the
 * usual "make_moons" geometry: the upper arc centred at (0, 0), the lower arc centred at (1, 0.5));
 * angles are drawn uniformly and every coordinate gets N(0, noise²) added.
 *
 * @param pointsPerMoon points in each moon (paper: 1,000)
 * @param labeledPerMoon labeled points drawn from each moon (paper: 3)
 * @param noise standard deviation of the Gaussian noise added to both coordinates
 * @param testPointsPerMoon size of the fresh held-out sample, per moon
 */
public record TwoMoonConfig(int pointsPerMoon, int labeledPerMoon, double noise, int testPointsPerMoon) {

    public TwoMoonConfig {
        Check.closed("twomoon.points_per_moon", pointsPerMoon, 1, 10_000_000);
        Check.closed("twomoon.labeled_per_moon", labeledPerMoon, 1, pointsPerMoon);
        Check.closed("twomoon.noise", noise, 0.0, 10.0);
        Check.closed("twomoon.test_points_per_moon", testPointsPerMoon, 1, 10_000_000);
    }

    /** The paper's sizes; noise 0.1 (not stated in the paper). */
    public static TwoMoonConfig paper() {
        return new TwoMoonConfig(1000, 3, 0.1, 1000);
    }
}
