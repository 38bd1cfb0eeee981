package org.mplbench.experiments;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Properties;

/** Lets tests in sub-packages call {@link Main#run}. */
public final class MainAccess {

    private MainAccess() {}

    public static int run(Properties p, PrintStream err) {
        return Main.run(p, new PrintStream(new ByteArrayOutputStream()), err);
    }
}
