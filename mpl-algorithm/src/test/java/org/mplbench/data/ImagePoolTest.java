package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePoolTest {

    @TempDir
    Path root;

    @Test
    void listsImageFilesNestedOrFlatInTheOrderOfTheirRelativePaths() throws IOException {
        ImageNetFolderTest.png(root.resolve("b/z.png"), 10, 8, 0xFF0000, 0xFF0000);
        ImageNetFolderTest.png(root.resolve("a.png"), 12, 12, 0x00FF00, 0x00FF00);
        ImageNetFolderTest.png(root.resolve("b/c/d.png"), 9, 9, 0x0000FF, 0x0000FF);
        Files.writeString(root.resolve("b/readme.txt"), "not an image");
        ImagePool pool = ImagePool.scan(root, 5, 4);
        assertThat(pool.size()).isEqualTo(3);
        assertThat(List.of(pool.path(0), pool.path(1), pool.path(2))).containsExactly("a.png", "b/c/d.png", "b/z.png");
        assertThat(pool.decode(2).width()).isEqualTo(10);
        byte[] view = new byte[pool.imageBytes()];
        pool.read(0, view, 0);
        assertThat(view[1] & 0xFF).isEqualTo(255); // green, centre-cropped and resized to 4×4
        assertThatThrownBy(() -> pool.label(0)).isInstanceOf(UnsupportedOperationException.class);
        ImagePool selected = ImagePool.of(root, List.of("b/z.png"), new int[] {3}, 5, 4);
        assertThat(selected.label(0)).isEqualTo(3);
    }

    @Test
    void anEmptyPoolOrAMissingFolderIsAnErrorNamingIt() throws IOException {
        Files.writeString(root.resolve("notes.txt"), "x");
        assertThatThrownBy(() -> ImagePool.scan(root, 5, 4)).hasMessageContaining(root.toString())
                .hasMessageContaining("holds no image files");
        assertThatThrownBy(() -> ImagePool.scan(root.resolve("missing"), 5, 4)).hasMessageContaining("is not a directory");
    }

    @Test
    void theHeldOutSplitLabelsEverythingButTheHoldOut() {
        // 30 images of one class and 30 of another: 25 held out of each, the other 5 labeled, nothing unlabeled
        ImageSet images = SyntheticCifar.images(1, 0, 300);
        SslSplit s = SslSplit.draw(SplitSpec.IMAGENET_HELD_OUT, images, images.size(), 1);
        int[] perClass = new int[10];
        for (int i = 0; i < images.size(); i++) {
            perClass[images.label(i)]++;
        }
        int expectedLabeled = java.util.Arrays.stream(perClass).map(n -> n - 25).sum();
        assertThat(s.validation()).hasSize(250);
        assertThat(s.labeled()).hasSize(expectedLabeled);
        assertThat(s.unlabeled()).isEmpty();
        // the fraction applies after the hold-out: 10 % of each class's 100 with none held out is 10
        assertThat(SplitSpec.IMAGENET_10_PERCENT.labeledCount(100)).isEqualTo(10);
        assertThat(SplitSpec.IMAGENET_HELD_OUT.labeledCount(1300)).isEqualTo(1275);
    }
}
