package org.mplbench.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state file whose write fails half-way keeps its old content whole, and a reader names a broken one. */
class AtomicFilesTest {

    @Test
    void aFailureMidWriteLeavesTheOldStateAndNoTemporary(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("student.sgd");
        AtomicFiles.write(f, out -> out.writeLong(42));
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.writeLong(7);
            out.flush();
            throw new IOException("No space left on device");
        })).hasMessageEndingWith(": No space left on device").hasMessageStartingWith("writing " + f);
        long[] read = new long[1];
        AtomicFiles.read(f, in -> read[0] = in.readLong());
        assertThat(read[0]).isEqualTo(42);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(f);
        }
    }

    @Test
    void aTruncatedStateFileIsNamedWhenRead(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mpl.state");
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> AtomicFiles.read(f, in -> in.readLong())).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read state file " + f);
    }
}
