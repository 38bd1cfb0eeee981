package org.mplbench.augment;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import org.mplbench.config.Check;
import org.mplbench.config.ConfigException;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Normalization;
import org.mplbench.image.InceptionCrop;
import org.mplbench.random.Seeds;

/**
 * Builds each step's batch on a pool of Java threads and prefetches the next step's batch while the
 * engine works on the current one.
 *
 * <p>Everything random is a pure function of (seed, step, slot): the order of each stream is a
 * per-epoch shuffle seeded by (seed, stream, epoch), and image {@code slot} of step {@code s} is
 * augmented with its own stream seeded by (seed, s, slot). So a batch is the same for any thread
 * count and can be rebuilt for any step (a resumed run continues with exactly the data it would
 * have seen).
 *
 * <p>With a training crop ({@link Builder#optCrop}) each image is decoded at its own size once per
 * step and slot, cropped and resized to the crop's side, and both unlabeled views start from that one
 * crop (the official ImageNet pipeline's {@code _unl_parser}); only the step's batch is ever held.
 */
public final class BatchPipeline implements AutoCloseable {

    /** Keeps the pipeline's streams apart from the synthetic data's, which use the same tuples. */
    private static final long SALT = 0x2545F4914F6CDD1DL;

    private final ImageSet images;
    private final int[] labeled;
    private final int labeledBatch;
    private final Augmentation labeledAug;
    private final int[] unlabeled;
    private final int unlabeledBatch;
    private final Augmentation weak;
    private final Augmentation strong;
    private final long seed;
    private final int threads;
    private final Normalization normalization;
    private final InceptionCrop crop;
    private final int height;
    private final int width;
    private final ExecutorService workers;
    private final ExecutorService prefetcher;
    private final ThreadLocal<Augmentation.Scratch> scratch;
    private Future<HostBatch> pending;
    private long pendingStep = -1;

    private BatchPipeline(Builder b) {
        this.images = b.images;
        this.labeled = b.labeled;
        this.labeledBatch = b.labeledBatch;
        this.labeledAug = b.labeledAug;
        this.unlabeled = b.unlabeled;
        this.unlabeledBatch = b.unlabeledBatch;
        this.weak = b.weak;
        this.strong = b.strong;
        this.seed = b.seed;
        this.threads = b.threads;
        this.normalization = b.normalization;
        this.crop = b.crop;
        this.height = crop == null ? images.height() : crop.size();
        this.width = crop == null ? images.width() : crop.size();
        int bytes = height * width * images.channels();
        this.scratch = ThreadLocal.withInitial(() -> new Augmentation.Scratch(bytes));
        this.workers = threads > 1 ? Executors.newFixedThreadPool(threads, daemon("augment")) : null;
        this.prefetcher = Executors.newSingleThreadExecutor(daemon("prefetch"));
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, "mpl-" + name);
            t.setDaemon(true);
            return t;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    public int threads() {
        return threads;
    }

    /**
     * The batch of {@code step}; starts building {@code step + 1} in the background before returning.
     */
    public synchronized HostBatch batch(long step) {
        HostBatch b;
        try {
            if (pending != null && pendingStep == step) {
                b = pending.get();
            } else {
                if (pending != null) {
                    pending.cancel(false);
                }
                b = build(step);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building batch " + step, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("building batch " + step + " failed: " + e.getCause(), e.getCause());
        }
        long next = step + 1;
        pending = prefetcher.submit(() -> build(next));
        pendingStep = next;
        return b;
    }

    /** Builds the batch of {@code step} on the worker threads (no prefetch). */
    public HostBatch build(long step) throws InterruptedException, ExecutionException {
        int chw = images.channels() * height * width;
        float[] xl = new float[labeledBatch * chw];
        int[] yl = new int[labeledBatch];
        int[] lIndex = new int[labeledBatch];
        int[] uIndex = new int[unlabeledBatch];
        float[] xuw = new float[unlabeledBatch * chw];
        float[] xus = new float[unlabeledBatch * chw];
        int total = labeledBatch + unlabeledBatch;
        Runnable[] chunks = new Runnable[Math.max(1, Math.min(threads, total))];
        for (int t = 0; t < chunks.length; t++) {
            int from = (int) ((long) total * t / chunks.length);
            int to = (int) ((long) total * (t + 1) / chunks.length);
            chunks[t] = () -> {
                for (int slot = from; slot < to; slot++) {
                    fill(step, slot, xl, yl, xuw, xus, lIndex, uIndex);
                }
            };
        }
        if (workers == null) {
            for (Runnable r : chunks) {
                r.run();
            }
        } else {
            List<Future<?>> fs = new ArrayList<>();
            for (Runnable r : chunks) {
                fs.add(workers.submit(r));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        return new HostBatch(step, xl, yl, xuw, xus, unlabeledBatch, images.channels(), height, width, lIndex, uIndex);
    }

    private void fill(long step, int slot, float[] xl, int[] yl, float[] xuw, float[] xus, int[] lIndex, int[] uIndex) {
        Augmentation.Scratch s = scratch.get();
        int h = height;
        int w = width;
        int c = images.channels();
        byte[] img = new byte[h * w * c];
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, step, slot, SALT));
        if (slot < labeledBatch) {
            int index = pick(labeled, labeledBatch, 0, step, slot);
            lIndex[slot] = index;
            read(index, img, rng, s);
            yl[slot] = images.label(index);
            labeledAug.apply(img, h, w, c, rng, s);
            normalise(img, xl, slot);
        } else {
            int u = slot - labeledBatch;
            int index = pick(unlabeled, unlabeledBatch, 1, step, u);
            uIndex[u] = index;
            read(index, img, rng, s);
            byte[] strongImg = img.clone();
            weak.apply(img, h, w, c, rng, s);
            normalise(img, xuw, u);
            strong.apply(strongImg, h, w, c, rng, s);
            normalise(strongImg, xus, u);
        }
    }

    /** Image {@code index} at the pipeline's size: as the set stores it, or decoded once and randomly cropped. */
    private void read(int index, byte[] img, SplittableRandom rng, Augmentation.Scratch s) {
        if (crop == null) {
            images.read(index, img, 0);
            return;
        }
        ImageSet.Decoded d = images.decode(index);
        crop.apply(d.pixels(), d.height(), d.width(), d.channels(), img, rng,
                s.floats(d.height() * crop.size() * d.channels()));
    }

    /** Position {@code step·batch + slot} of the stream's sequence of per-epoch shuffles. */
    private int pick(int[] pool, int batch, int stream, long step, int slot) {
        long pos = step * batch + slot;
        long epoch = pos / pool.length;
        int within = (int) (pos % pool.length);
        return pool[permutation(pool.length, Seeds.mix(seed, -1 - stream, epoch, SALT))[within]];
    }

    private final java.util.Map<Long, int[]> permutations = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(8, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Long, int[]> e) {
                    return size() > 4;
                }
            });

    private int[] permutation(int n, long key) {
        return permutations.computeIfAbsent(key ^ ((long) n << 40), k -> {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            SplittableRandom r = new SplittableRandom(key);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            return p;
        });
    }

    private void normalise(byte[] img, float[] out, int slot) {
        normalization.apply(img, height * width, out, slot);
    }

    @Override
    public void close() {
        prefetcher.shutdownNow();
        if (workers != null) {
            workers.shutdownNow();
        }
    }

    /** {@code setImages} and {@code setLabeled} are required. */
    public static final class Builder {
        private ImageSet images;
        private int[] labeled;
        private int labeledBatch;
        private Augmentation labeledAug;
        private int[] unlabeled = new int[0];
        private int unlabeledBatch;
        private Augmentation weak;
        private Augmentation strong;
        private long seed;
        private int threads = 1;
        private Normalization normalization = Normalization.CIFAR10;
        private InceptionCrop crop;

        private Builder() {}

        /**
         * Decode each image at its own size and take the official ImageNet random crop, resized to
         * {@code crop.size()}, before the augmentations (default: the set's fixed-size images as they are).
         */
        public Builder optCrop(InceptionCrop crop) {
            this.crop = Check.notNull("pipeline.crop", crop);
            return this;
        }

        public Builder setImages(ImageSet images) {
            this.images = Check.notNull("pipeline.images", images);
            return this;
        }

        /** Labeled indices, batch size, and the augmentation of labeled images. */
        public Builder setLabeled(int[] indices, int batch, Augmentation aug) {
            if (indices.length == 0) {
                throw new ConfigException("pipeline.labeled", "is empty");
            }
            this.labeled = indices.clone();
            this.labeledBatch = Check.closed("pipeline.labeled_batch", batch, 1, 1 << 20);
            this.labeledAug = Check.notNull("pipeline.labeled_augmentation", aug);
            return this;
        }

        /** Unlabeled indices, batch size (μ·B), and the weak and strong views. */
        public Builder optUnlabeled(int[] indices, int batch, Augmentation weak, Augmentation strong) {
            if (indices.length == 0) {
                throw new ConfigException("pipeline.unlabeled", "is empty");
            }
            this.unlabeled = indices.clone();
            this.unlabeledBatch = Check.closed("pipeline.unlabeled_batch", batch, 1, 1 << 22);
            this.weak = Check.notNull("pipeline.weak", weak);
            this.strong = Check.notNull("pipeline.strong", strong);
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = Check.closed("pipeline.threads", threads, 1, 1024);
            return this;
        }

        /** The data set's statistics (default CIFAR-10's); one mean and std per channel of the images. */
        public Builder optNormalization(Normalization normalization) {
            this.normalization = Check.notNull("pipeline.normalization", normalization);
            return this;
        }

        public BatchPipeline build() {
            Check.notNull("pipeline.images", images);
            if (normalization.channels() != images.channels()) {
                throw new ConfigException("pipeline.normalization", normalization.channels() + " channel(s) for "
                        + images.name() + ", which has " + images.channels());
            }
            if (labeled == null) {
                throw new ConfigException("pipeline.labeled", "is required");
            }
            for (int[] idx : new int[][] {labeled, unlabeled}) {
                for (int i : idx) {
                    if (i < 0 || i >= images.size()) {
                        throw new ConfigException("pipeline.indices",
                                "index " + i + " is outside " + images.name() + " (" + images.size() + " images)");
                    }
                }
            }
            return new BatchPipeline(this);
        }
    }
}
