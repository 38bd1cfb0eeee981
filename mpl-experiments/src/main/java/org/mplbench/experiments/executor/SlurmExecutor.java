package org.mplbench.experiments.executor;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Plan;
import org.mplbench.experiments.run.Plan.State;
import org.mplbench.experiments.run.Plan.Status;
import org.mplbench.io.FileFormatException;
import org.mplbench.reports.AtomicText;

/**
 * {@code -Dexecutor=slurm}: submits a plan's runs that have not ended as one job array (one task per
 * run, by the plan's index) plus a merge job that renders the table after them, from the results
 * directory, which must be on a file system every node sees at the same path. Writes under
 * {@code <results>/slurm/}: {@code array.sbatch}, {@code merge.sbatch}, {@code runs.tsv} (index → run),
 * {@code submission.json} (job ids) and {@code logs/}. {@link #status} and {@link #notes} read them back.
 */
public final class SlurmExecutor {

    static final String DIR = "slurm";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** What was submitted: the job ids, when, and the plan indices of the array's tasks. */
    record Submission(String arrayJob, String mergeJob, String mergeName, String submittedAt, List<Integer> indices) {}

    /** Runs a command (sbatch, squeue) and returns its standard output; the seam tests replace. */
    @FunctionalInterface
    public interface Commands {
        String run(List<String> command, Path workingDir) throws IOException, InterruptedException;
    }

    /** Runs commands as processes; a missing Slurm client is a usage error. */
    public static final Commands PROCESSES = (command, dir) -> {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new ConfigException("-Dexecutor=slurm", command.get(0) + " could not be started (" + e.getMessage()
                    + "): submit from a machine of the cluster (a login node) with Slurm's client commands on PATH");
        }
        byte[] stdout = p.getInputStream().readAllBytes();
        byte[] stderr = p.getErrorStream().readAllBytes();
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + code + ": "
                    + new String(stderr, StandardCharsets.UTF_8).trim());
        }
        return new String(stdout, StandardCharsets.UTF_8);
    };

    private SlurmExecutor() {}

    /**
     * Writes the scripts for the runs of {@code plan} that have not ended and submits them (unless a dry
     * run); returns false when there was nothing to submit.
     */
    public static boolean submit(Plan plan, String profile, SlurmSettings s, boolean gpu, TaskCommand command,
            Commands commands, PrintStream out) throws IOException, InterruptedException {
        plan.prepare();
        Path results = plan.resultsDir();
        Path dir = results.resolve(DIR);
        Files.createDirectories(results.resolve(SlurmScript.LOGS));
        List<Plan.Item> runs = plan.runs();
        SortedMap<Integer, String> pending = new TreeMap<>();
        StringBuilder tsv = new StringBuilder("index\trun\n");
        for (int i = 0; i < runs.size(); i++) {
            tsv.append(i).append('\t').append(runs.get(i).key()).append('\n');
            if (!plan.state(i).status().ended()) {
                pending.put(i, runs.get(i).key());
            }
        }
        AtomicText.write(dir.resolve("runs.tsv"), tsv.toString());
        if (pending.isEmpty()) {
            out.println("every run of " + results + " has ended: nothing to submit");
            return false;
        }
        String title = String.format(Locale.ROOT, "-Dtable=%s -Dprofile=%s: %d of %d runs, results in %s", plan.table(),
                profile, pending.size(), runs.size(), results).replace('\n', ' ');
        String job = ("mpl-" + plan.table() + "-" + profile).replaceAll("[^A-Za-z0-9_.-]", "_");
        Path array = dir.resolve("array.sbatch");
        Path merge = dir.resolve("merge.sbatch");
        AtomicText.write(array, SlurmScript.array(title, job, pending, s, gpu, command));
        AtomicText.write(merge, SlurmScript.merge(title, job + "-merge", s, command));
        array.toFile().setExecutable(true);
        merge.toFile().setExecutable(true);
        List<String> submitArray = List.of("sbatch", "--parsable", DIR + "/array.sbatch");
        if (s.dryRun()) {
            out.println("dry run: wrote " + array + " and " + merge + "; to submit, from " + results + ":");
            out.println("  " + String.join(" ", submitArray));
            out.println("  sbatch --parsable --dependency=afterany:<array job id> --export=ALL,MPL_ARRAY_JOB=<array job id> "
                    + DIR + "/merge.sbatch");
            return true;
        }
        String arrayJob = jobId(commands.run(submitArray, results));
        String mergeJob = jobId(commands.run(List.of("sbatch", "--parsable", "--dependency=afterany:" + arrayJob,
                "--export=ALL,MPL_ARRAY_JOB=" + arrayJob, DIR + "/merge.sbatch"), results));
        AtomicText.write(dir.resolve("submission.json"), GSON.toJson(new Submission(arrayJob, mergeJob, job + "-merge",
                Instant.now().toString(), List.copyOf(pending.keySet()))) + "\n");
        out.println(String.format(Locale.ROOT, "submitted %d runs as Slurm array job %s (%s) and merge job %s; "
                + "logs in %s; follow with -Dstatus", pending.size(), arrayJob, SlurmScript.indexList(
                        List.copyOf(pending.keySet())), mergeJob, results.resolve(SlurmScript.LOGS)));
        return true;
    }

    /** {@code sbatch --parsable} prints {@code id} or {@code id;cluster}. */
    static String jobId(String parsable) throws IOException {
        String id = parsable.trim().split(";")[0];
        if (!id.matches("\\d+")) {
            throw new IOException("sbatch printed '" + parsable.trim() + "', not a job id");
        }
        return id;
    }

    static Optional<Submission> submission(Path results) throws IOException {
        Path f = results.resolve(DIR).resolve("submission.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            Submission s = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), Submission.class);
            if (s == null || s.arrayJob() == null || s.indices() == null) {
                throw new JsonParseException("missing job ids");
            }
            return Optional.of(s);
        } catch (JsonParseException e) {
            throw new FileFormatException(f.toString(), "is not a submission record (" + e.getMessage() + ")", e);
        }
    }

    /** The log of array task {@code index}, relative to the results directory. */
    static String log(int index) {
        return SlurmScript.LOGS + "/task-" + index + ".log";
    }

    /**
     * For the table: each run of the last submission that has no result, or failed, with its log —
     * so that a failed task is a marked row, never a silently missing one. Empty without a submission.
     */
    public static List<String> notes(Plan plan) throws IOException {
        Optional<Submission> sub = submission(plan.resultsDir());
        List<String> notes = new ArrayList<>();
        if (sub.isEmpty()) {
            return notes;
        }
        List<Plan.Item> runs = plan.runs();
        for (int i : sub.get().indices()) {
            if (i >= runs.size()) {
                continue;
            }
            State s = plan.state(i);
            if (s.status() == Status.DONE) {
                continue;
            }
            String why = s.status() == Status.FAILED ? "failed: " + s.detail()
                    : "no result: its task ended without one (" + s.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + (s.detail().isEmpty() ? "" : ", " + s.detail()) + ")";
            notes.add("`" + runs.get(i).key() + "` (Slurm array task " + sub.get().arrayJob() + "_" + i + "): " + why
                    + "; log `" + log(i) + "`");
        }
        return notes;
    }

    /** One line per run: its state on disk and, for a submitted table, in Slurm's queue. */
    public static void status(Plan plan, Commands commands, PrintStream out) throws IOException, InterruptedException {
        Optional<Submission> sub = submission(plan.resultsDir());
        Map<Integer, String> queued = new HashMap<>();
        String merge = null;
        if (sub.isPresent()) {
            for (String line : queue(commands, plan.resultsDir(), List.of("squeue", "-h", "-r", "-j",
                    sub.get().arrayJob(), "-o", "%i|%T|%R"))) {
                String[] f = line.split("\\|", 3);
                int us = f[0].lastIndexOf('_');
                if (f.length == 3 && us > 0 && f[0].substring(us + 1).matches("\\d+")) {
                    queued.put(Integer.parseInt(f[0].substring(us + 1)), f[1].toLowerCase(Locale.ROOT)
                            + (f[1].equals("RUNNING") ? " on " : " (") + f[2] + (f[1].equals("RUNNING") ? "" : ")"));
                }
            }
            List<String> m = queue(commands, plan.resultsDir(), List.of("squeue", "-h", "-j", sub.get().mergeJob(),
                    "-o", "%T|%R"));
            if (m.isEmpty() && sub.get().mergeName() != null) {
                // after a requeue the merge job hands over to a successor of the same name
                m = queue(commands, plan.resultsDir(), List.of("squeue", "-h", "-n", sub.get().mergeName(), "-o",
                        "%T|%R|%i"));
            }
            if (m.isEmpty()) {
                merge = "not in the queue (ended)";
            } else {
                String[] f = m.get(0).split("\\|");
                merge = f[0] + (f.length > 1 ? " (" + f[1] + ")" : "") + (f.length > 2 ? ", as its successor job " + f[2] : "");
            }
        }
        List<Plan.Item> runs = plan.runs();
        Map<String, Integer> counts = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            State s = plan.state(i);
            String state;
            String detail = s.detail();
            if (s.status().ended()) {
                state = s.status() == Status.DONE ? "done" : "failed";
            } else if (queued.containsKey(i)) {
                String q = queued.get(i);
                state = q.startsWith("running") ? "running" : "pending";
                detail = q + (detail.isEmpty() ? "" : "; " + detail);
            } else if (sub.isPresent() && sub.get().indices().contains(i)) {
                state = "failed";
                detail = "task ended without a result" + (detail.isEmpty() ? "" : " (" + detail + ")") + "; log "
                        + log(i);
            } else {
                state = s.status() == Status.NOT_STARTED ? "not started" : "partial";
            }
            counts.merge(state, 1, Integer::sum);
            lines.add(String.format(Locale.ROOT, "%4d  %-44s %-11s %s", i, runs.get(i).key(), state, detail).stripTrailing());
        }
        StringBuilder summary = new StringBuilder();
        counts.forEach((k, v) -> summary.append(summary.length() == 0 ? "" : ", ").append(v).append(' ').append(k));
        out.println(plan.resultsDir() + ": " + runs.size() + " runs: " + summary);
        sub.ifPresent(x -> out.println("Slurm: array job " + x.arrayJob() + " submitted " + x.submittedAt()
                + "; tasks' logs in " + plan.resultsDir().resolve(SlurmScript.LOGS)));
        out.println(String.format(Locale.ROOT, "%4s  %-44s %-11s %s", "#", "run", "state", "detail"));
        lines.forEach(out::println);
        if (merge != null) {
            out.println("merge job " + sub.get().mergeJob() + ": " + merge);
        }
    }

    private static List<String> queue(Commands commands, Path dir, List<String> command)
            throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        String text;
        try {
            text = commands.run(command, dir);
        } catch (IOException e) {
            // squeue refuses ids the controller has already forgotten: nothing of them is queued
            return out;
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(line.trim());
            }
        }
        return out;
    }
}
