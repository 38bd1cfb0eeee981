package org.mplbench.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceProbeTest {

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 7];
        cmd[0] = "git";
        cmd[1] = "-C";
        cmd[2] = dir.toString();
        cmd[3] = "-c";
        cmd[4] = "user.name=test";
        cmd[5] = "-c";
        cmd[6] = "user.email=test@example.org";
        System.arraycopy(args, 0, cmd, 7, args.length);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    /** A changed results file leaves the code clean; a changed source file does not. */
    @Test
    void onlyChangesOutsideResultsMakeACheckoutDirty(@TempDir Path repo) throws Exception {
        Files.createDirectories(repo.resolve("results/bench"));
        Files.writeString(repo.resolve("results/bench/m.csv"), "a\n");
        Files.writeString(repo.resolve("Code.java"), "class Code {}\n");
        git(repo, "init", "-q");
        git(repo, "add", ".");
        git(repo, "commit", "-q", "-m", "start");

        ProvenanceProbe.GitState clean = ProvenanceProbe.git(repo);
        assertThat(clean.commit()).hasSize(40);
        assertThat(clean.dirty()).isFalse();

        Files.writeString(repo.resolve("results/bench/m.csv"), "a\nb\n");
        assertThat(ProvenanceProbe.git(repo).dirty()).as("a result appended").isFalse();

        Files.writeString(repo.resolve("Code.java"), "class Code { int x; }\n");
        assertThat(ProvenanceProbe.git(repo).dirty()).as("the code changed").isTrue();
    }
}
