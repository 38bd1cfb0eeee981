package org.mplbench.config;

/** An invalid configuration value; the message names the field, the value and what is allowed. */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The dotted name of the offending field, e.g. {@code mpl.teacher_lr}. */
    public String field() {
        return field;
    }
}
