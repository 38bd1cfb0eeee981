package org.mplbench.data;

import org.mplbench.io.FileFormatException;

/** A dataset file is not in the expected format; the message names the file and the problem. */
public final class DataFormatException extends FileFormatException {
    private static final long serialVersionUID = 1L;

    public DataFormatException(String file, String problem) {
        super(file, problem);
    }
}
