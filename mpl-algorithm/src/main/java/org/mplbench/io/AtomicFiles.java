package org.mplbench.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Binary state files written to a temporary sibling and renamed, so a crash never leaves half a file. */
public final class AtomicFiles {

    /** A write step that may fail with an I/O error. */
    @FunctionalInterface
    public interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** A read step that may fail with an I/O error. */
    @FunctionalInterface
    public interface Reader {
        void read(DataInputStream in) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path file, Writer writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        readableByAll(tmp);
        try {
            try (OutputStream os = Files.newOutputStream(tmp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
                writer.write(out);
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

    public static void read(Path file, Reader reader) throws IOException {
        try (InputStream is = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(is))) {
            reader.read(in);
        } catch (NoSuchFileException e) {
            throw new IOException("missing state file " + file, e);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot read state file " + file + ": " + e.getMessage(), e);
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
