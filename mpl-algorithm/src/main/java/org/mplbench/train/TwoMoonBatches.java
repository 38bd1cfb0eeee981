package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.mplbench.config.Check;
import org.mplbench.data.TwoMoon;
import org.mplbench.ssl.SslBatch;

/**
 * TwoMoon batches: all labeled points every step, and either all unlabeled points or a random
 * subset of {@code unlabeledBatch} of them (drawn with replacement from a seeded stream, so a run is
 * reproducible). The data lives on the engine once; each step copies or gathers it into the step's
 * scope with one operation per array.
 */
public final class TwoMoonBatches implements BatchSource, AutoCloseable {

    private final NDManager data;
    private final NDArray x_l;
    private final NDArray y_l;
    private final NDArray x_u;
    private final int unlabeledBatch;
    private final SplittableRandom rng;

    /**
     * @param unlabeledBatch unlabeled points per step; 0 for all of them
     * @param seed seed of the mini-batch draw (unused when {@code unlabeledBatch} is 0)
     */
    public TwoMoonBatches(TwoMoon.Data d, int unlabeledBatch, long seed, DataType dtype, NDManager parent) {
        this.unlabeledBatch = Check.closed("twomoon.unlabeled_batch", unlabeledBatch, 0, d.unlabeledIndex().length);
        this.data = parent.newSubManager();
        TwoMoon.PointSet l = d.labeled();
        TwoMoon.PointSet u = d.unlabeled();
        this.x_l = data.create(l.xy(), new Shape(l.size(), 2)).toType(dtype, false);
        this.y_l = data.create(l.label());
        this.x_u = data.create(u.xy(), new Shape(u.size(), 2)).toType(dtype, false);
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public SslBatch next(NDManager scope, long step) {
        NDArray xl = x_l.duplicate();
        NDArray yl = y_l.duplicate();
        NDArray xu;
        if (unlabeledBatch == 0) {
            xu = x_u.duplicate();
        } else {
            int[] idx = new int[unlabeledBatch];
            int n = Math.toIntExact(x_u.getShape().get(0));
            for (int i = 0; i < idx.length; i++) {
                idx[i] = rng.nextInt(n);
            }
            xu = x_u.get(scope.create(idx));
        }
        // Results of an op belong to the first operand's manager; move them into the step scope.
        xl.attach(scope);
        yl.attach(scope);
        xu.attach(scope);
        return SslBatch.singleView(xl, yl, xu, scope);
    }

    @Override
    public void close() {
        data.close();
    }
}
