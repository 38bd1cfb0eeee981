package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions: the rendered text must equal {@code src/test/resources/golden/<name>} byte
 * for byte. After an intended change, rerun with {@code -Dgolden.update=true}, review the diff, commit.
 * Update mode names every file it rewrites, and is refused where {@code CI} is set in the
 * environment ({@code .ci/run} sets it): there it would compare each file with itself.
 */
public final class Golden {

    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    public static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            update(file, actual, System.getenv("CI"));
        }
        assertThat(file).as("golden file %s (create or refresh it with -Dgolden.update=true)", file).isRegularFile();
        assertThat(actual).as("output differs from golden file %s", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Rewrites {@code file} when it differs from {@code actual}, saying so; refused when {@code ci} is set. */
    static boolean update(Path file, String actual, String ci) throws IOException {
        if (ci != null && !ci.isBlank()) {
            throw new AssertionError("-Dgolden.update=true in CI (CI=" + ci + "): golden files would be compared with "
                    + "themselves; update them locally and commit the reviewed diff");
        }
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(actual)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
        System.err.println("golden.update: rewrote " + file.toAbsolutePath() + " (" + actual.lines().count() + " lines)");
        return true;
    }
}
