package org.mplbench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mplbench.io.AtomicFiles;
import org.mplbench.nn.Network;

/**
 * A network and its optimiser on disk: {@code <role>.params} (every parameter, batch-norm statistics
 * included) and {@code <role>.sgd} (momentum buffers), each written atomically.
 */
public final class ModelState {

    private ModelState() {}

    public static void save(Path dir, String role, Network net, Sgd optimizer) throws IOException {
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(role + ".params"), net::save);
        AtomicFiles.write(dir.resolve(role + ".sgd"), optimizer::save);
    }

    public static void load(Path dir, String role, Network net, Sgd optimizer) throws IOException {
        AtomicFiles.read(dir.resolve(role + ".params"), net::load);
        AtomicFiles.read(dir.resolve(role + ".sgd"), in -> optimizer.load(net, in));
    }
}
