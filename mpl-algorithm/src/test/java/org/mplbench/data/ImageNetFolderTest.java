package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageNetFolderTest {

    @TempDir
    Path root;

    /** A w×h PNG whose left half is {@code left} and right half {@code right} (RGB ints). */
    static void png(Path file, int w, int h, int left, int right) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? left : right);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void listsClassesSortedAndCropsTheCentre() throws IOException {
        png(root.resolve("n02/b.png"), 40, 20, 0x102030, 0x102030);
        png(root.resolve("n02/a.png"), 20, 20, 0xFF0000, 0x00FF00);
        png(root.resolve("n01/z.png"), 16, 32, 0x0000FF, 0x0000FF);
        Files.writeString(root.resolve("n01/notes.txt"), "ignored: not an image");
        ImageNetFolder f = ImageNetFolder.open(root, 8);
        assertThat(f.classNames()).containsExactly("n01", "n02");
        assertThat(f.size()).isEqualTo(3);
        assertThat(f.labels()).containsExactly(0, 1, 1);
        assertThat(f.file(1).getFileName().toString()).isEqualTo("a.png");
        byte[] img = new byte[f.imageBytes()];
        assertThat(f.imageBytes()).isEqualTo(8 * 8 * 3);
        f.read(0, img, 0);
        assertThat(img[0] & 0xFF).isZero();
        assertThat(img[2] & 0xFF).isEqualTo(255);
        // 40x20 resized to 16x8, centre 8x8 crop of a uniform image
        f.read(2, img, 0);
        assertThat(img[3 * 27] & 0xFF).isEqualTo(0x10);
        assertThat(img[3 * 27 + 1] & 0xFF).isEqualTo(0x20);
        assertThat(img[3 * 27 + 2] & 0xFF).isEqualTo(0x30);
        // the two-coloured square: left column red, right column green after the resize
        f.read(1, img, 0);
        assertThat(img[0] & 0xFF).isGreaterThan(200);
        assertThat(img[3 * 7 + 1] & 0xFF).isGreaterThan(200);
    }

    @Test
    void decodesFilesAtTheirOwnSizeAsRgbWhateverTheDecodersLayout() throws IOException {
        // JPEG decodes to the BGR byte layout, PNG (INT_RGB) through getRGB: both must come out RGB
        BufferedImage red = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 30; x++) {
                red.setRGB(x, y, 0xE01010);
            }
        }
        Files.createDirectories(root.resolve("a"));
        ImageIO.write(red, "jpg", root.resolve("a/red.jpg").toFile());
        png(root.resolve("b/blue.png"), 10, 12, 0x0000FF, 0x0000FF);
        ImageNetFolder f = ImageNetFolder.open(root, 8);
        ImageSet.Decoded jpg = f.decode(0);
        assertThat(jpg.height()).isEqualTo(20);
        assertThat(jpg.width()).isEqualTo(30);
        assertThat(jpg.channels()).isEqualTo(3);
        int mid = (10 * 30 + 15) * 3;
        assertThat(jpg.pixels()[mid] & 0xFF).isGreaterThan(200);
        assertThat(jpg.pixels()[mid + 2] & 0xFF).isLessThan(50);
        ImageSet.Decoded blue = f.decode(1);
        assertThat(blue.pixels()).hasSize(12 * 10 * 3);
        assertThat(blue.pixels()[2] & 0xFF).isEqualTo(255);
        assertThat(blue.pixels()[0]).isZero();
    }

    @Test
    void emptyClassFolderIsAnError() throws IOException {
        png(root.resolve("cat/a.png"), 8, 8, 0, 0);
        Files.createDirectories(root.resolve("dog"));
        Files.writeString(root.resolve("dog/readme.txt"), "no images");
        assertThatThrownBy(() -> ImageNetFolder.open(root, 8)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("dog: class folder has no images");
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        png(root.resolve("cat/a.png"), 8, 8, 0, 0);
        Files.createDirectories(root.resolve("dog"));
        Files.write(root.resolve("dog/broken.jpg"), new byte[] {1, 2, 3});
        ImageNetFolder f = ImageNetFolder.open(root, 8);
        assertThatThrownBy(() -> f.read(1, new byte[f.imageBytes()], 0))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("broken.jpg: unreadable image");
    }

    @Test
    void missingRootAndSingleClassAreErrors() throws IOException {
        assertThatThrownBy(() -> ImageNetFolder.open(root.resolve("nope"), 8)).hasMessageContaining("nope: is not a directory");
        png(root.resolve("only/a.png"), 8, 8, 0, 0);
        assertThatThrownBy(() -> ImageNetFolder.open(root, 8)).hasMessageContaining("has 1 class folders, expected at least 2");
    }
}
