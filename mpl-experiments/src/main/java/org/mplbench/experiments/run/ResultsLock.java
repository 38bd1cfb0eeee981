package org.mplbench.experiments.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One writer per results directory: {@code results/<table>/<profile>.lock}, an operating-system lock
 * held for the whole invocation (released by the system when the process dies, even by SIGKILL) and
 * a line saying who holds it. A second invocation on the same directory is refused, naming the lock
 * file and the process that holds it, instead of interleaving its writes with the first one's.
 */
public final class ResultsLock implements AutoCloseable {

    /** The directory is being written by another process (or another invocation in this one). */
    public static final class BusyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BusyException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private ResultsLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of results directory {@code dir}: a sibling, so the directory holds results only. */
    public static Path fileOf(Path dir) {
        return dir.resolveSibling(dir.getFileName() + ".lock");
    }

    /** Takes the lock of {@code dir} for {@code what} (e.g. the command), or throws {@link BusyException}. */
    public static ResultsLock acquire(Path dir, String what) throws IOException {
        Path file = fileOf(dir);
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            ch.close();
            throw new BusyException(dir + " is being written by another run (" + (holder.isEmpty() ? "holder unknown" : holder)
                    + "); lock " + file + ". Wait for it to finish, or use another -Dprofile or -Dmpl.root");
        }
        ch.truncate(0);
        String line = "process " + ProcessHandle.current().pid() + " since " + Instant.now() + ": " + what + "\n";
        ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new ResultsLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
