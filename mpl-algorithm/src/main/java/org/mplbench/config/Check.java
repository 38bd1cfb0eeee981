package org.mplbench.config;

import java.util.Objects;

/**
 * Validation used by the config records' compact constructors. Every failure names the field, the
 * rejected value and the allowed range, so a bad {@code -D} override is fixed at the first attempt.
 */
public final class Check {

    private Check() {}

    /** {@code lo <= value <= hi}. */
    public static double closed(String field, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw outOfRange(field, value, "[" + fmt(lo) + ", " + fmt(hi) + "]");
        }
        return value;
    }

    /** {@code lo < value <= hi}. */
    public static double openClosed(String field, double value, double lo, double hi) {
        if (!(value > lo && value <= hi)) {
            throw outOfRange(field, value, "(" + fmt(lo) + ", " + fmt(hi) + "]");
        }
        return value;
    }

    /** {@code lo <= value < hi}. */
    public static double closedOpen(String field, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw outOfRange(field, value, "[" + fmt(lo) + ", " + fmt(hi) + ")");
        }
        return value;
    }

    /** {@code lo <= value <= hi} for integers. */
    public static int closed(String field, int value, int lo, int hi) {
        if (value < lo || value > hi) {
            throw outOfRange(field, value, "[" + lo + ", " + hi + "]");
        }
        return value;
    }

    /** {@code lo <= value <= hi} for longs. */
    public static long closed(String field, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw outOfRange(field, value, "[" + lo + ", " + hi + "]");
        }
        return value;
    }

    public static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new ConfigException(field, "is required but missing");
        }
        return value;
    }

    /** Parses an enum constant by its config spelling (case-insensitive, '-' for '_'). */
    public static <E extends Enum<E>> E parseEnum(String field, String text, Class<E> type) {
        Objects.requireNonNull(type);
        String wanted = text == null ? "" : text.trim().replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(wanted)) {
                return e;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(spell(e));
        }
        throw new ConfigException(field, "'" + text + "' is not one of: " + allowed);
    }

    /** The config spelling of an enum constant: lower case with '-' (e.g. REFERENCE_CODE -> reference-code). */
    public static String spell(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static ConfigException outOfRange(String field, Object value, String range) {
        return new ConfigException(field, "value " + value + " is out of range; allowed " + range);
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
