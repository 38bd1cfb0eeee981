package org.mplbench.experiments.executor;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.config.Flags;

/**
 * What a Slurm submission asks of the cluster ({@code -Dslurm.*}). Values that go into
 * {@code #SBATCH} lines (which sbatch reads without shell quoting) are checked against the forms
 * Slurm accepts, so nothing else can reach those lines.
 *
 * @param partition {@code -Dslurm.partition}: the partition (queue); empty: the cluster's default
 * @param account {@code -Dslurm.account}: the account to charge; empty: the user's default
 * @param qos {@code -Dslurm.qos}; empty: the default
 * @param time {@code -Dslurm.time}: wall-time limit of each task (Slurm's forms: {@code MM},
 *     {@code HH:MM:SS}, {@code D-HH[:MM[:SS]]}); default 24:00:00
 * @param throttle {@code -Dslurm.throttle}: at most this many tasks at once (the array's {@code %});
 *     default 8
 * @param cpus {@code -Dslurm.cpus}: cores per task, also its native thread count; default the
 *     runner's threads for 4 cores
 * @param mem {@code -Dslurm.mem}: memory per task ({@code 16G}); empty: the cluster's default
 * @param gpus {@code -Dslurm.gpus}: GPUs per task with {@code -Ddevice=gpu} (default 1)
 * @param java {@code -Dslurm.java}: the {@code java} of the compute nodes; default this JVM's
 * @param dryRun {@code -Dslurm.dry-run}: write the scripts and print the sbatch commands, submit nothing
 */
public record SlurmSettings(Optional<String> partition, Optional<String> account, Optional<String> qos, String time,
        int throttle, int cpus, Optional<String> mem, int gpus, Path java, boolean dryRun) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.,+-]{1,64}");
    private static final Pattern TIME = Pattern.compile("\\d{1,6}|(\\d{1,3}-)?\\d{1,2}(:\\d{2}){1,2}|\\d{1,3}-\\d{1,2}");
    private static final Pattern MEM = Pattern.compile("\\d{1,9}[KMGT]?");

    public SlurmSettings {
        partition.ifPresent(p -> require("-Dslurm.partition", p, NAME, "a partition name (letters, digits, _ . , + -)"));
        account.ifPresent(p -> require("-Dslurm.account", p, NAME, "an account name (letters, digits, _ . , + -)"));
        qos.ifPresent(p -> require("-Dslurm.qos", p, NAME, "a QOS name (letters, digits, _ . , + -)"));
        require("-Dslurm.time", time, TIME, "a Slurm time limit: minutes, HH:MM:SS or D-HH:MM:SS");
        Check.closed("-Dslurm.throttle", throttle, 1, 100_000);
        Check.closed("-Dslurm.cpus", cpus, 1, 1024);
        mem.ifPresent(m -> require("-Dslurm.mem", m, MEM, "a size such as 16G or 16000M"));
        if (gpus != 1) {
            // a run trains on one device: more GPUs per task would be reserved and left idle
            throw new ConfigException("-Dslurm.gpus", gpus + ": a run trains on one GPU (several GPUs per run are not "
                    + "supported, docs/executors.md); use -Dbudget.micro_batches to fit a large step on one, and the "
                    + "array's tasks to use many");
        }
        Check.notNull("-Dslurm.java", java);
    }

    private static void require(String option, String value, Pattern form, String what) {
        if (!form.matcher(value).matches()) {
            throw new ConfigException(option, "'" + value + "' is not " + what);
        }
    }

    /** The {@code -Dslurm.*} names there are; any other is refused, not ignored. */
    static final Set<String> NAMES = Set.of("partition", "account", "qos", "time", "throttle", "cpus",
            "mem", "gpus", "java", "dry-run");

    /** The settings in {@code p}, with {@code defaultCpus} when {@code -Dslurm.cpus} is not given. */
    public static SlurmSettings from(Properties p, int defaultCpus) {
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            if (k.startsWith("slurm.") && !NAMES.contains(k.substring("slurm.".length()))) {
                throw new ConfigException("-D" + k, "is not a Slurm setting; there are -Dslurm."
                        + String.join(", -Dslurm.", new TreeSet<>(NAMES)));
            }
        }
        if (p.getProperty("threads") != null) {
            throw new ConfigException("-Dthreads", "on Slurm each task uses -Dslurm.cpus threads; use -Dslurm.cpus");
        }
        return new SlurmSettings(opt(p, "slurm.partition"), opt(p, "slurm.account"), opt(p, "slurm.qos"),
                p.getProperty("slurm.time", "24:00:00").trim(), ExecutorOptions.integer(p, "slurm.throttle", 8),
                ExecutorOptions.integer(p, "slurm.cpus", defaultCpus), opt(p, "slurm.mem"),
                ExecutorOptions.integer(p, "slurm.gpus", 1),
                Path.of(p.getProperty("slurm.java", Path.of(System.getProperty("java.home"), "bin", "java").toString())),
                Flags.parse("slurm.dry-run", p.getProperty("slurm.dry-run"), false));
    }

    private static Optional<String> opt(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }
}
