package org.mplbench.experiments;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/** Small ImageNet-style trees of JPEG files for the tests of the ImageNet paths. */
public final class TestTrees {

    private TestTrees() {}

    /**
     * {@code perClass} JPEGs per class of random sizes (36–70 px a side), each class its own hue with
     * noise, under {@code dir/<class>/}.
     */
    public static void writeTree(Path dir, int classes, int perClass, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < classes; c++) {
            Path cls = Files.createDirectories(dir.resolve(String.format("n%08d", c)));
            for (int i = 0; i < perClass; i++) {
                int w = rng.nextInt(36, 71);
                int h = rng.nextInt(36, 71);
                BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int base = 60 + 60 * c;
                        int r = Math.min(255, base + rng.nextInt(40));
                        int g = Math.min(255, 255 - base + rng.nextInt(40));
                        img.setRGB(x, y, (r << 16) | (g << 8) | rng.nextInt(256));
                    }
                }
                ImageIO.write(img, "jpg", cls.resolve("img" + i + ".jpg").toFile());
            }
        }
    }


    /**
     * The smoke profile's options on an ImageNet-style tree and pool under {@code data} ({@code imagenet/},
     * {@code pool/}), then {@code more} key-value pairs.
     */
    public static String[] poolOptions(Path data, String... more) {
        String[] base = {"profile", "smoke", "data.imagenet", data.resolve("imagenet").toString(), "data.unlabeled",
            data.resolve("pool").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
