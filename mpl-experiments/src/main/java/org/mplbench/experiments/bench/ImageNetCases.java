package org.mplbench.experiments.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageNetFolder;
import org.mplbench.data.Normalization;
import org.mplbench.image.InceptionCrop;

/**
 * The ImageNet input pipeline on one thread, on JPEG photographs of ImageNet's typical size (500×375)
 * that the case writes: decoding alone, and a whole MPL step's worth of images (decode once, Inception
 * crop to 224², labeled flip, unlabeled flip + flip and RandAugment m 17, normalisation), so that
 * images/s per core can be set against what a GPU step consumes.
 */
final class ImageNetCases {

    /** Images of the written tree: enough that the file cache, not the decoder, is never the question. */
    private static final int IMAGES = 96;
    private static final int WIDTH = 500;
    private static final int HEIGHT = 375;

    private ImageNetCases() {}

    static List<BenchCase> all() {
        return List.of(new Decode(), new Views());
    }

    /** Decoding alone: one step is one JPEG of 500×375 decoded to RGB bytes. */
    static final class Decode extends NamedCase {
        Decode() {
            super("imagenet-decode", "JPEG decode of a 500x375 photograph to RGB (DJL image factory), 1 thread",
                    false, true);
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            ImageNetFolder f = ImageNetFolder.open(tree(), 224);
            int[] next = {0};
            int perRep = 48;
            int warmup = settings.warmupOr(3);
            double[] seconds = Reps.time(warmup, settings.repsOr(7), () -> {
                for (int i = 0; i < perRep; i++) {
                    f.decode(next[0]++ % f.size());
                }
            });
            return new Measurement(seconds, perRep, warmup, 1, Double.NaN, null,
                    IMAGES + " distinct JPEGs (quality 0.75), read from the page cache");
        }
    }

    /** One pipeline batch of 2 labeled + 30 unlabeled images (the paper's 1 : 15) at 224², one worker thread. */
    static final class Views extends NamedCase {
        static final int LABELED = 2;
        static final int UNLABELED = 30;

        Views() {
            super("imagenet-views", "decode + Inception crop to 224 + flip (labeled), + flip and flip + RandAugment "
                    + "m17 (unlabeled), normalised; 2 + 30 images per step, 1 thread", false, true);
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            ImageNetFolder f = ImageNetFolder.open(tree(), 224);
            try (BatchPipeline p = BatchPipeline.builder().setImages(f)
                    .setLabeled(Reps.range(0, 16), LABELED, WeakAugment.flipOnly())
                    .optUnlabeled(Reps.range(0, f.size()), UNLABELED, WeakAugment.flipOnly(),
                            StrongAugment.imagenet(RandAugment.imagenet()))
                    .optCrop(new InceptionCrop(224)).optNormalization(Normalization.IMAGENET)
                    .optThreads(1).optSeed(1).build()) {
                long[] step = {0};
                int warmup = settings.warmupOr(3);
                double[] seconds = Reps.time(warmup, settings.repsOr(7), () -> p.build(step[0]++));
                return new Measurement(seconds, 1, warmup, LABELED + UNLABELED, Double.NaN, null,
                        "each image decoded once per step; build time alone (no prefetch)");
            }
        }
    }

    /**
     * A class-per-folder tree of {@link #IMAGES} JPEGs under the temporary directory, written once per
     * JVM: smooth colour fields with texture, so that they compress like photographs, not like noise.
     */
    static synchronized Path tree() {
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "mpl-bench-imagenet-" + WIDTH + "x" + HEIGHT);
        try {
            Path complete = root.resolve("complete");
            if (Files.exists(complete)) {
                return root;
            }
            SplittableRandom rng = new SplittableRandom(5);
            for (int i = 0; i < IMAGES; i++) {
                Path dir = Files.createDirectories(root.resolve(i % 2 == 0 ? "a" : "b"));
                BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
                double fx = rng.nextDouble(0.005, 0.05);
                double fy = rng.nextDouble(0.005, 0.05);
                int hue = rng.nextInt(256);
                for (int y = 0; y < HEIGHT; y++) {
                    for (int x = 0; x < WIDTH; x++) {
                        int r = (int) (127 + 100 * Math.sin(fx * x + hue)) + rng.nextInt(24);
                        int g = (int) (127 + 100 * Math.cos(fy * y + hue)) + rng.nextInt(24);
                        int b = (int) (127 + 80 * Math.sin(fx * x + fy * y)) + rng.nextInt(24);
                        img.setRGB(x, y, (clamp(r) << 16) | (clamp(g) << 8) | clamp(b));
                    }
                }
                Path tmp = dir.resolve("img" + i + ".jpg.tmp");
                ImageIO.write(img, "jpg", tmp.toFile());
                Files.move(tmp, dir.resolve("img" + i + ".jpg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Files.writeString(complete, IMAGES + " images\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
