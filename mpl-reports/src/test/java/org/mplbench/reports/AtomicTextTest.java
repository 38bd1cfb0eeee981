package org.mplbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write that fails half-way (a full disk, an I/O error) leaves the old file whole and no temporary behind. */
class AtomicTextTest {

    @Test
    void aFailureMidWriteLeavesTheOldFileAndNoTemporary(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("runs.csv");
        AtomicText.write(f, "old,complete\n");
        assertThatThrownBy(() -> AtomicText.write(f, w -> {
            w.write("new,half");
            w.flush();
            throw new IOException("No space left on device");
        })).hasMessageEndingWith(": No space left on device").hasMessageStartingWith("writing " + f);
        assertThat(Files.readString(f)).isEqualTo("old,complete\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
        AtomicText.write(f, "new,complete\n");
        assertThat(Files.readString(f)).isEqualTo("new,complete\n");
    }

    @Test
    void aFailedFirstWriteLeavesNoFile(@TempDir Path dir) {
        Path f = dir.resolve("table.md");
        assertThatThrownBy(() -> AtomicText.writeBinary(f, tmp -> {
            Files.writeString(tmp, "# half");
            throw new IOException("disk full");
        })).hasMessage("writing " + f + ": disk full");
        assertThat(dir).isEmptyDirectory();
    }
}
