package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import org.mplbench.ssl.Losses.Target;
import org.mplbench.ssl.UdaLoss;
import org.mplbench.engine.Scalars;

/**
 * The teacher's losses besides the MPL term: cross-entropy on {@code x_l} (label-smoothed, weighted
 * by {@link MplConfig#teacherSupervisedWeight()}), plus UDA's consistency loss when configured.
 */
final class TeacherAuxiliary {

    /** The terms as logged ({@code t_loss_uda}, {@code t_mask_rate} null without UDA). */
    record Terms(NDArray t_loss_l, NDArray t_loss_uda, NDArray t_mask) {}

    private final UdaLoss uda;
    private final double labelSmoothing;
    private final double supervisedWeight;

    TeacherAuxiliary(UdaLoss uda, double labelSmoothing, double supervisedWeight) {
        this.uda = uda;
        this.labelSmoothing = labelSmoothing;
        this.supervisedWeight = supervisedWeight;
    }

    UdaLoss uda() {
        return uda;
    }

    /** The labeled target, built outside recording (in-place operations); null with UDA, which builds its own. */
    Target target(NDArray y_l, Target y_l_plain, TeacherLogits t_logits) {
        if (uda != null) {
            return null;
        }
        return labelSmoothing == 0 ? y_l_plain : Target.ofLabels(y_l, t_logits.classes(), t_logits.dataType(), labelSmoothing);
    }

    /** Recorded: the terms. */
    Terms terms(TeacherLogits t_logits, NDArray y_l, Target target, long step) {
        if (uda == null) {
            return new Terms(target.loss(t_logits.l()), null, null);
        }
        UdaLoss.Terms t = uda.loss(t_logits.l(), y_l, t_logits.uw(), t_logits.us(), step);
        return new Terms(t.loss_l(), t.loss_uda(), t.maskRate());
    }

    /** Recorded: {@code mpl + w·t_loss_l (+ λ(step)·t_loss_uda)}, summed in that order. */
    NDArray addTo(NDArray mpl, Terms terms, long step) {
        NDArray t_loss = mpl.add(supervisedWeight == 1 ? terms.t_loss_l() : Scalars.mul(terms.t_loss_l(), supervisedWeight));
        return terms.t_loss_uda() == null ? t_loss : t_loss.add(Scalars.mul(terms.t_loss_uda(), uda.config().weightAt(step)));
    }
}
