package org.mplbench.nn;

import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;

/**
 * Whether a block's training-mode forward draws from the engine's random generator (dropout).
 * Reseeding that generator is not free on MXNet (about 1.2 ms of engine time per call: it seeds
 * every state of the parallel generator), so callers reseed only networks that draw from it.
 */
public final class Randomness {

    /** A composite block that knows whether its own forward draws random numbers. */
    public interface Drawing {
        boolean drawsRandomness();
    }

    private Randomness() {}

    public static boolean draws(Block block) {
        if (block instanceof Dropout) {
            return true; // builders add a Dropout block only for a positive rate
        }
        if (block instanceof Drawing d && d.drawsRandomness()) {
            return true;
        }
        return block.getChildren().values().stream().anyMatch(Randomness::draws);
    }
}
