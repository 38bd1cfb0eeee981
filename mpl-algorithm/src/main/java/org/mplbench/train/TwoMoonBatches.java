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
    private final NDArray x_h;
    private final NDArray y_h;
    private final int unlabeledBatch;
    private final SplittableRandom rng;

    /**
     * @param unlabeledBatch unlabeled points per step; 0 for all of them
     * @param seed seed of the mini-batch draw (unused when {@code unlabeledBatch} is 0)
     */
    public TwoMoonBatches(TwoMoon.Data d, int unlabeledBatch, long seed, DataType dtype, NDManager parent) {
        this(d, unlabeledBatch, 0, seed, dtype, parent);
    }

    /**
     * As above, with the last {@code heldOutPerMoon} labeled points of each moon kept apart as the
     * batches' held-out set ({@link SslBatch#heldOut()}) instead of being in {@code x_l}.
     */
    public TwoMoonBatches(TwoMoon.Data d, int unlabeledBatch, int heldOutPerMoon, long seed, DataType dtype,
            NDManager parent) {
        this.unlabeledBatch = Check.closed("twomoon.unlabeled_batch", unlabeledBatch, 0, d.unlabeledIndex().length);
        int perMoon = d.labeledIndex().length / 2;
        Check.closed("twomoon.held_out_per_moon", heldOutPerMoon, 0, perMoon - 1);
        this.data = parent.newSubManager();
        // labeledIndex holds moon 0's points, then moon 1's
        int[] kept = new int[2 * (perMoon - heldOutPerMoon)];
        int[] held = new int[2 * heldOutPerMoon];
        for (int moon = 0, k = 0, h = 0; moon < 2; moon++) {
            for (int j = 0; j < perMoon; j++) {
                int i = d.labeledIndex()[moon * perMoon + j];
                if (j < perMoon - heldOutPerMoon) {
                    kept[k++] = i;
                } else {
                    held[h++] = i;
                }
            }
        }
        TwoMoon.PointSet l = d.all().subset(kept);
        TwoMoon.PointSet u = d.unlabeled();
        this.x_l = data.create(l.xy(), new Shape(l.size(), 2)).toType(dtype, false);
        this.y_l = data.create(l.label());
        this.x_u = data.create(u.xy(), new Shape(u.size(), 2)).toType(dtype, false);
        if (heldOutPerMoon > 0) {
            TwoMoon.PointSet v = d.all().subset(held);
            this.x_h = data.create(v.xy(), new Shape(v.size(), 2)).toType(dtype, false);
            this.y_h = data.create(v.label());
        } else {
            this.x_h = null;
            this.y_h = null;
        }
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public SslBatch next(NDManager scope, long step) {
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
        SslBatch b = SslBatch.singleView(copy(x_l, scope), copy(y_l, scope), inScope(xu, scope), scope);
        return x_h == null ? b : b.withHeldOut(copy(x_h, scope), copy(y_h, scope));
    }

    private static NDArray copy(NDArray a, NDManager scope) {
        return inScope(a.duplicate(), scope);
    }

    /** Results of an op belong to the first operand's manager; moved into the step scope. */
    private static NDArray inScope(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    @Override
    public void close() {
        data.close();
    }
}
