package org.mplbench.ssl;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scalars a step reports (losses, {@code h}, ...). They stay on the engine until {@link #read()}
 * is called, so steps that are not logged never wait for the engine to finish.
 */
public final class StepLog {

    private final Map<String, NDArray> scalars = new LinkedHashMap<>();

    public StepLog put(String name, NDArray scalar) {
        scalars.put(name, scalar);
        return this;
    }

    public NDArray get(String name) {
        NDArray a = scalars.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no scalar '" + name + "' in " + scalars.keySet());
        }
        return a;
    }

    /** Reads one scalar as a double (waits for the engine). */
    public double value(String name) {
        return get(name).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
    }

    /** Reads every scalar; must be called before the step's scope is closed. */
    public Map<String, Double> read() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : scalars.keySet()) {
            out.put(name, value(name));
        }
        return Collections.unmodifiableMap(out);
    }

    public boolean isEmpty() {
        return scalars.isEmpty();
    }
}
