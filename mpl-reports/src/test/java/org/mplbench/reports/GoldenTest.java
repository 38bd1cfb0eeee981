package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenTest {

    @Test
    void updateRewritesOnlyWhatDiffers(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("golden").resolve("t.md");
        assertThat(Golden.update(f, "a\nb\n", null)).isTrue();
        assertThat(Files.readString(f)).isEqualTo("a\nb\n");
        assertThat(Golden.update(f, "a\nb\n", "")).isFalse();
        assertThat(Golden.update(f, "a\nc\n", null)).isTrue();
        assertThat(Files.readString(f)).isEqualTo("a\nc\n");
    }

    @Test
    void updateIsRefusedInCi(@TempDir Path dir) {
        Path f = dir.resolve("t.md");
        assertThatThrownBy(() -> Golden.update(f, "x", "true")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CI=true");
        assertThat(f).doesNotExist();
    }
}
