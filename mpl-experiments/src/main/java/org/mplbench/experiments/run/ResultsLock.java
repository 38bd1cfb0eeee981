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
import java.util.function.Consumer;

/**
 * One writer per results directory: {@code results/<table>/<profile>.lock}, an operating-system lock
 * held for the whole invocation (released by the system when the process dies, even by SIGKILL) and
 * a line saying who holds it (process, host). Each run of a table has its own lock too, taken by
 * whichever process executes it (this one, a worker JVM, a cluster task on another node: the locks
 * are POSIX locks, which NFS and Lustre honour across hosts). A second invocation on the same directory is refused, naming the lock
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
        ResultsLock l = tryLock(file, what);
        if (l == null) {
            throw new BusyException(dir + " is being written by another run (" + holder(file) + "); lock " + file
                    + ". Wait for it to finish, or use another -Dprofile or -Dmpl.root");
        }
        return l;
    }

    /**
     * Takes lock file {@code file} (one run's), waiting while another process holds it: a duplicate
     * task of the same run waits for the first to end instead of writing beside it. {@code waiting}
     * hears once who holds it.
     */
    public static ResultsLock await(Path file, String what, Consumer<String> waiting) throws IOException,
            InterruptedException {
        ResultsLock l = tryLock(file, what);
        if (l == null) {
            waiting.accept(what + " is being written by another process (" + holder(file) + "; lock " + file
                    + "); waiting for it to end");
            while ((l = tryLock(file, what)) == null) {
                Thread.sleep(2_000);
            }
        }
        return l;
    }

    private static String holder(Path file) throws IOException {
        String h = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "";
        return h.isEmpty() ? "holder unknown" : h;
    }

    /** The lock, or null while another process (or another holder in this one) has it. */
    private static ResultsLock tryLock(Path file, String what) throws IOException {
        Files.createDirectories(file.getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            return null;
        }
        ch.truncate(0);
        String line = "process " + ProcessHandle.current().pid() + " on " + host() + " since " + Instant.now() + ": "
                + what + "\n";
        ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(false);
        return new ResultsLock(ch, l);
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "unknown host";
            }
        }
        return h;
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
