package org.mplbench.experiments.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.mplbench.engine.EngineInfo;
import org.mplbench.reports.Provenance;

/** Collects commit, dirty flag, engine and device once per runner invocation. */
public final class ProvenanceProbe {

    private final String commit;
    private final boolean dirty;
    private final EngineInfo engine;

    private ProvenanceProbe(String commit, boolean dirty, EngineInfo engine) {
        this.commit = commit;
        this.dirty = dirty;
        this.engine = engine;
    }

    /** Commit and dirty flag of a checkout. */
    public record GitState(String commit, boolean dirty) {}

    /** Reads git state of {@code root} (before anything is written) and the engine in use. */
    public static ProvenanceProbe of(Path root) {
        GitState g = git(root);
        return new ProvenanceProbe(g.commit(), g.dirty(), EngineInfo.current());
    }

    /** The engine in use with a git state read earlier (by a parent process, before anything was written). */
    public static ProvenanceProbe of(GitState g) {
        return new ProvenanceProbe(g.commit(), g.dirty(), EngineInfo.current());
    }

    /**
     * Git state of {@code root}: HEAD and whether tracked files outside {@code results/} differ from it.
     * Results are what runs write (a benchmark appends to its file before its next case starts), not
     * the code that produced them.
     */
    public static GitState git(Path root) {
        String commit = git(root, "rev-parse", "HEAD");
        String status = git(root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)results");
        return new GitState(commit == null ? "unknown" : commit.trim(), status == null || !status.isBlank());
    }

    public Provenance forConfig(String configHash) {
        return new Provenance(commit, dirty, configHash, engine.engine(), engine.version(), engine.device(),
                engine.threads(), System.getProperty("java.version"));
    }

    public EngineInfo engine() {
        return engine;
    }

    public String commit() {
        return commit;
    }

    public boolean dirty() {
        return dirty;
    }

    /** First 12 hex digits of SHA-256 of {@code text}. */
    public static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String git(Path root, String... args) {
        String[] cmd = new String[args.length + 3];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = root.toString();
        System.arraycopy(args, 0, cmd, 3, args.length);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            p.getErrorStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
