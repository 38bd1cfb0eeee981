package org.mplbench.engine;

import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * A {@link CompiledGraph} for the batch shape at hand: compiled on first use and again whenever the
 * shape changes (a static-shape graph is bound to its shapes).
 */
public final class ShapedGraph implements AutoCloseable {

    private final Function<Shape, CompiledGraph> compile;
    private CompiledGraph graph;
    private Shape shape;

    /** {@code compile} builds the graph for one shape (whatever the caller keys its batches by). */
    public ShapedGraph(Function<Shape, CompiledGraph> compile) {
        this.compile = compile;
    }

    /** The graph for {@code shape}, compiled if the last one was for another. */
    public CompiledGraph forShape(Shape shape) {
        if (!shape.equals(this.shape)) {
            close();
            graph = compile.apply(shape);
            this.shape = shape;
        }
        return graph;
    }

    @Override
    public void close() {
        if (graph != null) {
            graph.close();
            graph = null;
            shape = null;
        }
    }
}
