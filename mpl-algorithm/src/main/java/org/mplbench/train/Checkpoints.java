package org.mplbench.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.mplbench.config.ConfigException;
import org.mplbench.io.AtomicFiles;
import org.mplbench.io.FileFormatException;
import org.mplbench.io.Trees;
import org.mplbench.ssl.SslMethod;

/**
 * A run's latest complete checkpoint, {@code <run>/checkpoint/}: the method's whole state
 * ({@link SslMethod#save}: networks, averages, optimiser momenta, method state) and {@code state.json}
 * (the next step, the training seconds so far, the configuration hash it was written under). A
 * checkpoint is written to {@code checkpoint.new/}, completed by its {@code state.json}, and only then
 * swapped in, so a crash at any moment leaves one complete checkpoint.
 */
public final class Checkpoints {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /** Where a checkpoint stands: the next step to run and the training time spent so far. */
    public record State(long step, double trainSeconds, String configHash) {}

    private final Path runDir;

    public Checkpoints(Path runDir) {
        this.runDir = runDir;
    }

    /** The complete checkpoint's folder. */
    public Path dir() {
        return runDir.resolve("checkpoint");
    }

    private Path staging() {
        return runDir.resolve("checkpoint.new");
    }

    /** The latest complete checkpoint, finishing an interrupted swap if there was one. */
    public Optional<State> latest() throws IOException {
        if (!Files.isDirectory(dir()) && Files.isRegularFile(staging().resolve("state.json"))) {
            Files.move(staging(), dir(), StandardCopyOption.ATOMIC_MOVE);
        }
        Path state = dir().resolve("state.json");
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        try {
            State s = GSON.fromJson(Files.readString(state, StandardCharsets.UTF_8), State.class);
            if (s == null || s.configHash() == null) {
                throw new JsonParseException("no step or config hash");
            }
            return Optional.of(s);
        } catch (JsonParseException e) {
            throw new FileFormatException(state.toString(), "not a checkpoint state (" + e.getMessage() + "); delete "
                    + runDir + " to rerun it from the start", e);
        }
    }

    /**
     * Loads the latest checkpoint into {@code method}, if there is one; a checkpoint written under
     * another configuration is refused (a run is never continued under different settings).
     */
    public Optional<State> resume(SslMethod method, String configHash) throws IOException {
        Optional<State> s = latest();
        if (s.isPresent()) {
            if (!s.get().configHash().equals(configHash)) {
                throw new ConfigException(dir().toString(), "was written under config " + s.get().configHash()
                        + ", this invocation's is " + configHash + "; delete " + runDir + " to rerun");
            }
            try {
                method.load(dir());
            } catch (IOException | RuntimeException e) { // any reason a stored state does not load
                throw new FileFormatException(dir().toString(), "cannot be loaded (" + e.getMessage() + "); delete "
                        + runDir + " to rerun it from the start", e);
            }
        }
        return s;
    }

    public void save(SslMethod method, State state) throws IOException {
        Trees.delete(staging());
        Files.createDirectories(staging());
        method.save(staging());
        byte[] json = GSON.toJson(state).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(staging().resolve("state.json"), out -> out.write(json));
        Trees.delete(dir());
        Files.move(staging(), dir(), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * A listener that checkpoints {@code method} after the step counts {@code due} accepts, and where
     * the loop stops early (unless that step was just saved).
     */
    public TrainingListener saveAt(LongPredicate due, SslMethod method, String configHash) {
        return new TrainingListener() {
            private long saved = -1;

            @Override
            public void onStepsDone(long done, double trainSeconds) {
                if (due.test(done)) {
                    save(done, trainSeconds);
                }
            }

            @Override
            public void onStopped(long done, double trainSeconds) {
                if (saved != done) {
                    save(done, trainSeconds);
                }
            }

            private void save(long done, double trainSeconds) {
                try {
                    Checkpoints.this.save(method, new State(done, trainSeconds, configHash));
                    saved = done;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
