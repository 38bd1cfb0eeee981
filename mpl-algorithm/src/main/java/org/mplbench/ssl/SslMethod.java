package org.mplbench.ssl;

import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.nn.Network;

/**
 * A semi-supervised (or supervised) training method. Each method owns its networks and optimisers
 * and performs its own updates; the training loop owns schedules of evaluation, checkpoints and
 * progress and knows nothing of teachers or students.
 */
public interface SslMethod extends AutoCloseable {

    /** Short name used in results ({@code supervised}, {@code pseudo-labels}, {@code mpl}, ...). */
    String name();

    /** One training step on {@code batch}; {@code globalStep} counts from 0. */
    StepLog step(SslBatch batch, long globalStep);

    /**
     * The work of step {@code globalStep} on {@code n_l} labeled and {@code n_u} unlabeled examples
     * per view ({@code twoViews}: weak and strong views are distinct arrays), for FLOP counts.
     */
    StepWork work(long globalStep, long n_l, long n_u, boolean twoViews);

    /**
     * Whether a step draws from the engine's random generator (dropout, sampled labels). The loop
     * reseeds the engine before each step only then: the draws are reproducible on resume, and
     * steps that draw nothing do not pay for a reseed (about 1.2 ms on MXNet).
     */
    default boolean drawsEngineRandomness() {
        return true;
    }

    /** The model whose accuracy the method reports (e.g. the student, or its EMA). */
    Network evaluationModel();

    /** Writes the full state (weights, optimiser momenta, method state) into {@code dir}. */
    void save(Path dir) throws IOException;

    /** Restores what {@link #save} wrote; the next step continues identically. */
    void load(Path dir) throws IOException;

    @Override
    void close();
}
