package org.mplbench.train;

import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;

/**
 * The MPL codes' learning-rate schedule: 0 for {@code waitSteps} steps (the student waits while the
 * teacher warms up), a linear warm-up over {@code warmupSteps} steps, then a cosine decay to 0 at
 * {@code totalSteps}.
 *
 * <p>The official code ramps from 0: {@code base·(t − waitSteps)/warmupSteps}. The PyTorch code divides by
 * {@code waitSteps + warmupSteps} instead ({@code base·t/(waitSteps + warmupSteps)}), so its student jumps to
 * {@code waitSteps/(waitSteps + warmupSteps)} of the base rate when the wait ends (3/8 at CIFAR settings);
 * {@code referenceCodeWarmup} reproduces that.
 *
 * @param base peak learning rate
 * @param waitSteps steps at rate 0
 * @param warmupSteps steps of linear warm-up after the waitSteps
 * @param totalSteps step at which the cosine reaches 0 (the schedule stays at 0 afterwards)
 * @param referenceCodeWarmup use the PyTorch code's warm-up formula
 */
public record WarmupCosine(double base, long waitSteps, long warmupSteps, long totalSteps, boolean referenceCodeWarmup)
        implements LearningRate {

    public WarmupCosine {
        Check.openClosed("lr.base", base, 0, 100);
        Check.closed("lr.wait_steps", waitSteps, 0L, Long.MAX_VALUE);
        Check.closed("lr.warmup_steps", warmupSteps, 0L, Long.MAX_VALUE);
        if (totalSteps <= waitSteps + warmupSteps) {
            throw new ConfigException("lr.total_steps",
                    totalSteps + " must exceed wait + warm-up steps (" + waitSteps + " + " + warmupSteps + ")");
        }
    }

    /** The official schedule. */
    public static WarmupCosine of(double base, long waitSteps, long warmupSteps, long totalSteps) {
        return new WarmupCosine(base, waitSteps, warmupSteps, totalSteps, false);
    }

    @Override
    public double at(long step) {
        if (step < waitSteps) {
            return 0;
        }
        if (step < waitSteps + warmupSteps) {
            return referenceCodeWarmup
                    ? base * step / (double) (waitSteps + warmupSteps)
                    : base * (step - waitSteps) / (double) warmupSteps;
        }
        double progress = Math.min(1, (step - waitSteps - warmupSteps) / (double) (totalSteps - waitSteps - warmupSteps));
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
