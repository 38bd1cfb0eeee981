package org.mplbench.experiments.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.config.Flags;

/**
 * The {@code -D} options every runner understands, parsed and validated.
 *
 * @param profile budget profile ({@code -Dprofile=smoke|cpu|paper}, default cpu)
 * @param seeds {@code -Dseeds=0..9} or {@code -Dseeds=0,3,5}; empty: the profile's seeds
 * @param steps {@code -Dsteps=N}: overrides the profile's training steps
 * @param root repository root; results go to {@code root/results} ({@code -Dmpl.root}, default the
 *     working directory)
 * @param progress show a progress bar ({@code -Dprogress=false} to silence it)
 * @param device {@code -Ddevice=cpu|gpu} (default cpu); gpu fails loudly when the engine has none
 * @param data {@code -Ddata=synthetic|real}; empty: the profile's default
 * @param cells {@code -Dcells=a,b}: the table cells to run; empty: the profile's
 * @param methods {@code -Dmethods=a,b}: the rows to run; empty: all
 * @param stopAfter {@code -Dstop-after=N}: checkpoint and stop each run after N steps (a later
 *     invocation resumes it); for time-boxed sessions and resume tests
 * @param overrides {@code -Dbudget.<field>=<value>}: single budget fields replaced (the runner
 *     validates names and values), keyed by field name, sorted
 * @param evaluate {@code -Devaluate=test|validation} (default test): validation evaluates on the
 *     split's held-out labeled images instead, for choosing budgets without looking at the test set
 * @param allowCpu {@code -Dallow-cpu=true}: start a profile sized for GPUs on the CPU anyway
 * @param given every option of the suite's form as given, for a runner's own ({@link #option}: the TwoMoon
 *     sweep's {@code -Dgrid}, Table 3's {@code -Dstage}, ...)
 */
public record RunOptions(Profile profile, Optional<List<Long>> seeds, Optional<Long> steps, Path root, boolean progress,
        Device device, Optional<DataSource> data, Optional<List<String>> cells, Optional<List<String>> methods,
        Optional<Long> stopAfter, SortedMap<String, String> overrides, Evaluation evaluate, boolean allowCpu,
        SortedMap<String, String> given) {

    /** Which images a run is evaluated on. */
    public enum Evaluation {
        TEST,
        VALIDATION
    }

    /** Where a run computes. */
    public enum Device {
        CPU,
        GPU
    }

    /** Real data sets or the synthetic stand-in. */
    public enum DataSource {
        SYNTHETIC,
        REAL
    }

    /** Options every runner reads (Main, the nightly check, device and thread settings). */
    public static final Set<String> COMMON = Set.of("table", "profile", "seeds", "progress", "device", "threads", "engine",
            "report-only", "nightly", "nightly.accept", "verbose", "mpl.root", "mpl.fork");

    /** Prefixes under which every option is the suite's (a dotless name is the suite's too). */
    private static final List<String> OUR_PREFIXES = List.of("budget.", "data.", "bench.", "mpl.", "slurm.");

    /**
     * Refuses each option of the suite's form in {@code p} that {@code runner} does not read, naming
     * it and the runner's options (a typo such as {@code -Dseed} would otherwise be silently ignored).
     */
    public static void requireKnown(Properties p, Runner runner) {
        Set<String> allowed = new TreeSet<>(COMMON);
        allowed.addAll(runner.options());
        requireKnown(p, "runner '" + runner.name() + "'", allowed);
    }

    /**
     * Refuses each option of the suite's form in {@code p} (a name without a dot, or under
     * {@code budget.}, {@code data.} or {@code bench.}) that is not in {@code allowed}, where
     * {@code name.*} allows a whole prefix; JVM and Maven properties (dotted) pass.
     */
    public static void requireKnown(Properties p, String reader, Set<String> allowed) {
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (ours(key) && !allows(allowed, key)) {
                throw new ConfigException("-D" + key, "is not an option of " + reader + "; it reads "
                        + String.join(", ", new TreeSet<>(allowed).stream().map(a -> "-D" + a).toList()));
            }
        }
    }

    /**
     * Whether {@code key} has the suite's form: a name without a dot, or under one of its prefixes. Names
     * in capitals ({@code OPT_OUT_TRACKING}, which the Maven exec configuration sets for DJL) are
     * libraries' switches, not the suite's.
     */
    public static boolean ours(String key) {
        return !key.isBlank() && !key.matches("[A-Z][A-Z0-9_]*")
                && (!key.contains(".") || OUR_PREFIXES.stream().anyMatch(key::startsWith));
    }

    /** Whether {@code allowed} (names, and {@code prefix.*} for a whole prefix) admits {@code key}. */
    public static boolean allows(Set<String> allowed, String key) {
        return allowed.contains(key) || allowed.stream()
                .anyMatch(a -> a.endsWith(".*") && key.startsWith(a.substring(0, a.length() - 1)));
    }

    /** Options with defaults for everything but the profile (for tests and programmatic use). */
    public static RunOptions of(Profile profile, Path root) {
        return new RunOptions(profile, Optional.empty(), Optional.empty(), root, false, Device.CPU, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), new TreeMap<>(), Evaluation.TEST, false, new TreeMap<>());
    }

    public static RunOptions from(Properties p) {
        Profile profile = Check.parseEnum("-Dprofile", p.getProperty("profile", "cpu"), Profile.class);
        Optional<List<Long>> seeds = Optional.ofNullable(p.getProperty("seeds")).map(RunOptions::parseSeeds);
        Optional<Long> steps = Optional.ofNullable(p.getProperty("steps")).map(s -> parseLong("-Dsteps", s, 1, 1_000_000_000L));
        Path root = Path.of(p.getProperty("mpl.root", ".")).toAbsolutePath().normalize();
        boolean prog = Flags.parse("progress", p.getProperty("progress"), true);
        Device device = Check.parseEnum("-Ddevice", p.getProperty("device", "cpu"), Device.class);
        Optional<DataSource> data = Optional.ofNullable(p.getProperty("data"))
                .map(d -> Check.parseEnum("-Ddata", d, DataSource.class));
        Optional<List<String>> cells = Optional.ofNullable(p.getProperty("cells")).map(c -> parseList("-Dcells", c));
        Optional<List<String>> methods = Optional.ofNullable(p.getProperty("methods")).map(c -> parseList("-Dmethods", c));
        Optional<Long> stopAfter = Optional.ofNullable(p.getProperty("stop-after"))
                .map(s -> parseLong("-Dstop-after", s, 1, 1_000_000_000L));
        SortedMap<String, String> overrides = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("budget.")) {
                overrides.put(key.substring("budget.".length()), p.getProperty(key).trim());
            }
        }
        Evaluation evaluate = Check.parseEnum("-Devaluate", p.getProperty("evaluate", "test"), Evaluation.class);
        boolean allowCpu = Flags.parse("allow-cpu", p.getProperty("allow-cpu"), false);
        SortedMap<String, String> given = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (ours(key)) {
                given.put(key, p.getProperty(key).trim());
            }
        }
        return new RunOptions(profile, seeds, steps, root, prog, device, data, cells, methods,
                stopAfter, Collections.unmodifiableSortedMap(overrides), evaluate, allowCpu,
                Collections.unmodifiableSortedMap(given));
    }

    /**
     * A runner's own option as given ({@code -Dstage}, {@code -Dtop-k}, {@code -Ddata.unlabeled}); the
     * runner declares it in {@link Runner#options()}, so it was checked to be one it reads.
     */
    public Optional<String> option(String name) {
        return Optional.ofNullable(given.get(name));
    }

    static List<String> parseList(String field, String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                throw new ConfigException(field, "'" + text + "' has an empty entry");
            }
            if (out.contains(t)) {
                throw new ConfigException(field, "'" + t + "' is listed twice");
            }
            out.add(t);
        }
        return List.copyOf(out);
    }

    /** {@code results/<table>/<profile>} under the root. */
    public Path resultsDir(String table) {
        return root.resolve("results").resolve(table).resolve(profile.id());
    }

    static List<Long> parseSeeds(String text) {
        String t = text.trim();
        List<Long> out = new ArrayList<>();
        if (t.matches("\\d+\\.\\.\\d+")) {
            String[] ends = t.split("\\.\\.");
            long lo = parseLong("-Dseeds", ends[0], 0, Integer.MAX_VALUE);
            long hi = parseLong("-Dseeds", ends[1], 0, Integer.MAX_VALUE);
            if (hi < lo || hi - lo >= 1000) {
                throw new ConfigException("-Dseeds", "range '" + t + "' must be ascending and hold at most 1000 seeds");
            }
            for (long s = lo; s <= hi; s++) {
                out.add(s);
            }
        } else {
            for (String part : t.split(",")) {
                long s = parseLong("-Dseeds", part, 0, Integer.MAX_VALUE);
                if (out.contains(s)) {
                    throw new ConfigException("-Dseeds", "seed " + s + " is listed twice");
                }
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static long parseLong(String field, String text, long lo, long hi) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(field, "'" + text + "' is not an integer; allowed [" + lo + ", " + hi + "]");
        }
        return Check.closed(field, v, lo, hi);
    }
}
