package org.mplbench.ssl;

import org.mplbench.config.Check;

/**
 * Unsupervised Data Augmentation's consistency term as the MPL codes use it (for the UDA baseline
 * and for MPL's teacher): {@code q = softmax(T(x_uw)/temperature)} without gradient, examples with
 * {@code max q ≥ threshold} kept, {@code CE(q, T(x_us))} averaged over the whole unlabeled batch,
 * weighted by {@code weight · min(1, t/rampSteps)}.
 *
 * @param temperature sharpening temperature τ of the weak-view target (0.7 CIFAR, 0.5 ImageNet)
 * @param threshold confidence threshold on the sharpened target (0.6)
 * @param weight final weight w_u of the term (8 CIFAR, 20 ImageNet)
 * @param rampSteps steps of the linear ramp of the weight (5,000 CIFAR); 0: no ramp
 * @param referenceCodeRamp ramp as {@code (t + 1)/rampSteps} (PyTorch code) instead of {@code t/rampSteps}
 */
public record UdaConfig(double temperature, double threshold, double weight, long rampSteps, boolean referenceCodeRamp) {

    public UdaConfig {
        Check.openClosed("uda.temperature", temperature, 0, 100);
        Check.closed("uda.threshold", threshold, 0, 1);
        Check.closed("uda.weight", weight, 0, 1e6);
        Check.closed("uda.ramp_steps", rampSteps, 0L, Long.MAX_VALUE);
    }

    /** CIFAR-10 settings of both MPL codes: τ 0.7, threshold 0.6, weight 8 ramped over 5,000 steps. */
    public static UdaConfig cifar(long rampSteps) {
        return new UdaConfig(0.7, 0.6, 8, rampSteps, false);
    }

    /** ImageNet settings of the official command: τ 0.5, threshold 0.6, weight 20. */
    public static UdaConfig imagenet(long rampSteps) {
        return new UdaConfig(0.5, 0.6, 20, rampSteps, false);
    }

    public UdaConfig withRampSteps(long steps) {
        return new UdaConfig(temperature, threshold, weight, steps, referenceCodeRamp);
    }

    public UdaConfig withReferenceCodeRamp(boolean on) {
        return new UdaConfig(temperature, threshold, weight, rampSteps, on);
    }

    /** The weight of the consistency term at {@code step}. */
    public double weightAt(long step) {
        if (rampSteps == 0) {
            return weight;
        }
        double t = referenceCodeRamp ? step + 1 : step;
        return weight * Math.min(1, t / rampSteps);
    }
}
