package org.mplbench.experiments.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The two batch scripts of a table on Slurm, as text a user can read and resubmit by hand: a job
 * array with one task per planned run ({@link #array}), and a merge job that renders the table once
 * every task has ended ({@link #merge}). Both run with the results directory as working directory, so
 * their {@code #SBATCH} lines hold relative paths only; everything in the shell part is quoted.
 */
public final class SlurmScript {

    /** Where logs go, relative to the results directory. */
    public static final String LOGS = "slurm/logs";

    private SlurmScript() {}

    /**
     * The job array.
     *
     * @param title one line on what the table is
     * @param jobName the array's name (letters, digits, {@code - _ .})
     * @param keys the planned runs to submit: array index (the plan's index) → run key
     * @param gpu whether each task asks for {@code --gres=gpu:N}
     */
    public static String array(String title, String jobName, SortedMap<Integer, String> keys, SlurmSettings s,
            boolean gpu, TaskCommand command) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# ").append(title).append('\n');
        b.append("# One run of the table per array task, by the plan's index; a requeued or preempted task resumes\n")
                .append("# from its run's checkpoint (the JVM saves one on SIGTERM). Written by the MPL benchmark suite;\n")
                .append("# submitted from the results directory, which every node must see at the same path.\n");
        b.append("#SBATCH --job-name=").append(jobName).append('\n');
        b.append("#SBATCH --array=").append(indexList(keys.keySet().stream().toList())).append('%')
                .append(s.throttle()).append('\n');
        b.append("#SBATCH --ntasks=1\n");
        b.append("#SBATCH --cpus-per-task=").append(s.cpus()).append('\n');
        b.append("#SBATCH --time=").append(s.time()).append('\n');
        common(b, s);
        if (gpu) {
            b.append("#SBATCH --gres=gpu:").append(s.gpus()).append('\n');
        }
        b.append("#SBATCH --requeue\n");
        b.append("#SBATCH --open-mode=append\n");
        b.append("#SBATCH --output=").append(LOGS).append("/task-%a.log\n");
        b.append("set -euo pipefail\n\n");
        b.append("case \"${SLURM_ARRAY_TASK_ID:?not a Slurm array task}\" in\n");
        for (Map.Entry<Integer, String> e : keys.entrySet()) {
            b.append("  ").append(e.getKey()).append(") key=").append(Shell.quote(e.getValue())).append(" ;;\n");
        }
        b.append("  *) echo \"array index $SLURM_ARRAY_TASK_ID is not in this table's plan\" >&2; exit 2 ;;\n");
        b.append("esac\n");
        b.append("echo \"== task $SLURM_ARRAY_TASK_ID ($key) on $(hostname), attempt ${SLURM_RESTART_COUNT:-0}, "
                + "$(date -u +%Y-%m-%dT%H:%M:%SZ)${CUDA_VISIBLE_DEVICES:+, CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES}\"\n\n");
        environment(b, command);
        b.append("exec");
        for (String w : command.prefix()) {
            b.append(" \\\n  ").append(Shell.quote(w));
        }
        b.append(" \\\n  \"-Dtask=$SLURM_ARRAY_TASK_ID\" \\\n  \"-Dtask-key=$key\"");
        for (String w : command.suffix()) {
            b.append(" \\\n  ").append(Shell.quote(w));
        }
        return b.append('\n').toString();
    }

    /** The merge job: renders runs.csv, the table and its figures from what the tasks left. */
    public static String merge(String title, String jobName, SlurmSettings s, TaskCommand command) {
        StringBuilder b = new StringBuilder("#!/bin/bash\n");
        b.append("# ").append(title).append(": merge, which renders the table once every array task has ended\n");
        b.append("# (submitted with --dependency=afterany:<array job>). Written by the MPL benchmark suite.\n");
        b.append("#SBATCH --job-name=").append(jobName).append('\n');
        b.append("#SBATCH --ntasks=1\n");
        b.append("#SBATCH --cpus-per-task=1\n");
        b.append("#SBATCH --time=01:00:00\n");
        common(b, s);
        b.append("#SBATCH --output=").append(LOGS).append("/merge-%j.log\n");
        b.append("set -euo pipefail\n\n");
        b.append("# A requeued task ends once (satisfying afterany) before it runs again: while the array still has\n")
                .append("# tasks in the queue, hand over to a new merge job that waits for them.\n")
                .append("array=\"${MPL_ARRAY_JOB:?submit with --export=ALL,MPL_ARRAY_JOB=<array job id>}\"\n")
                .append("if [[ -n \"$(squeue -h -r -j \"$array\" -o %i 2>/dev/null)\" ]]; then\n")
                .append("  echo \"array job $array still has tasks in the queue; merging after them\"\n")
                .append("  exec sbatch --parsable --dependency=\"afterany:$array\" --export=\"ALL,MPL_ARRAY_JOB=$array\" ")
                .append("slurm/merge.sbatch\n")
                .append("fi\n\n");
        environment(b, command);
        b.append("exec");
        for (String w : command.prefix()) {
            b.append(" \\\n  ").append(Shell.quote(w));
        }
        b.append(" \\\n  ").append(Shell.quote("-Dreport-only=true"));
        for (String w : command.suffix()) {
            b.append(" \\\n  ").append(Shell.quote(w));
        }
        return b.append('\n').toString();
    }

    private static void common(StringBuilder b, SlurmSettings s) {
        s.partition().ifPresent(p -> b.append("#SBATCH --partition=").append(p).append('\n'));
        s.account().ifPresent(p -> b.append("#SBATCH --account=").append(p).append('\n'));
        s.qos().ifPresent(p -> b.append("#SBATCH --qos=").append(p).append('\n'));
        s.mem().ifPresent(p -> b.append("#SBATCH --mem=").append(p).append('\n'));
    }

    private static void environment(StringBuilder b, TaskCommand command) {
        for (Map.Entry<String, String> e : command.environment().entrySet()) {
            b.append("export ").append(e.getKey()).append('=').append(Shell.quote(e.getValue())).append('\n');
        }
    }

    /** Indices as Slurm's array list: ascending, runs of consecutive ones as ranges ({@code 0-3,5,7-8}). */
    public static String indexList(List<Integer> indices) {
        List<Integer> sorted = new ArrayList<>(indices);
        sorted.sort(null);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            int start = sorted.get(i);
            int end = start;
            while (i + 1 < sorted.size() && sorted.get(i + 1) == end + 1) {
                end = sorted.get(++i);
            }
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(start);
            if (end > start) {
                b.append('-').append(end);
            }
        }
        return b.toString();
    }
}
