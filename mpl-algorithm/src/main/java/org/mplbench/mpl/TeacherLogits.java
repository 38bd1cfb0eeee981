package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.mplbench.engine.Autograd;
import org.mplbench.mpl.MplConfig.View;
import org.mplbench.nn.Network;

/**
 * The teacher's logits on {@code x_l}, {@code x_uw} and {@code x_us} from one recorded forward (shared
 * batch-norm statistics); their graph is kept for the teacher's step, taken after the student's.
 * Without augmentation (TwoMoon) the two unlabeled views are the same inputs and one is forwarded.
 */
record TeacherLogits(NDArray l, NDArray uw, NDArray us) {

    static TeacherLogits forward(Network teacher, NDArray x_l, NDArray x_uw, NDArray x_us) {
        long n_l = x_l.getShape().get(0);
        try (GradientCollector gc = Autograd.record()) {
            if (x_uw == x_us) {
                NDList t = teacher.forward(x_l.concat(x_us), true).split(new long[] {n_l}, 0);
                return new TeacherLogits(t.get(0), t.get(1), t.get(1));
            }
            long n_u = x_us.getShape().get(0);
            NDList t = teacher.forward(NDArrays.concat(new NDList(x_l, x_uw, x_us)), true)
                    .split(new long[] {n_l, n_l + n_u}, 0);
            return new TeacherLogits(t.get(0), t.get(1), t.get(2));
        }
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
