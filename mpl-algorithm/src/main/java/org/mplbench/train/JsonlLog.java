package org.mplbench.train;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Appends each logged step to a JSON-lines file as {@code {"step": done, "train": {scalars}}} (the
 * step count after the step, as evaluations count). One line per write: a crash loses at most the
 * line being written, which readers skip (see the run directory's reader).
 */
public final class JsonlLog implements TrainingListener {

    private static final Gson GSON = new Gson();
    private final Path file;

    public JsonlLog(Path file) {
        this.file = file;
    }

    @Override
    public void onLog(long step, Map<String, Double> scalars) {
        JsonObject line = new JsonObject();
        line.addProperty("step", step + 1);
        line.add("train", scalars(scalars));
        append(file, line);
    }

    /** The scalars as a JSON object, in their order. */
    public static JsonObject scalars(Map<String, Double> scalars) {
        JsonObject sc = new JsonObject();
        scalars.forEach(sc::addProperty);
        return sc;
    }

    /** Appends one line to {@code file} (created with its folder when missing). */
    public static void append(Path file, JsonObject line) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, GSON.toJson(line) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
