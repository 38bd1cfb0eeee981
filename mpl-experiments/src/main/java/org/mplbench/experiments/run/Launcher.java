package org.mplbench.experiments.run;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.mplbench.config.Flags;

/**
 * Starts the training JVM with the native environment the engine needs, which a running JVM can
 * no longer give itself (glibc reads its tunables when the process starts):
 * {@code GLIBC_TUNABLES} that keep freed memory in one arena for reuse instead of returning it to
 * the kernel. MXNet 1.9 has no CPU memory pool, so without them every large activation is a fresh
 * {@code mmap} whose pages the kernel zeroes again each step: at labeled 64, μ 7 a WRN-28-2 MPL
 * step took 21–26 s instead of 10.4 s, half of it in page faults (docs/performance.md).
 *
 * <p>{@code mvn exec:java} runs {@code Main} inside Maven's JVM; {@code Main.main} then re-runs
 * itself in a child JVM with the same class path, JVM memory flags and {@code -D} options, and
 * exits with the child's status. {@code -Dmpl.fork=false} (or a non-Linux system) runs in process.
 */
public final class Launcher {

    /** Set in the child's environment: it is the training process and must not fork again. */
    static final String CHILD_MARK = "MPL_LAUNCHED";

    /** glibc malloc: one arena, no per-block mmap, no trimming (values are bytes or counts). */
    public static final String TUNABLES =
            "glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736";

    private static final List<String> FORWARDED_PREFIXES =
            List.of("bench.", "budget.", "data.", "nightly.", "mpl.", "slurm.", "ai.djl.", "golden.", "OPT_OUT_TRACKING");

    private Launcher() {}

    /** Whether {@code Main.main} should re-run itself in a child JVM. */
    public static boolean needed(Properties p, Map<String, String> env) {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
        return linux && !env.containsKey(CHILD_MARK) && Flags.parse("mpl.fork", p.getProperty("mpl.fork"), true)
                && !env.getOrDefault("GLIBC_TUNABLES", "").contains("arena_max");
    }

    /** Runs {@code mainClass} in a child JVM with {@link #environment}; returns its exit status. */
    public static int relaunch(Properties p, Class<?> mainClass) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xm") || arg.startsWith("-Xss") || arg.startsWith("-XX:")) {
                cmd.add(arg);
            }
        }
        cmd.addAll(forwardedProperties(p));
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass.getName());
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().putAll(environment(System.getenv()));
        pb.environment().put(CHILD_MARK, "1");
        Process child = pb.start();
        Thread killer = new Thread(child::destroy, "stop-training-jvm");
        Runtime.getRuntime().addShutdownHook(killer);
        int code = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(killer);
        return code;
    }

    /** The allocator settings added to {@code env}'s own {@code GLIBC_TUNABLES}. */
    public static Map<String, String> environment(Map<String, String> env) {
        String own = env.getOrDefault("GLIBC_TUNABLES", "");
        return Map.of("GLIBC_TUNABLES", own.isBlank() ? TUNABLES : own + ":" + TUNABLES);
    }

    /** The options of ours among {@code p}: names without a dot ({@code table}, {@code steps}, ...) and our prefixes. */
    public static List<String> forwardedProperties(Properties p) {
        List<String> out = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.contains(".") && !key.isBlank() || FORWARDED_PREFIXES.stream().anyMatch(key::startsWith)) {
                out.add("-D" + key + "=" + p.getProperty(key));
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * This code's class path: {@code java.class.path} plus the URLs of the loaders above this
     * class (under {@code mvn exec:java} the project's class path lives in a plugin class loader).
     */
    public static String classpath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader l = Launcher.class.getClassLoader(); l != null; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: skip
                    }
                }
            }
        }
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                // absolute: the class path also serves JVMs started elsewhere (workers, cluster tasks)
                entries.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
