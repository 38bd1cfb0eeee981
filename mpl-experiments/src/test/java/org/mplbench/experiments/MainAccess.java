package org.mplbench.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;

/** Lets tests in sub-packages call {@link Main#run}. */
public final class MainAccess {

    private MainAccess() {}

    public static int run(Properties p, PrintStream err) {
        return Main.run(p, new PrintStream(new ByteArrayOutputStream()), err);
    }

    /**
     * Runs {@code -Dtable=table} with results under {@code root}, no progress bar, and the given
     * {@code key, value} pairs; fails the calling test with the error output unless it succeeds.
     */
    public static void runTable(Path root, String table, String... keyValues) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(properties(root, table, keyValues), new PrintStream(err));
        if (code != 0) {
            throw new AssertionError("-Dtable=" + table + " exited with " + code + ": " + err);
        }
    }

    /** As {@link #runTable}, expecting a failure: returns the error output (fails the test when the run succeeds). */
    public static String errorOf(Path root, String table, String... keyValues) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(properties(root, table, keyValues), new PrintStream(err));
        if (code == 0) {
            throw new AssertionError("-Dtable=" + table + " succeeded; an error was expected");
        }
        return err.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Properties properties(Path root, String table, String... keyValues) {
        Properties p = new Properties();
        p.setProperty("table", table);
        p.setProperty("progress", "false");
        p.setProperty("mpl.root", root.toString());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
