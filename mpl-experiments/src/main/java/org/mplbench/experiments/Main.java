package org.mplbench.experiments;

import java.io.PrintStream;
import java.util.Optional;
import java.util.Properties;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.vision.MplStepBench;
import org.mplbench.experiments.vision.VisionBench;

/**
 * Entry point: {@code mvn -pl mpl-experiments exec:java -Dtable=<runner>} (or {@code -Dbench=<name>}).
 *
 * <p>Exit codes: 0 success, 1 the run failed, 2 bad usage or configuration.
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int code = run(System.getProperties(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(Properties props, PrintStream out, PrintStream err) {
        String bench = props.getProperty("bench");
        if (bench != null) {
            try {
                switch (bench) {
                    case "twomoon" -> TwoMoonStepBench.run(out);
                    case "vision" -> VisionBench.run(out);
                    case "mpl-step" -> MplStepBench.run(out, props);
                    default -> {
                        err.println("Unknown benchmark -Dbench=" + bench + "; valid benchmarks: twomoon, vision, mpl-step");
                        return 2;
                    }
                }
            } catch (Exception e) {
                err.println("Benchmark failed: " + e);
                e.printStackTrace(err);
                return 1;
            }
            return 0;
        }
        String table = props.getProperty("table");
        if (table == null || table.isBlank()) {
            err.println("No runner selected. Use -Dtable=<runner>; valid runners:");
            err.print(Runners.listing());
            return 2;
        }
        Optional<Runner> runner = Runners.find(table.trim());
        if (runner.isEmpty()) {
            err.println("Unknown runner -Dtable=" + table + "; valid runners:");
            err.print(Runners.listing());
            return 2;
        }
        RunOptions options;
        try {
            options = RunOptions.from(props);
        } catch (ConfigException e) {
            err.println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        try {
            DeviceCheck.require(options.device());
            runner.get().run(options);
            return 0;
        } catch (ConfigException e) {
            err.println("Invalid configuration: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("Run failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }
}
