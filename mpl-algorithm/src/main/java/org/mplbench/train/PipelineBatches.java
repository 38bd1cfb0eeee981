package org.mplbench.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.HostBatch;
import org.mplbench.ssl.SslBatch;

/**
 * Feeds a {@link BatchPipeline}'s batches to the training loop: one copy per array into the step's
 * scope, while the pipeline already builds the next step's batch.
 */
public final class PipelineBatches implements BatchSource {

    private final BatchPipeline pipeline;

    public PipelineBatches(BatchPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public SslBatch next(NDManager scope, long step) {
        HostBatch b = pipeline.batch(step);
        int h = b.height();
        int w = b.width();
        NDArray xl = scope.create(b.x_l(), new Shape(b.labeledSize(), b.channels(), h, w));
        NDArray yl = scope.create(b.y_l(), new Shape(b.labeledSize()));
        SslBatch.Indices indices = new SslBatch.Indices(b.l_index(), b.u_index());
        if (b.unlabeledSize() == 0) {
            return new SslBatch(xl, yl, null, null, scope, indices);
        }
        Shape u = new Shape(b.unlabeledSize(), b.channels(), h, w);
        return new SslBatch(xl, yl, scope.create(b.x_uw(), u), scope.create(b.x_us(), u), scope, indices);
    }
}
