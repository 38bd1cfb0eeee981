package org.mplbench.experiments.executor;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for what the suite writes into scripts. */
public final class Shell {

    private Shell() {}

    /**
     * {@code s} as one shell word: single-quoted, each {@code '} written as {@code '\''}; inside single
     * quotes nothing (spaces, {@code $}, {@code `}, {@code "}, {@code \}, newlines) is special.
     */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Each word quoted, joined by spaces. */
    public static String join(List<String> words) {
        return words.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }
}
