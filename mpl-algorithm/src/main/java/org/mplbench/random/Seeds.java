package org.mplbench.random;

/**
 * Derives independent random-stream seeds from tuples such as (seed, split, index) or
 * (seed, step, slot): a weighted sum of the parts run through the SplitMix64 finaliser. Streams
 * seeded this way depend only on their tuple, so work can be split across threads freely.
 */
public final class Seeds {

    private Seeds() {}

    /** The stream seed of ({@code a}, {@code b}, {@code c}); {@code salt} separates users of the same tuples. */
    public static long mix(long a, long b, long c, long salt) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + c * 0x94D049BB133111EBL + salt;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
