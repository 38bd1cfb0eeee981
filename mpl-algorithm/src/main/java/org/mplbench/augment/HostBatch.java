package org.mplbench.augment;

/**
 * One step's inputs in Java memory, normalised float32 NCHW, ready to be copied to the engine in one
 * call per array. Unlabeled arrays are empty when the pipeline has no unlabeled stream.
 *
 * @param step the training step this batch belongs to
 * @param l_index the labeled images' indices in the image set
 * @param u_index the unlabeled images' indices in the image set
 */
@SuppressWarnings("checkstyle:RecordComponentName")
public record HostBatch(long step, float[] x_l, int[] y_l, float[] x_uw, float[] x_us, int unlabeledSize,
        int channels, int height, int width, int[] l_index, int[] u_index) {

    public int labeledSize() {
        return y_l.length;
    }
}
