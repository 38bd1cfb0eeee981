package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.mplbench.ssl.Losses.Target;

/**
 * How {@code s_loss_l_old}, the student's labeled loss before its step, is measured
 * ({@link MplConfig.OldLoss}), and with which dropout masks {@code s_loss_l_new} is then measured.
 */
interface OldLossProbe {

    /** Measured before the student's step; null when it is the labeled half of the step's forward. */
    NDArray before(Student s, NDArray x_l, Target y_l, int dropoutSeed, NDManager scope);

    /** The dropout seed of the measurements after the step, or null for fresh masks. */
    Integer seedAfter(int dropoutSeed);

    /** Extra labeled forwards per step beyond the step's own (for the work count). */
    long extraForwards();

    /** The labeled half of the student's forward on {@code [x_l, x_us]} (both public codes). */
    OldLossProbe JOINT_FORWARD = new OldLossProbe() {
        @Override
        public NDArray before(Student s, NDArray x_l, Target y_l, int dropoutSeed, NDManager scope) {
            return null;
        }

        @Override
        public Integer seedAfter(int dropoutSeed) {
            return null;
        }

        @Override
        public long extraForwards() {
            return 0;
        }
    };

    /** A forward on {@code x_l} alone, with the same dropout masks as the measurement after the step. */
    OldLossProbe PAIRED_FORWARD = new OldLossProbe() {
        @Override
        public NDArray before(Student s, NDArray x_l, Target y_l, int dropoutSeed, NDManager scope) {
            return s.labeledLoss(x_l, y_l, dropoutSeed, scope);
        }

        @Override
        public Integer seedAfter(int dropoutSeed) {
            return dropoutSeed;
        }

        @Override
        public long extraForwards() {
            return 1;
        }
    };

    static OldLossProbe of(MplConfig.OldLoss o) {
        return o == MplConfig.OldLoss.PAIRED_FORWARD ? PAIRED_FORWARD : JOINT_FORWARD;
    }
}
