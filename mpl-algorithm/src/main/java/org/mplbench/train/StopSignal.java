package org.mplbench.train;

import java.time.Duration;

/**
 * SIGTERM turned into a stop at the next step boundary with a checkpoint. A cluster scheduler
 * signals a task before it kills it (Slurm: SIGTERM, then SIGKILL {@code KillWait} seconds later, 30 by
 * default) when it preempts, requeues or cancels it; the JVM runs its shutdown hooks on SIGTERM, and
 * the hook installed here marks the stop as requested and holds the JVM's exit until every run in
 * progress ({@link #enter}…{@link #exit}) has saved its checkpoint and left, or until the grace
 * period ends. A loop built with {@code optStopWhen(signal::requested)} stops at its next step
 * boundary; its checkpoint listener saves there.
 */
public final class StopSignal {

    private static StopSignal installed;

    private final Duration grace;
    private volatile boolean requested;
    private int active;

    private StopSignal(Duration grace) {
        this.grace = grace;
    }

    /**
     * The process's signal, installing its shutdown hook on first use ({@code grace}: how long the
     * exit waits for runs to checkpoint; keep it below the scheduler's kill delay).
     */
    public static synchronized StopSignal onTermination(Duration grace) {
        if (installed == null) {
            StopSignal s = new StopSignal(grace);
            Runtime.getRuntime().addShutdownHook(new Thread(s::awaitRuns, "checkpoint-on-sigterm"));
            installed = s;
        }
        return installed;
    }

    /** A signal that only {@link #request} sets (tests, and runs outside a scheduler). */
    public static StopSignal manual() {
        return new StopSignal(Duration.ZERO);
    }

    /** Whether a stop was requested. */
    public boolean requested() {
        return requested;
    }

    /** Requests a stop (what the shutdown hook does). */
    public void request() {
        requested = true;
    }

    /** A run starts: an exit waits for its {@link #exit}. */
    public synchronized void enter() {
        active++;
    }

    /** The run has stopped (with its checkpoint saved) or ended. */
    public synchronized void exit() {
        active--;
        notifyAll();
    }

    private synchronized void awaitRuns() {
        request();
        long deadline = System.nanoTime() + grace.toNanos();
        while (active > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                System.err.println("stop requested: a run did not reach a step boundary within " + grace.toSeconds()
                        + " s; it resumes from its previous checkpoint");
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
