package org.mplbench.io;

import java.io.IOException;

/**
 * A file the suite reads cannot be used: the message names the file and the problem (and, for a run's
 * own state, what to do). Runners exit 2 with that one line.
 */
public class FileFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public FileFormatException(String file, String problem) {
        super(file + ": " + problem);
    }

    public FileFormatException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
