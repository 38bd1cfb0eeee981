package org.mplbench.train;

import java.io.IOException;
import java.nio.file.Path;
import org.mplbench.nn.Network;
import org.mplbench.ssl.StepWork;
import org.mplbench.ssl.SslMethod;

/** A method without networks for loop and checkpoint tests: subclasses give its steps (and state). */
abstract class StubMethod implements SslMethod {

    @Override
    public String name() {
        return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        return new StepWork(0, 0);
    }

    @Override
    public Network evaluationModel() {
        return null;
    }

    @Override
    public void save(Path dir) throws IOException {}

    @Override
    public void load(Path dir) throws IOException {}

    @Override
    public void close() {}
}
