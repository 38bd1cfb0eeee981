package org.mplbench.experiments.bench;

import java.util.Locale;
import java.util.function.LongConsumer;

/** A long run that samples resident memory every {@code sampleEvery} steps once the first tenth (warm-up) is done. */
final class Memory {

    private Memory() {}

    static Measurement run(int steps, int sampleEvery, LongConsumer step, double examplesPerStep, double flopsPerStep, String detail) {
        int warmup = Math.max(1, steps / 10);
        for (int s = 0; s < warmup; s++) {
            step.accept(s);
        }
        long after = Reps.rssKb();
        long max = after;
        long t0 = System.nanoTime();
        int tenth = Math.max(1, steps / 10);
        for (int s = warmup; s < steps; s++) {
            step.accept(s);
            if (s % sampleEvery == 0) {
                max = Math.max(max, Reps.rssKb());
            }
            if ((s + 1) % tenth == 0) { // progress: a long run takes minutes
                System.out.printf(Locale.ROOT, "  step %d/%d, RSS %.1f MB (%.1f after warm-up)%n", s + 1, steps,
                        Reps.rssKb() / 1024.0, after / 1024.0);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Measurement(new double[] {seconds}, steps - warmup, warmup, examplesPerStep, flopsPerStep,
                new Measurement.Rss(after, Reps.rssKb(), max), detail);
    }
}
