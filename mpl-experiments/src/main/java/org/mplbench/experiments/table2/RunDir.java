package org.mplbench.experiments.table2;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.mplbench.config.ConfigException;
import org.mplbench.experiments.run.Plan;
import org.mplbench.io.FileFormatException;
import org.mplbench.reports.AtomicText;
import org.mplbench.train.Checkpoints;

/**
 * One run's directory: {@code config.json} (the run's specification), {@code metrics.jsonl} (one
 * line per evaluation), {@code train.jsonl} (losses), {@code checkpoint/} (the latest complete
 * checkpoint: {@link Checkpoints}) and {@code result.json} (written once, atomically, when the run
 * ends; its presence means the run is done).
 */
public final class RunDir {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    private final Path dir;

    public RunDir(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    public Checkpoints checkpoints() {
        return new Checkpoints(dir);
    }

    Path metricsFile() {
        return dir.resolve("metrics.jsonl");
    }

    Path resultFile() {
        return dir.resolve("result.json");
    }

    /** The finished run's result, if this run has ended (successfully or not). */
    public Optional<RunResult> result() throws IOException {
        Path f = resultFile();
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            RunResult r = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), RunResult.class);
            if (r == null || r.status() == null || r.run() == null) {
                throw new FileFormatException(f.toString(), "not a run result (missing status or run); delete " + dir
                        + " to rerun it");
            }
            return Optional.of(r);
        } catch (JsonParseException e) {
            throw new FileFormatException(f.toString(), "not valid JSON (" + e.getMessage() + "); delete " + dir
                    + " to rerun it", e);
        }
    }

    /**
     * Writes the resolved configuration, or checks it against the one an earlier invocation wrote:
     * a run is never continued under different settings.
     */
    public void writeConfig(String json) throws IOException {
        Path f = dir.resolve("config.json");
        if (Files.isRegularFile(f)) {
            String old = Files.readString(f, StandardCharsets.UTF_8);
            if (!old.equals(json)) {
                throw new ConfigException(f.toString(), "holds a different configuration from this invocation's "
                        + "(changed code defaults or options?); delete " + dir + " to rerun it, or use the earlier settings");
            }
            return;
        }
        Files.createDirectories(dir);
        AtomicText.write(f, json);
    }

    /** {@code train.jsonl}: the losses logged every few steps (for the training-curve figures). */
    Path trainLogFile() {
        return dir.resolve("train.jsonl");
    }

    void appendMetrics(JsonObject line) throws IOException {
        append(metricsFile(), line);
    }

    private void append(Path file, JsonObject line) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(file, new Gson().toJson(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The evaluation lines, each with its {@code step}. */
    List<JsonObject> metrics() throws IOException {
        return lines(metricsFile());
    }

    /** The logged-loss lines, each with its {@code step}. */
    List<JsonObject> trainLog() throws IOException {
        return lines(trainLogFile());
    }

    private static List<JsonObject> lines(Path file) throws IOException {
        List<JsonObject> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                if (!o.has("step")) {
                    throw new IOException(file + ":" + n + ": no step field");
                }
                out.add(o);
            } catch (JsonParseException | IllegalStateException e) {
                // a line cut short by a crash is only possible last; anything else is corruption
                throw new IOException(file + ":" + n + ": not a JSON object: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Drops evaluation and loss lines after {@code step} (written after the checkpoint a run resumes from). */
    void truncateMetrics(long step) throws IOException {
        truncate(metricsFile(), step);
        truncate(trainLogFile(), step);
    }

    private static void truncate(Path file, long step) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        List<String> keep = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            try {
                if (JsonParser.parseString(line).getAsJsonObject().get("step").getAsLong() <= step) {
                    keep.add(line);
                }
            } catch (RuntimeException e) {
                // an unparsable line can only be the one a crash cut short: drop it
            }
        }
        AtomicText.write(file, keep.isEmpty() ? "" : String.join("\n", keep) + "\n");
    }

    void writeResult(RunResult r) throws IOException {
        AtomicText.write(resultFile(), GSON.toJson(r));
    }

    /**
     * Where the run stands for an executor: ended (with {@code describe} of its result, or its failure),
     * a checkpoint at some step of {@code totalSteps}, started, or not started.
     */
    public Plan.State state(long totalSteps, Function<RunResult, String> describe) throws IOException {
        Optional<RunResult> done = result();
        if (done.isPresent()) {
            return state(done.get(), describe);
        }
        Optional<Checkpoints.State> checkpoint = checkpoints().latest();
        if (checkpoint.isPresent()) {
            return new Plan.State(Plan.Status.PARTIAL, "checkpoint at step " + checkpoint.get().step() + " of " + totalSteps);
        }
        return new Plan.State(Files.isDirectory(path()) ? Plan.Status.PARTIAL : Plan.Status.NOT_STARTED, "");
    }

    /** The state after an execution that returned {@code r} (null: stopped with a checkpoint). */
    public Plan.State state(RunResult r, Function<RunResult, String> describe) throws IOException {
        if (r == null) {
            return new Plan.State(Plan.Status.STOPPED, "checkpoint at step " + checkpoints().latest().map(s -> s.step()).orElse(0L));
        }
        return r.ok() ? new Plan.State(Plan.Status.DONE, describe.apply(r)) : new Plan.State(Plan.Status.FAILED, r.message());
    }
}
