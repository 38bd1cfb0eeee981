package org.mplbench.experiments.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.mplbench.config.Flags;

/** Timing and resident-memory helpers shared by the cases. */
final class Reps {

    interface Rep {
        void run() throws Exception;
    }

    private Reps() {}

    /**
     * Runs {@code warmup} untimed repetitions, then times {@code reps} repetitions (seconds each);
     * {@code -Dbench.print-reps} prints each.
     */
    static double[] time(int warmup, int reps, Rep rep) throws Exception {
        for (int i = 0; i < warmup; i++) {
            rep.run();
        }
        double[] s = new double[reps];
        boolean print = Flags.parse("bench.print-reps", System.getProperty("bench.print-reps"), false);
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            rep.run();
            s[i] = (System.nanoTime() - t0) / 1e9;
            if (print) {
                System.out.printf(Locale.ROOT, "  repetition %d: %.4f s%n", i + 1, s[i]);
            }
        }
        return s;
    }

    /** Resident set size of this process in kB (Linux {@code /proc/self/status}). */
    static long rssKb() {
        return status("VmRSS");
    }

    /** The largest resident set size this process has had, in kB. */
    static long peakRssKb() {
        return status("VmHWM");
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read " + field + " from /proc/self/status", e);
        }
        throw new IllegalStateException("no " + field + " line in /proc/self/status");
    }

    static int[] range(int from, int to) {
        int[] a = new int[to - from];
        for (int i = 0; i < a.length; i++) {
            a[i] = from + i;
        }
        return a;
    }
}
