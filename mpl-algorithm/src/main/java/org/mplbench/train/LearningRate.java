package org.mplbench.train;

/** A learning-rate schedule: the rate used by the update at a given step. */
@FunctionalInterface
public interface LearningRate {

    double at(long step);

    static LearningRate constant(double lr) {
        return step -> lr;
    }
}
