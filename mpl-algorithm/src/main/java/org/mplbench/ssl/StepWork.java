package org.mplbench.ssl;

import org.mplbench.config.Check;

/**
 * What one training step computes, in examples through the networks: {@code trainExamples} go
 * forward and backward, {@code forwardExamples} forward only. Multiplied by a network's FLOPs per
 * example (and 3 for a training pass) this gives the step's FLOPs for the benchmarks.
 */
public record StepWork(long trainExamples, long forwardExamples) {

    public StepWork {
        Check.closed("trainExamples", trainExamples, 0, Long.MAX_VALUE);
        Check.closed("forwardExamples", forwardExamples, 0, Long.MAX_VALUE);
    }

    /** Both works together. */
    public StepWork plus(StepWork other) {
        return new StepWork(trainExamples + other.trainExamples, forwardExamples + other.forwardExamples);
    }

    /** FLOPs of the step when every network costs {@code forwardFlopsPerExample}. */
    public double flops(double forwardFlopsPerExample) {
        return forwardFlopsPerExample * (3.0 * trainExamples + forwardExamples);
    }

    /** Examples through the networks, forward passes counted once. */
    public long forwardedExamples() {
        return trainExamples + forwardExamples;
    }
}
