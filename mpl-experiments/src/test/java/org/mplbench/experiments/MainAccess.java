package org.mplbench.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.mplbench.experiments.run.Launcher;

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

    /**
     * The command line of {@code -Dtable=table} in a JVM of its own, as a user runs it (no progress
     * bar, no second fork, this JVM's engine); {@code jvmFlags} go before the options, {@code keyValues}
     * are option name/value pairs.
     */
    public static List<String> jvmCommand(Path root, String table, List<String> jvmFlags, String... keyValues) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Dai.djl.offline=true", "-Dmpl.fork=false", "-Dprogress=false", "-Dmpl.root=" + root,
                "-Dtable=" + table));
        String engine = System.getProperty("ai.djl.default_engine");
        if (engine != null) {
            cmd.add("-Dai.djl.default_engine=" + engine);
        }
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            cmd.add("-D" + keyValues[i] + "=" + keyValues[i + 1]);
        }
        cmd.addAll(List.of("-cp", Launcher.classpath(), Main.class.getName()));
        return cmd;
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
