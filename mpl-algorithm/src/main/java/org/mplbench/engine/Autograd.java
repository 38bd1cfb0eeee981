package org.mplbench.engine;

import ai.djl.engine.Engine;
import ai.djl.training.GradientCollector;

/**
 * The one place that knows how the engines differ in recording and backward.
 *
 * <ul>
 *   <li>Both engines allow a single open {@link GradientCollector}; updates go outside it.
 *   <li>MXNet overwrites parameter gradients on backward; PyTorch adds to them, so they must be
 *       cleared first ({@link #accumulates()}).
 * </ul>
 */
public final class Autograd {

    private Autograd() {}

    /** Starts recording operations for a backward pass; close it (try-with-resources) before updating. */
    public static GradientCollector record() {
        return Engine.getInstance().newGradientCollector();
    }

    /** Whether {@code backward} adds into existing gradient buffers instead of overwriting them. */
    public static boolean accumulates() {
        return !EngineInfo.isMxnet();
    }
}
