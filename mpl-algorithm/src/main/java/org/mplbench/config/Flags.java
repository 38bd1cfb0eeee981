package org.mplbench.config;

/** The one reading of a boolean {@code -D} option, so that every flag accepts the same spellings. */
public final class Flags {

    private Flags() {}

    /**
     * {@code -Dx} (Maven passes "true", plain Java ""), {@code -Dx=true} or {@code -Dx=false};
     * {@code fallback} when unset; anything else is a {@link ConfigException} naming {@code -Dname}.
     */
    public static boolean parse(String name, String value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        String v = value.trim();
        if (v.isEmpty() || v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new ConfigException("-D" + name, "'" + value + "' is not true or false");
    }
}
