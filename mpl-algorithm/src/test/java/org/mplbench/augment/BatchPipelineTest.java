package org.mplbench.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.mplbench.data.Normalization;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;

class BatchPipelineTest {

    private static final ImageSet IMAGES = SyntheticCifar.images(2, 0, 300);

    private static BatchPipeline pipeline(int threads, long seed) {
        return BatchPipeline.builder().setImages(IMAGES)
                .setLabeled(IntStream.range(0, 40).toArray(), 8, WeakAugment.standard())
                .optUnlabeled(IntStream.range(40, 300).toArray(), 24, WeakAugment.standard(),
                        new StrongAugment(RandAugment.of(RandAugment.Variant.PAPER)))
                .optThreads(threads).optSeed(seed).build();
    }

    @Test
    void sameBatchesWhateverTheThreadCountAndWithPrefetch() throws Exception {
        try (BatchPipeline one = pipeline(1, 5); BatchPipeline three = pipeline(3, 5); BatchPipeline two = pipeline(2, 5)) {
            for (long step : new long[] {0, 1, 2, 7, 40}) {
                HostBatch a = one.build(step);
                HostBatch b = three.build(step);
                HostBatch c = two.batch(step); // prefetching path
                for (HostBatch x : new HostBatch[] {b, c}) {
                    assertThat(x.x_l()).isEqualTo(a.x_l());
                    assertThat(x.y_l()).isEqualTo(a.y_l());
                    assertThat(x.x_uw()).isEqualTo(a.x_uw());
                    assertThat(x.x_us()).isEqualTo(a.x_us());
                }
            }
            assertThat(two.batch(41).x_l()).isEqualTo(one.build(41).x_l());
        }
    }

    /** 24 images of varying sizes, counting decodes; each image's pixels are its index. */
    private static final class Photos implements ImageSet {
        final java.util.concurrent.atomic.AtomicInteger decodes = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String name() {
            return "photos";
        }

        @Override
        public int size() {
            return 24;
        }

        @Override
        public int height() {
            return 16;
        }

        @Override
        public int width() {
            return 16;
        }

        @Override
        public int classes() {
            return 4;
        }

        @Override
        public int label(int index) {
            return index % 4;
        }

        @Override
        public void read(int index, byte[] dst, int offset) {
            throw new AssertionError("a cropping pipeline decodes; it never reads the evaluation view");
        }

        @Override
        public Decoded decode(int index) {
            decodes.incrementAndGet();
            int h = 40 + index;
            int w = 60 - index;
            byte[] px = new byte[h * w * 3];
            java.util.Arrays.fill(px, (byte) index);
            return new Decoded(px, h, w, 3);
        }
    }

    @Test
    void aCroppingPipelineDecodesEachSlotOnceAndBothViewsStartFromOneCrop() throws Exception {
        Photos photos = new Photos();
        WeakAugment flip = WeakAugment.flipOnly();
        // the strong view without RandAugment's pixel changes: a flip only, so both views hold the same crop
        try (BatchPipeline p = BatchPipeline.builder().setImages(photos)
                .setLabeled(IntStream.range(0, 8).toArray(), 4, flip)
                .optUnlabeled(IntStream.range(8, 24).toArray(), 6, flip, flip)
                .optCrop(new org.mplbench.image.InceptionCrop(12)).optNormalization(Normalization.IMAGENET)
                .optThreads(2).optSeed(3).build()) {
            HostBatch b = p.build(0);
            assertThat(photos.decodes.get()).isEqualTo(4 + 6);
            assertThat(b.x_l()).hasSize(4 * 3 * 12 * 12);
            assertThat(b.x_uw()).hasSize(6 * 3 * 12 * 12);
            // uniform images: every crop of image i is i everywhere, in both views
            assertThat(b.x_uw()).isEqualTo(b.x_us());
            assertThat(p.build(0).x_l()).isEqualTo(b.x_l());
        }
    }

    @Test
    void viewsDifferStepsDifferSeedsDiffer() throws Exception {
        try (BatchPipeline p = pipeline(2, 5); BatchPipeline q = pipeline(2, 6)) {
            HostBatch a = p.build(0);
            assertThat(a.x_uw()).isNotEqualTo(a.x_us());
            assertThat(p.build(1).x_l()).isNotEqualTo(a.x_l());
            assertThat(q.build(0).x_l()).isNotEqualTo(a.x_l());
            assertThat(a.x_l()).hasSize(8 * 3 * 32 * 32);
            assertThat(a.x_uw()).hasSize(24 * 3 * 32 * 32);
        }
    }

    @Test
    void eachEpochOfTheLabeledStreamVisitsEveryImageOnce() throws Exception {
        // 40 labeled, batch 8: steps 0..4 form epoch 0; labels identify images only up to class,
        // so count classes: each of the 10 classes has 4 labeled images among indices 0..39
        try (BatchPipeline p = pipeline(1, 9)) {
            Map<Integer, Integer> perClass = new HashMap<>();
            for (long s = 0; s < 5; s++) {
                for (int y : p.build(s).y_l()) {
                    perClass.merge(y, 1, Integer::sum);
                }
            }
            assertThat(perClass).hasSize(10).allSatisfy((k, v) -> assertThat(v).isEqualTo(4));
        }
    }

    @Test
    void normalisationUsesTheGivenStatistics() {
        byte[] img = {0, (byte) 255, (byte) 128};
        float[] out = new float[3];
        new Normalization(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.5f, 1f}).apply(img, 1, out, 0);
        assertThat(out[0]).isEqualTo(-2f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[1]).isEqualTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[2]).isEqualTo(128 / 255f - 0.5f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
