package org.mplbench.experiments;

import java.util.List;

/** One runner per paper artefact, selected with {@code -Dtable=}. */
public interface Runner {

    /** The {@code -Dtable} value. */
    String name();

    /** Other accepted {@code -Dtable} values. */
    List<String> aliases();

    /** One line for the list of runners. */
    String description();

    /** Runs every configured cell and seed and writes results under {@code options.resultsDir()}. */
    void run(RunOptions options) throws Exception;
}
