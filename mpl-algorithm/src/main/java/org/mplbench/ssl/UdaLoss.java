package org.mplbench.ssl;

import ai.djl.ndarray.NDArray;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.engine.Scalars;

/**
 * The UDA objective on one network's logits: label-smoothed cross-entropy on the labeled batch
 * plus the weighted consistency term of {@link UdaConfig}. One implementation serves the UDA
 * baseline and MPL's teacher (its auxiliary losses).
 */
public final class UdaLoss {

    /**
     * The terms of one step.
     *
     * @param total {@code loss_l + weight · loss_uda}
     * @param loss_l label-smoothed CE on labeled data
     * @param loss_uda masked consistency CE (unweighted)
     * @param maskRate share of unlabeled examples above the threshold
     */
    @SuppressWarnings("checkstyle:RecordComponentName")
    public record Terms(NDArray total, NDArray loss_l, NDArray loss_uda, NDArray maskRate) {}

    private final UdaConfig config;
    private final double labelSmoothing;

    public UdaLoss(UdaConfig config, double labelSmoothing) {
        this.config = config;
        this.labelSmoothing = labelSmoothing;
    }

    public UdaConfig config() {
        return config;
    }

    /** Call while recording; gradients flow into {@code logits_l} and {@code logits_us} only. */
    @SuppressWarnings("checkstyle:ParameterName")
    public Terms loss(NDArray logits_l, NDArray y_l, NDArray logits_uw, NDArray logits_us, long step) {
        int classes = Math.toIntExact(logits_l.getShape().get(1));
        NDArray loss_l = Target.ofLabels(y_l, classes, logits_l.getDataType(), labelSmoothing).loss(logits_l);
        NDArray q = logits_uw.stopGradient().div(config.temperature()).softmax(1);
        NDArray mask = q.max(new int[] {1}).gte(config.threshold()).toType(logits_us.getDataType(), false);
        long n = logits_us.getShape().get(0);
        NDArray perExample = logits_us.logSoftmax(1).mul(q).sum(new int[] {1});
        NDArray loss_uda = Scalars.mul(perExample.mul(mask).sum(), -1.0 / n);
        double w = config.weightAt(step);
        NDArray total = w == 0 ? loss_l : loss_l.add(Scalars.mul(loss_uda, w));
        return new Terms(total, loss_l, loss_uda, mask.mean());
    }
}
