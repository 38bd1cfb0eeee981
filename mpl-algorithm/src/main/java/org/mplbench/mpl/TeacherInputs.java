package org.mplbench.mpl;

import org.mplbench.ssl.SslBatch;

/**
 * What the teacher is given of a step's batch: the images themselves (MPL), or for Reduced MPL the large
 * teacher's stored outputs on the same images ({@link LargeTeacherOutputs}). The student always sees the
 * images.
 */
@FunctionalInterface
public interface TeacherInputs {

    /** The images, as MPL's teacher sees them. */
    TeacherInputs IMAGES = batch -> batch;

    /**
     * The teacher's {@code x_l}, {@code x_uw} and {@code x_us} for {@code batch} (the two views the same
     * array when the teacher has one), owned by {@code batch.scope()}.
     */
    SslBatch of(SslBatch batch);
}
