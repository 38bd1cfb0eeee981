package org.mplbench.experiments;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.mplbench.config.ConfigException;
import org.mplbench.config.Flags;
import org.mplbench.data.DataFormatException;
import org.mplbench.engine.NativeIsa;
import org.mplbench.engine.NativeThreads;
import org.mplbench.experiments.bench.Bench;
import org.mplbench.experiments.executor.ExecutorOptions;
import org.mplbench.experiments.executor.Executors;
import org.mplbench.experiments.run.Launcher;
import org.mplbench.experiments.run.Profile;
import org.mplbench.experiments.run.ResultsLock;
import org.mplbench.experiments.run.RunOptions;
import org.mplbench.experiments.run.Runner;
import org.mplbench.io.FileFormatException;
import org.mplbench.reports.NightlyCheck;
import org.mplbench.reports.ResultsCsv;

/**
 * Entry point: {@code mvn -pl mpl-experiments exec:java -Dtable=<runner>} (or {@code -Dbench=<name>}).
 * {@code -Dreport-only} re-renders tables and plots from existing results; {@code -Dnightly} runs the
 * nightly regression check; {@code -Dnightly.accept} makes the last nightly results the baseline.
 *
 * <p>Exit codes: 0 success, 1 the run failed or the nightly check found a regression, 2 bad usage,
 * configuration, data, baseline or results file (one line naming the option or file and the problem).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        Properties props = System.getProperties();
        // training runs get a fresh JVM with the allocator settings (Launcher); benchmarks fork per case
        boolean trains = props.getProperty("table") != null && props.getProperty("bench") == null
                && Runners.find(props.getProperty("table").trim()).map(Runner::tuneAllocator).orElse(false);
        int code = trains && Launcher.needed(props, System.getenv())
                ? Launcher.relaunch(props, Main.class)
                : run(props, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** {@code -Dx} (Maven passes "true", plain Java ""), {@code -Dx=true} or {@code -Dx=false}. */
    static boolean flag(Properties p, String name) {
        return Flags.parse(name, p.getProperty(name), false);
    }

    /**
     * The nightly budget is fixed: the profile is {@code nightly}, and options that would change
     * the budget are refused (a baseline compares like with like).
     */
    static Properties nightlyProperties(Properties p, boolean both) {
        if (both) {
            throw new ConfigException("-Dnightly.accept", "accepts the last nightly results; run it without -Dnightly");
        }
        String profile = p.getProperty("profile");
        if (profile != null && !profile.equals(Profile.NIGHTLY.id())) {
            throw new ConfigException("-Dnightly", "runs the fixed nightly budget; remove -Dprofile=" + profile);
        }
        for (String key : p.stringPropertyNames()) {
            if (List.of("seeds", "steps", "cells", "methods", "data", "stop-after", "evaluate").contains(key)
                    || key.startsWith("budget.")) {
                throw new ConfigException("-Dnightly", "runs the fixed nightly budget; remove -D" + key);
            }
        }
        Properties copy = new Properties();
        copy.putAll(p);
        copy.setProperty("profile", Profile.NIGHTLY.id());
        return copy;
    }

    /** {@code -Dthreads=N}, or null. */
    static Integer threads(Properties p) {
        return NativeThreads.parseCount("-Dthreads", p.getProperty("threads"));
    }

    static int run(Properties props, PrintStream out, PrintStream err) {
        if (props.getProperty("bench") != null) {
            return Bench.run(props, out, err);
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
        boolean reportOnly;
        boolean nightly;
        boolean accept;
        boolean verbose = false;
        RunOptions options;
        ExecutorOptions executor;
        try {
            verbose = flag(props, "verbose");
            reportOnly = flag(props, "report-only");
            nightly = flag(props, "nightly");
            accept = flag(props, "nightly.accept");
            if (nightly || accept) {
                props = nightlyProperties(props, nightly && accept);
            }
            if (reportOnly && (nightly || accept)) {
                throw new ConfigException("-Dreport-only", "cannot be combined with -Dnightly or -Dnightly.accept");
            }
            RunOptions.requireKnown(props, runner.get());
            options = RunOptions.from(props);
            executor = ExecutorOptions.from(props);
            if (executor.nonDefault() && (reportOnly || nightly || accept)) {
                throw new ConfigException(ExecutorOptions.anyIn(props).map(k -> "-D" + k).orElse("-Dexecutor"),
                        "cannot be combined with -Dreport-only, -Dnightly or -Dnightly.accept");
            }
        } catch (ConfigException e) {
            return refuse(err, "Invalid configuration", e, verbose);
        }
        Runner r = runner.get();
        Properties p = props;
        String what = "-Dtable=" + table.trim() + " -Dprofile=" + options.profile().id()
                + (reportOnly ? " -Dreport-only" : nightly ? " -Dnightly" : accept ? " -Dnightly.accept" : "");
        return guarded(err, verbose, () -> {
            if (executor.status()) {
                Executors.status(r, options, out); // reads only: no lock
                return 0;
            }
            if (executor.task().isPresent()) {
                // one run of a table other tasks write too: the run's lock, not the table's
                configureThreads(p, r, out);
                DeviceCheck.require(options.device());
                DeviceCheck.requireEngine(p.getProperty("engine"));
                return Executors.task(r, options, executor, out);
            }
            try (ResultsLock lock = ResultsLock.acquire(options.resultsDir(r.folder()), what)) {
                if (accept) {
                    Nightly.accept(r, options, out);
                    return 0;
                }
                if (reportOnly) {
                    r.report(options, Executors.notes(r, options));
                    return 0;
                }
                if (executor.slurm()) {
                    // the tasks check their device and set their threads on the compute nodes
                    Executors.run(r, options, executor, p, out);
                    return 0;
                }
                configureThreads(p, r, out);
                DeviceCheck.require(options.device());
                DeviceCheck.requireEngine(p.getProperty("engine"));
                if (nightly) {
                    return Nightly.run(r, options, out, err);
                }
                Executors.run(r, options, executor, p, out);
                return 0;
            }
        });
    }

    private static void configureThreads(Properties p, Runner r, PrintStream out) {
        NativeThreads.Setting threads = NativeThreads.configure(threads(p),
                r.defaultThreads(Runtime.getRuntime().availableProcessors()));
        String isa = NativeIsa.enableAmx();
        out.println("Native threads: " + threads.threads() + " (" + threads.source() + "); " + isa + "; allocator: "
                + (System.getenv().getOrDefault("GLIBC_TUNABLES", "").contains("arena_max")
                        ? "freed memory kept for reuse" : "default (see Launcher)"));
    }

    /** A step of the command that may fail. */
    @FunctionalInterface
    private interface Body {
        int run() throws Exception;
    }

    /** Runs {@code body}; bad input is one line and exit status 2, a failed run exit status 1. */
    private static int guarded(PrintStream err, boolean verbose, Body body) {
        try {
            return body.run();
        } catch (ResultsLock.BusyException e) {
            return refuse(err, "Results directory busy", e, verbose);
        } catch (ConfigException e) {
            return refuse(err, "Invalid configuration", e, verbose);
        } catch (NightlyCheck.BaselineException e) {
            return refuse(err, "Nightly baseline problem", e, verbose);
        } catch (ResultsCsv.ResultsFormatException e) {
            return refuse(err, "Malformed results", e, verbose);
        } catch (DataFormatException e) {
            // a data file or folder the user handed over: its name and the problem
            return refuse(err, "Invalid data", e, verbose);
        } catch (FileFormatException e) {
            // a file of an earlier run (its state, result): its name, the problem and the remedy
            return refuse(err, "Unusable file", e, verbose);
        } catch (Exception e) {
            err.println("Run failed: " + e);
            e.printStackTrace(err);
            return 1;
        }
    }

    /** Bad input: one line naming it (exit 2); the stack trace only with {@code -Dverbose}. */
    private static int refuse(PrintStream err, String what, Exception e, boolean verbose) {
        err.println(what + ": " + e.getMessage());
        if (verbose) {
            e.printStackTrace(err);
        }
        return 2;
    }
}
