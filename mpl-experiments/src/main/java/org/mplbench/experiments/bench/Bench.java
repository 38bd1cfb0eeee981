package org.mplbench.experiments.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.mplbench.config.ConfigException;
import org.mplbench.config.Flags;
import org.mplbench.engine.NativeThreads;
import org.mplbench.experiments.DeviceCheck;
import org.mplbench.experiments.run.Launcher;
import org.mplbench.experiments.run.ProvenanceProbe;
import org.mplbench.experiments.run.RunOptions;

/**
 * {@code -Dbench=<case>|<group>|all}: runs each selected case in a fresh JVM with its thread count,
 * prints a table and appends one row per case to {@code results/bench/<machine-id>.csv}.
 *
 * <p>Threads: {@code -Dbench.threads=N} for every case, else {@code OMP_NUM_THREADS} from the
 * environment, else the case's default (the core count; one thread for the TwoMoon cases and the
 * single-thread augmentation). Exit status 0 when every case ran and the memory cases stayed under
 * the growth limit, 1 otherwise, 2 for bad usage.
 */
public final class Bench {

    private Bench() {}

    /** The options the benchmark command reads; any other of the suite's form is refused. */
    public static final Set<String> OPTIONS = Set.of("bench", "bench.warmup", "bench.reps", "bench.steps", "bench.preset",
            "bench.threads", "bench.machine", "bench.print-reps", "mpl.fork", "mpl.root", "engine");

    /** Set by the command for each case's JVM ({@link BenchChild}), never by a user. */
    public static final Set<String> CHILD_OPTIONS = Set.of("bench.threads.source", "bench.commit", "bench.dirty");

    public static int run(Properties props, PrintStream out, PrintStream err) {
        List<BenchCase> cases;
        BenchSettings settings;
        Integer threads;
        Integer envThreads;
        try {
            RunOptions.requireKnown(props, "-Dbench", OPTIONS);
            DeviceCheck.requireEngine(props.getProperty("engine"));
            cases = BenchCases.select(props.getProperty("bench"));
            settings = BenchSettings.from(props);
            threads = NativeThreads.parseCount("-Dbench.threads", props.getProperty("bench.threads"));
            envThreads = NativeThreads.parseCount("OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS"));
        } catch (ConfigException e) {
            err.println("Invalid configuration: " + e.getMessage());
            return 2;
        }
        Path root = Path.of(props.getProperty("mpl.root", "."));
        String machine = props.getProperty("bench.machine", MachineId.current());
        Path csv = root.resolve("results").resolve("bench").resolve(machine + ".csv");
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "Benchmark: %d case(s) on %s (%d cores), results appended to %s%n", cases.size(),
                machine, cores, csv);
        // read once, before the first row is written: the results file is tracked
        ProvenanceProbe.GitState git = ProvenanceProbe.git(root);
        List<BenchResult> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (BenchCase c : cases) {
            int n;
            String source;
            if (threads != null) {
                n = threads;
                source = "requested";
            } else if (envThreads != null) {
                n = envThreads;
                source = "environment";
            } else {
                n = c.defaultThreads(cores);
                source = "default";
            }
            try {
                BenchResult r = runChild(c, settings, n, source, machine, root, git, props);
                BenchCsv.append(csv, r);
                rows.add(r);
                out.println(BenchTable.row(r));
                if (r.failed()) {
                    failures.add(c.name() + ": resident memory grew " + String.format(Locale.ROOT, "%.1f",
                            r.rss().growthPercent()) + " % after warm-up (limit " + BenchResult.RSS_GROWTH_LIMIT_PERCENT + " %)");
                }
            } catch (Exception e) {
                failures.add(c.name() + ": " + e.getMessage());
                err.println("Case " + c.name() + " failed: " + e.getMessage());
            }
        }
        out.println();
        out.print(BenchTable.render(rows));
        for (String f : failures) {
            err.println("FAILED " + f);
        }
        return failures.isEmpty() ? 0 : 1;
    }

    private static BenchResult runChild(BenchCase c, BenchSettings settings, int threads, String source,
            String machine, Path root, ProvenanceProbe.GitState git, Properties props)
            throws IOException, InterruptedException {
        Path result = Files.createTempFile("mpl-bench-" + c.name() + "-", ".json");
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // A small fixed, pre-touched heap: resident memory then moves only with native and code
            // memory, not with the heap's first growth (which takes several thousand TwoMoon steps), and
            // the heap does not dilute the growth percentage (the cases keep their data native or small).
            cmd.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"));
            for (String key : List.of("ai.djl.default_engine", "ai.djl.offline", "OPT_OUT_TRACKING")) {
                String v = props.getProperty(key, System.getProperty(key));
                if (v != null && !v.isBlank()) {
                    cmd.add("-D" + key + "=" + v);
                }
            }
            cmd.add("-Dmpl.root=" + root.toAbsolutePath());
            cmd.add("-Dbench.machine=" + machine);
            cmd.add("-Dbench.threads.source=" + source);
            cmd.add("-Dbench.commit=" + git.commit());
            cmd.add("-Dbench.dirty=" + git.dirty());
            cmd.addAll(settings.asArguments());
            String printReps = props.getProperty("bench.print-reps");
            if (Flags.parse("bench.print-reps", printReps, false)) {
                cmd.add("-Dbench.print-reps=true");
            }
            cmd.add("-cp");
            cmd.add(Launcher.classpath());
            cmd.add(BenchChild.class.getName());
            cmd.add(c.name());
            cmd.add(result.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            if (c.tuneAllocator()) {
                pb.environment().putAll(Launcher.environment(System.getenv()));
            }
            int code = pb.start().waitFor();
            if (code != 0) {
                throw new IOException("its JVM exited with status " + code);
            }
            return BenchChild.GSON.fromJson(Files.readString(result, StandardCharsets.UTF_8), BenchResult.class);
        } finally {
            Files.deleteIfExists(result);
        }
    }
}
