package org.mplbench.experiments.table3;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.mplbench.config.ConfigException;
import org.mplbench.data.DatasetLocator;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.data.VisionData;
import org.mplbench.experiments.run.RunOptions;

/**
 * Where Table 3's images come from: ImageNet ({@code -Ddata.imagenet}: {@code train/} and {@code val/},
 * one folder per class) and a pool of unlabeled images ({@code -Ddata.unlabeled}: any folder of image
 * files). Without them the cpu profile writes a small ImageNet-style tree of real Fashion-MNIST images
 * (and the smoke profile one of synthetic images) under the results directory, and says so.
 */
public final class Table3Data {

    static final String POOL_PROPERTY = "data.unlabeled";

    /** The three folders and a line on what they hold; {@code source} is {@code real} or {@code synthetic}. */
    public record Located(Path train, Path val, Path pool, String dataset, String source, String origin) {
        public boolean imagenet() {
            return dataset.equals("imagenet");
        }
    }

    /** Images per class of the written trees: labeled (with its hold-out), validation; and the pool's size. */
    private record Sizes(int labeledPerClass, int valImages, int poolImages) {}

    private Table3Data() {}

    static Located locate(RunOptions o, Path out) throws IOException {
        Optional<String> imagenet = o.option(DatasetLocator.IMAGENET_PROPERTY);
        Optional<String> pool = o.option(POOL_PROPERTY);
        if (imagenet.isPresent() != pool.isPresent()) {
            throw new ConfigException(imagenet.isPresent() ? "-D" + POOL_PROPERTY : "-D" + DatasetLocator.IMAGENET_PROPERTY,
                    "is required with " + (imagenet.isPresent() ? "-D" + DatasetLocator.IMAGENET_PROPERTY : "-D"
                            + POOL_PROPERTY) + ": the table trains on ImageNet and an unlabeled pool together");
        }
        if (imagenet.isPresent()) {
            Path root = Path.of(imagenet.get());
            return new Located(root.resolve("train"), root.resolve("val"), Path.of(pool.get()), "imagenet", "real",
                    "ImageNet from " + root + " (train/, val/), unlabeled pool " + pool.get());
        }
        return switch (o.profile()) {
            case CPU -> {
                Path dir = out.resolve("data");
                if (!Files.exists(dir.resolve("complete"))) {
                    System.out.println("writing the cpu data (real Fashion-MNIST images as an ImageNet-style tree) to "
                            + dir);
                    VisionData f = DatasetLocator.fromSystemProperties().fashionMnist();
                    write(dir, f.train(), f.test(), new Sizes(200, 2_000, 20_000));
                }
                yield new Located(dir.resolve("train"), dir.resolve("val"), dir.resolve("pool"), "fashion-mnist-tree", "real",
                        "Fashion-MNIST written as PNG files (" + dir + "): 200 labeled per class (25 held out), a pool of "
                                + "20,000 further training images without labels, 2,000 test images — NOT ImageNet");
            }
            case SMOKE -> {
                Path dir = out.resolve("data");
                if (!Files.exists(dir.resolve("complete"))) {
                    VisionData s = SyntheticCifar.generate(1, 0.02);
                    write(dir, s.train(), s.test(), new Sizes(8, 40, 120));
                }
                yield new Located(dir.resolve("train"), dir.resolve("val"), dir.resolve("pool"), "synthetic-tree", "synthetic",
                        "SYNTHETIC stand-in images written as PNG files (" + dir + ") — NOT ImageNet");
            }
            default -> throw new ConfigException("-D" + DatasetLocator.IMAGENET_PROPERTY, "not set: the " + o.profile().id()
                    + " profile trains on ImageNet (-Ddata.imagenet=<dir with train/ and val/>) and a pool of unlabeled "
                    + "images (-D" + POOL_PROPERTY + "=<dir>); docs/data.md names public pools");
        };
    }

    /**
     * Writes {@code train}'s first {@code labeledPerClass} images of each class as {@code train/<class>/},
     * the next {@code poolImages} training images without labels as {@code pool/}, and the first
     * {@code valImages} of {@code test} as {@code val/<class>/}; {@code complete} last, so a crash leaves
     * a tree that is written again.
     */
    private static void write(Path dir, ImageSet train, ImageSet test, Sizes sizes) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        int[] perClass = new int[train.classes()];
        int pooled = 0;
        for (int i = 0; i < train.size() && pooled < sizes.poolImages(); i++) {
            int y = train.label(i);
            if (perClass[y] < sizes.labeledPerClass()) {
                png(train, i, dir.resolve("train").resolve(className(y)).resolve(String.format(Locale.ROOT, "%06d.png", i)));
                perClass[y]++;
            } else {
                png(train, i, dir.resolve("pool").resolve(String.format(Locale.ROOT, "%06d.png", i)));
                pooled++;
            }
        }
        for (int i = 0; i < Math.min(sizes.valImages(), test.size()); i++) {
            png(test, i, dir.resolve("val").resolve(className(test.label(i))).resolve(String.format(Locale.ROOT, "%06d.png", i)));
        }
        Files.writeString(dir.resolve("complete"), "written from " + train.name() + " and " + test.name() + "\n");
    }

    static String className(int y) {
        return String.format(Locale.ROOT, "class%02d", y);
    }

    private static void png(ImageSet images, int index, Path file) throws IOException {
        int h = images.height();
        int w = images.width();
        int c = images.channels();
        byte[] px = new byte[images.imageBytes()];
        images.read(index, px, 0);
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * c;
                int r = px[p] & 0xFF;
                int g = c == 1 ? r : px[p + 1] & 0xFF;
                int b = c == 1 ? r : px[p + 2] & 0xFF;
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
