package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.mplbench.engine.Autograd;
import org.mplbench.mpl.MplConfig.View;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;

/**
 * The teacher's logits on {@code x_l}, {@code x_uw} and {@code x_us} from one training-mode forward
 * (shared batch-norm statistics). Without augmentation (TwoMoon) the two unlabeled views are the
 * same inputs and one is forwarded.
 *
 * <p>With the whole batch at once ({@link #forward}) the graph is kept for the teacher's step, taken
 * after the student's. With micro-batches it cannot be: {@link #forwardDetached} gives the logits the
 * pseudo labels are drawn from, and the teacher's step forwards each micro-batch again
 * ({@link #forwardPart}, same dropout masks), one at a time.
 */
record TeacherLogits(NDArray l, NDArray uw, NDArray us) {

    /** The whole batch, recorded; the graph stays for the teacher's backward. */
    static TeacherLogits forward(Network teacher, NDArray x_l, NDArray x_uw, NDArray x_us) {
        try (GradientCollector gc = Autograd.record()) {
            return logits(teacher, x_l, x_uw, x_us, x_uw == x_us);
        }
    }

    /**
     * Every micro-batch's logits, detached and concatenated (owned by {@code scope}). Batch-norm
     * running statistics are left as they were: the recorded forwards of the teacher's step are the
     * ones that count (PyTorch moves them in the forward, MXNet in the backward).
     */
    static TeacherLogits forwardDetached(Network teacher, MicroBatches micro, NDArray x_l, NDArray x_uw, NDArray x_us,
            NDManager scope) {
        NDList stats = teacher.snapshotBuffers(scope);
        NDList l = new NDList();
        NDList uw = new NDList();
        NDList us = new NDList();
        micro.forEach(scope, (i, part) -> {
            try (GradientCollector gc = Autograd.record()) {
                TeacherLogits t = forwardPart(teacher, micro, i, part, x_l, x_uw, x_us);
                l.add(MicroBatches.keep(t.l.stopGradient(), scope));
                uw.add(MicroBatches.keep(t.uw.stopGradient(), scope));
                us.add(t.uw == t.us ? uw.get(i) : MicroBatches.keep(t.us.stopGradient(), scope));
            }
        });
        teacher.restoreBuffers(stats);
        NDArray all_uw = NDArrays.concat(uw);
        return new TeacherLogits(NDArrays.concat(l), all_uw, x_uw == x_us ? all_uw : NDArrays.concat(us));
    }

    /** Micro-batch {@code i}'s logits; call while recording, in the micro-batch's scope {@code part}. */
    static TeacherLogits forwardPart(Network teacher, MicroBatches micro, int i, NDManager part, NDArray x_l,
            NDArray x_uw, NDArray x_us) {
        NDArray x_us_i = micro.part(x_us, i, part);
        NDArray x_uw_i = x_uw == x_us ? x_us_i : micro.part(x_uw, i, part);
        return logits(teacher, micro.part(x_l, i, part), x_uw_i, x_us_i, x_uw == x_us);
    }

    private static TeacherLogits logits(Network teacher, NDArray x_l, NDArray x_uw, NDArray x_us, boolean oneView) {
        long n_l = x_l.getShape().get(0);
        if (oneView) {
            NDList t = teacher.forward(x_l.concat(x_us), true).split(new long[] {n_l}, 0);
            return new TeacherLogits(t.get(0), t.get(1), t.get(1));
        }
        long n_u = x_us.getShape().get(0);
        NDList t = teacher.forward(NDArrays.concat(new NDList(x_l, x_uw, x_us)), true)
                .split(new long[] {n_l, n_l + n_u}, 0);
        return new TeacherLogits(t.get(0), t.get(1), t.get(2));
    }

    NDArray on(View view) {
        return view == View.WEAK ? uw : us;
    }

    int classes() {
        return Math.toIntExact(us.getShape().get(1));
    }

    DataType dataType() {
        return us.getDataType();
    }
}
