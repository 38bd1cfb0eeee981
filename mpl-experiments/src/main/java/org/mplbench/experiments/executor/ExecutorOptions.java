package org.mplbench.experiments.executor;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.config.Flags;

/**
 * How a plan's runs execute, for runners that have a plan.
 *
 * @param slurm {@code -Dexecutor=slurm} (default {@code local})
 * @param parallel {@code -Dparallel=N}: local runs at once, each in its own JVM (default 1: in process)
 * @param task {@code -Dtask=I}: execute planned run I only, and nothing else (what workers and Slurm
 *     tasks run)
 * @param taskKey {@code -Dtask-key=K}: the key run I must have (a task refuses a plan that changed
 *     since submission)
 * @param status {@code -Dstatus}: print where each run stands (on disk, and in Slurm's queue)
 */
public record ExecutorOptions(boolean slurm, int parallel, OptionalInt task, Optional<String> taskKey, boolean status) {

    /** The options of plan runners' executors ({@code slurm.*} are {@link SlurmSettings}'). */
    public static final Set<String> OPTIONS = Set.of("executor", "parallel", "task", "task-key", "status", "slurm.*");

    public ExecutorOptions {
        Check.closed("-Dparallel", parallel, 1, 1024);
        if (slurm && parallel > 1) {
            throw new ConfigException("-Dparallel", "is for -Dexecutor=local; on Slurm use -Dslurm.throttle");
        }
        if (task.isPresent() && (slurm || parallel > 1 || status)) {
            throw new ConfigException("-Dtask", "runs one planned run in this process; it takes no -Dexecutor, "
                    + "-Dparallel or -Dstatus");
        }
        if (taskKey.isPresent() && task.isEmpty()) {
            throw new ConfigException("-Dtask-key", "needs -Dtask");
        }
    }

    public static ExecutorOptions from(Properties p) {
        String executor = p.getProperty("executor", "local").trim();
        if (!executor.equals("local") && !executor.equals("slurm")) {
            throw new ConfigException("-Dexecutor", "'" + executor + "' is not an executor; use local or slurm");
        }
        if (!executor.equals("slurm")) {
            for (String k : p.stringPropertyNames()) {
                if (k.startsWith("slurm.")) {
                    throw new ConfigException("-D" + k, "is a Slurm setting; it needs -Dexecutor=slurm");
                }
            }
        }
        int parallel = integer(p, "parallel", 1);
        OptionalInt task = p.getProperty("task") == null ? OptionalInt.empty()
                : OptionalInt.of(Check.closed("-Dtask", integer(p, "task", 0), 0, Integer.MAX_VALUE));
        Optional<String> key = Optional.ofNullable(p.getProperty("task-key")).map(String::trim);
        return new ExecutorOptions(executor.equals("slurm"), parallel, task, key,
                Flags.parse("status", p.getProperty("status"), false));
    }

    /** Whether anything but the default (sequential, in process) was asked for. */
    public boolean nonDefault() {
        return slurm || parallel > 1 || task.isPresent() || status;
    }

    /** Whether {@code p} holds an executor option at all (for runners that have none). */
    public static Optional<String> anyIn(Properties p) {
        return p.stringPropertyNames().stream()
                .filter(k -> OPTIONS.contains(k) || k.startsWith("slurm.")).sorted().findFirst();
    }

    /** {@code -Dkey} as an integer, {@code fallback} when unset; a usage error naming it when not an integer. */
    static int integer(Properties p, String key, int fallback) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("-D" + key, "'" + v + "' is not an integer");
        }
    }
}
