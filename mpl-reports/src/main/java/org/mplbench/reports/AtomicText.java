package org.mplbench.reports;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a file through a temporary sibling and a rename: readers see the old file or the new one, never half. */
public final class AtomicText {

    /** Produces the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** Produces the content of a binary file. */
    @FunctionalInterface
    public interface BinaryContent {
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicText() {}

    public static void write(Path file, Content content) throws IOException {
        writeBinary(file, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.writeTo(w);
            }
        });
    }

    public static void write(Path file, String text) throws IOException {
        write(file, w -> w.write(text));
    }

    public static void writeBinary(Path file, BinaryContent content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        readableByAll(tmp);
        try {
            try {
                content.writeTo(tmp);
            } catch (IOException e) {
                // name the file: "No space left on device" alone does not say where
                throw new IOException("writing " + file + ": " + e.getMessage(), e);
            }
            // on disk before the rename: after a system crash the name holds the old file or the whole new one
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temp files are created owner-only; results and label maps are meant to be shared. */
    private static void readableByAll(Path tmp) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: keep the default
        }
    }
}
