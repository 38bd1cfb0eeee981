package org.mplbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CompiledGraphTest {

    @Test
    void jsonNamesEveryNodeItsInputsAndTheHeads() {
        Graph g = new Graph();
        Graph.Node x = g.input("x");
        Graph.Node y = g.op("_mul_scalar", Map.of("scalar", "2"), x);
        assertThat(g.toJson(List.of(y, x))).isEqualTo("{\"nodes\":[{\"op\":\"null\",\"name\":\"x\",\"inputs\":[]},"
                + "{\"op\":\"_mul_scalar\",\"name\":\"_mul_scalar_1\",\"attrs\":{\"scalar\":\"2\"},\"inputs\":[[0,0,0]]}],"
                + "\"arg_nodes\":[0],\"heads\":[[1,0,0],[0,0,0]],\"attrs\":{\"mxnet_version\":[\"int\",10900]}}");
        assertThat(g.operatorCount()).isEqualTo(1);
        assertThat(g.inputOrder(List.of(y))).containsExactly("x");
        assertThatThrownBy(() -> g.input("x")).hasMessageContaining("'x' declared twice");
        assertThatThrownBy(() -> g.op("a", new Graph.Node(9, 0))).hasMessageContaining("node 9 is not in this graph");
    }

    /**
     * y = x·Wᵀ + b and 2y into arrays kept by the caller: new data arrays on each run, the same
     * parameter array changed in place between runs.
     */
    @Test
    void runsWithNewDataAndChangedParametersIntoTheCallersArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
            Graph g = new Graph();
            Graph.Node x = g.input("x");
            Graph.Node w = g.input("w");
            Graph.Node b = g.input("b");
            Graph.Node y = g.op("FullyConnected", Map.of("num_hidden", "3"), x, w, b);
            Graph.Node twice = g.op("_mul_scalar", Map.of("scalar", "2"), y);
            try (CompiledGraph c = new CompiledGraph(g, List.of(y, twice), Set.of("w", "b"))) {
                Engine.getInstance().setRandomSeed(3);
                NDArray wArr = m.randomNormal(new Shape(3, 2));
                NDArray bArr = m.randomNormal(new Shape(3));
                NDArray out = m.zeros(new Shape(4, 3));
                NDArray out2 = m.zeros(new Shape(4, 3));
                for (int run = 0; run < 3; run++) {
                    NDArray xArr = m.randomNormal(new Shape(4, 2));
                    c.run(new NDArray[] {xArr, wArr, bArr}, new NDArray[] {out, out2});
                    NDArray expected = xArr.matMul(wArr.transpose()).add(bArr);
                    assertThat(out.sub(expected).abs().max().getFloat()).as("run %d", run).isLessThan(1e-6f);
                    assertThat(out2.sub(expected.mul(2)).abs().max().getFloat()).as("run %d", run).isLessThan(1e-6f);
                    wArr.addi(1);
                }
                assertThatThrownBy(() -> c.run(new NDArray[] {out}, new NDArray[] {out, out2}))
                        .hasMessageContaining("takes 3 inputs and 2 outputs, got 1 and 2");
            }
        }
    }

    /** MXNet takes a graph's inputs in the order its outputs reach them, not as they were declared. */
    @Test
    void inputsArePassedAsDeclaredWhateverOrderMxnetTakesThemIn() {
        Graph g = new Graph();
        Graph.Node a = g.input("a");
        Graph.Node b = g.input("b");
        Graph.Node unused = g.input("unused");
        Graph.Node d = g.op("elemwise_sub", b, a);
        assertThat(g.inputOrder(List.of(d, unused))).containsExactly("b", "a", "unused");
        assertThatThrownBy(() -> g.inputOrder(List.of(d))).hasMessageContaining("inputs [unused] do not reach");
        try (NDManager m = NDManager.newBaseManager()) {
            assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
            Graph h = new Graph();
            Graph.Node x = h.input("x");
            Graph.Node y = h.input("y");
            try (CompiledGraph c = new CompiledGraph(h, List.of(h.op("elemwise_sub", y, x)), Set.of())) {
                NDArray out = m.zeros(new Shape(2));
                c.run(new NDArray[] {m.create(new float[] {1, 2}), m.create(new float[] {10, 20})}, new NDArray[] {out});
                assertThat(out.toFloatArray()).containsExactly(9, 18);
            }
        }
    }

    /** A shaped graph compiles once per change of shape, not per run. */
    @Test
    void aShapedGraphIsCompiledAgainOnlyWhenTheShapeChanges() {
        assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
        java.util.List<Shape> compiled = new java.util.ArrayList<>();
        try (ShapedGraph g = new ShapedGraph(shape -> {
            compiled.add(shape);
            Graph h = new Graph();
            return new CompiledGraph(h, List.of(h.op("_mul_scalar", Map.of("scalar", "2"), h.input("x"))), Set.of());
        })) {
            CompiledGraph first = g.forShape(new Shape(4));
            assertThat(g.forShape(new Shape(4))).isSameAs(first);
            g.forShape(new Shape(6));
            g.forShape(new Shape(6));
            assertThat(compiled).containsExactly(new Shape(4), new Shape(6));
        }
    }

    @Test
    void anUnknownOperatorIsRefusedWithMxnetsMessage() {
        assumeThat(CompiledGraph.available()).as("MXNet only").isTrue();
        Graph g = new Graph();
        Graph.Node x = g.input("x");
        Graph.Node y = g.op("no_such_operator", x);
        assertThatThrownBy(() -> new CompiledGraph(g, List.of(y), Set.of())).hasMessageContaining("no_such_operator");
    }
}
