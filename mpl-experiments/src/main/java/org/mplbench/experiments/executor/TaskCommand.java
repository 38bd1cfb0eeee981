package org.mplbench.experiments.executor;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.mplbench.experiments.run.Launcher;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.RunOptions;

/**
 * The command of a training JVM that executes one planned run ({@code -Dtask=<index>}): a java, this
 * JVM's memory flags, the invocation's options without the executor's own, what pins the plan
 * ({@link Plan#pinnedOptions}), the native thread count and the class path; plus the environment
 * it needs. Local workers and Slurm tasks run the same command.
 *
 * @param java the {@code java} executable
 * @param jvmFlags memory and JIT flags of this JVM ({@code -Xmx}, {@code -XX:})
 * @param properties the {@code -Dkey=value} options, sorted
 * @param classpath this code's class path (on a cluster: a shared file system's paths)
 * @param environment variables to set ({@code GLIBC_TUNABLES} for the allocator, engine settings)
 */
public record TaskCommand(String java, List<String> jvmFlags, List<String> properties, String classpath,
        Map<String, String> environment) {

    /** Options an executor consumes itself; a task never sees them. */
    static final List<String> EXECUTOR_OPTIONS = List.of("executor", "parallel", "status", "task", "task-key", "threads",
            "report-only", "mpl.fork", "mpl.root");

    /** Engine settings passed on to a task when set here (a user's libtorch, DJL's caches). */
    static final List<String> ENGINE_VARIABLES = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "PYTORCH_PRECXX11", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "DJL_OFFLINE", "OPT_OUT_TRACKING");

    public TaskCommand {
        jvmFlags = List.copyOf(jvmFlags);
        properties = List.copyOf(properties);
        // sorted: a script's text depends on nothing but the values
        environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
    }

    /**
     * The task command of this invocation ({@code p}) for {@code plan}, with {@code threads} native
     * threads per task and the allocator settings when {@code tuneAllocator}.
     */
    public static TaskCommand of(Properties p, Plan plan, RunOptions o, int threads, boolean tuneAllocator, Path java,
            Map<String, String> env) {
        Map<String, String> props = new TreeMap<>();
        for (String kv : Launcher.forwardedProperties(p)) {
            String key = kv.substring(2, kv.indexOf('='));
            if (!EXECUTOR_OPTIONS.contains(key) && !key.startsWith("slurm.")) {
                props.put(key, kv.substring(kv.indexOf('=') + 1));
            }
        }
        props.putAll(plan.pinnedOptions());
        props.put("mpl.root", o.root().toString());
        props.put("mpl.fork", "false");
        props.put("threads", Integer.toString(threads));
        List<String> properties = new ArrayList<>();
        props.forEach((k, v) -> properties.add("-D" + k + "=" + v));
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xm") || arg.startsWith("-Xss") || arg.startsWith("-XX:")) {
                flags.add(arg);
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (tuneAllocator) {
            environment.put("GLIBC_TUNABLES", Launcher.TUNABLES);
        }
        for (String v : ENGINE_VARIABLES) {
            if (env.get(v) != null) {
                environment.put(v, env.get(v));
            }
        }
        return new TaskCommand(java.toString(), flags, properties, Launcher.classpath(), environment);
    }

    /** The whole command line of the task that runs planned run {@code index} ({@code key}). */
    public List<String> forRun(int index, String key) {
        List<String> cmd = new ArrayList<>(prefix());
        cmd.add("-Dtask=" + index);
        cmd.add("-Dtask-key=" + key);
        cmd.addAll(suffix());
        return cmd;
    }

    /** java, JVM flags and options: what comes before the task's own options. */
    List<String> prefix() {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmFlags);
        cmd.addAll(properties);
        return cmd;
    }

    /** The class path and the main class: what comes after the task's own options. */
    List<String> suffix() {
        return List.of("-cp", classpath, "org.mplbench.experiments.Main");
    }

    /** The same command with the java, the class path and the JVM flags given (for scripts and tests). */
    public TaskCommand with(String java, String classpath, List<String> jvmFlags) {
        return new TaskCommand(java, jvmFlags, properties, classpath, environment);
    }
}
