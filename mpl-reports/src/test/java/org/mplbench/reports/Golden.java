package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file assertions: the rendered text must equal {@code src/test/resources/golden/<name>} byte
 * for byte. After an intended change, rerun with {@code -Dgolden.update=true}, review the diff, commit.
 */
public final class Golden {

    private static final Path DIR = Path.of("src", "test", "resources", "golden");

    private Golden() {}

    public static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertThat(file).as("golden file %s (create or refresh it with -Dgolden.update=true)", file).isRegularFile();
        assertThat(actual).as("output differs from golden file %s", file)
                .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    }
}
