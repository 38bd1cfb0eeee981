package org.mplbench.mpl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.nn.Network;
import org.mplbench.ssl.MicroBatches;
import org.mplbench.ssl.SslBatch;
import org.mplbench.ssl.SslMethod;
import org.mplbench.ssl.StepLog;
import org.mplbench.ssl.StepWork;
import org.mplbench.train.Sgd;

/**
 * Reduced Meta Pseudo Labels (Pham et al. 2021, Appendix E): MPL for students too large to share a device
 * with their teacher. A large teacher is trained first and its output distributions on the training
 * images are stored once ({@link LargeTeacherOutputs}); a small reduced teacher
 * ({@link org.mplbench.nn.ReducedTeacher}) maps each image's stored distribution to the logits the student
 * learns from, and it alone receives the MPL feedback. The step is {@link MetaPseudoLabels}' with the
 * reduced teacher in the teacher's place, reading the stored outputs of the batch's images instead of
 * the images: same pseudo labels, same {@code h}, same teacher update rule.
 *
 * <p>From the paper: the large teacher trained first, its distributions precomputed, a small teacher
 * that adjusts them and receives the feedback, the student trained from it and then finetuned. This
 * suite's choices where the paper is silent: the distributions are taken once, in inference mode, on each
 * image's evaluation view (so the reduced teacher has one view: no UDA term); the reduced teacher is a
 * residual MLP on log-probabilities starting as the identity; it keeps MPL's supervised term on the
 * labeled images' stored distributions.
 */
public final class ReducedMetaPseudoLabels implements SslMethod {

    private final MetaPseudoLabels mpl;
    private final LargeTeacherOutputs outputs;

    private ReducedMetaPseudoLabels(MetaPseudoLabels mpl, LargeTeacherOutputs outputs) {
        this.mpl = mpl;
        this.outputs = outputs;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "reduced-mpl";
    }

    @Override
    public StepLog step(SslBatch batch, long step) {
        return mpl.step(batch, step);
    }

    /** The reduced teacher's inputs: the stored log-distributions of the batch's labeled and unlabeled images. */
    private static SslBatch storedOutputs(LargeTeacherOutputs outputs, DataType dataType, SslBatch batch) {
        SslBatch.Indices idx = batch.indices();
        if (idx == null) {
            throw new IllegalStateException("Reduced MPL needs the batch's image indices to read the large teacher's "
                    + "outputs; this batch source does not give them");
        }
        NDManager scope = batch.scope();
        try {
            NDArray t_x_l = outputs.rows(idx.l_index(), scope).toType(dataType, false);
            NDArray t_x_u = outputs.rows(idx.u_index(), scope).toType(dataType, false);
            return new SslBatch(t_x_l, batch.y_l(), t_x_u, t_x_u, scope, idx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The student's work: the reduced teacher's multiply-adds are a few per class and the large teacher's
     * are spent once, before training, so the step is the student's.
     */
    @Override
    public StepWork work(long step, long n_l, long n_u, boolean twoViews) {
        return mpl.finetuning(step) ? mpl.work(step, n_l, n_u, twoViews) : mpl.studentWork(n_l, n_u);
    }

    @Override
    public boolean drawsEngineRandomness() {
        return mpl.drawsEngineRandomness();
    }

    /** The reduced teacher. */
    public Network teacher() {
        return mpl.teacher();
    }

    public Network student() {
        return mpl.student();
    }

    @Override
    public Network evaluationModel() {
        return mpl.evaluationModel();
    }

    @Override
    public void save(Path dir) throws IOException {
        mpl.save(dir);
    }

    @Override
    public void load(Path dir) throws IOException {
        mpl.load(dir);
    }

    @Override
    public void close() {
        mpl.close();
        try {
            outputs.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code setLargeTeacherOutputs}, {@code setReducedTeacher} and {@code setStudent} are required. */
    public static final class Builder {
        private final MetaPseudoLabels.Builder mpl = MetaPseudoLabels.builder();
        private LargeTeacherOutputs outputs;
        private DataType teacherType;
        private boolean studentSet;

        private Builder() {}

        /** The large teacher's stored outputs on every training image (closed with the method). */
        public Builder setLargeTeacherOutputs(LargeTeacherOutputs outputs) {
            this.outputs = Check.notNull("reduced_mpl.outputs", outputs);
            return this;
        }

        /** A network over the large teacher's log-probabilities ({@link org.mplbench.nn.ReducedTeacher}). */
        public Builder setReducedTeacher(Network teacher, Sgd optimizer) {
            mpl.setTeacher(teacher, optimizer);
            teacherType = teacher.dataType();
            return this;
        }

        public Builder setStudent(Network student, Sgd optimizer) {
            mpl.setStudent(student, optimizer);
            studentSet = true;
            return this;
        }

        public Builder optConfig(MplConfig config) {
            mpl.optConfig(config);
            return this;
        }

        public Builder optLabelSmoothing(double eps) {
            mpl.optLabelSmoothing(eps);
            return this;
        }

        public Builder optStudentEma(Network average, double decay, boolean warmup) {
            mpl.optStudentEma(average, decay, warmup);
            return this;
        }

        public Builder optFinetune(long mainSteps, Sgd optimizer) {
            mpl.optFinetune(mainSteps, optimizer);
            return this;
        }

        public Builder optFinetuneDropout(boolean on) {
            mpl.optFinetuneDropout(on);
            return this;
        }

        public Builder optSeed(long seed) {
            mpl.optSeed(seed);
            return this;
        }

        public Builder optMicroBatches(MicroBatches micro) {
            mpl.optMicroBatches(micro);
            return this;
        }

        public ReducedMetaPseudoLabels build() {
            Check.notNull("reduced_mpl.outputs", outputs);
            if (teacherType == null || !studentSet) {
                throw new ConfigException("reduced_mpl", "the reduced teacher and the student are required");
            }
            LargeTeacherOutputs o = outputs;
            DataType type = teacherType;
            return new ReducedMetaPseudoLabels(mpl.optTeacherInputs(b -> storedOutputs(o, type, b)).build(), outputs);
        }
    }
}
