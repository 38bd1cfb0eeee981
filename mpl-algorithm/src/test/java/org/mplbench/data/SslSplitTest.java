package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SslSplitTest {

    @TempDir
    Path dir;

    /** Labels only (1×1 pixels): a CIFAR-sized set costs 150 kB instead of 150 MB. */
    static ImageSet labelsOnly(String name, int n, int classes) {
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % classes);
        }
        return new InMemoryImages(name, new byte[n * 3], y, 1, 1, classes);
    }

    @Test
    void cifar10FourKHasThePaperSizesPerClass() {
        ImageSet train = labelsOnly("train", 50_000, 10);
        SslSplit s = SslSplit.draw(SplitSpec.CIFAR10_4K, train, train.size(), 1);
        assertThat(s.labeled()).hasSize(4_000);
        assertThat(s.validation()).hasSize(5_000);
        assertThat(s.unlabeled()).hasSize(41_000);
        assertThat(SslSplit.classCounts(s.labeled(), train)).containsOnly(400);
        assertThat(SslSplit.classCounts(s.validation(), train)).containsOnly(500);
        assertThat(SslSplit.classCounts(s.unlabeled(), train)).containsOnly(4_100);
        Set<Integer> seen = new HashSet<>();
        IntStream.of(s.labeled()).forEach(seen::add);
        IntStream.of(s.validation()).forEach(seen::add);
        IntStream.of(s.unlabeled()).forEach(seen::add);
        assertThat(seen).as("disjoint and complete").hasSize(50_000);
        assertThat(s.labeled()).isSorted();
    }

    @Test
    void splitSeedDecidesTheDrawAndNothingElse() {
        ImageSet train = labelsOnly("train", 5_000, 10);
        SslSplit a = SslSplit.draw(SplitSpec.CIFAR10_4K.withLabeledPerClass(40, 50), train, train.size(), 1);
        SslSplit b = SslSplit.draw(SplitSpec.CIFAR10_4K.withLabeledPerClass(40, 50), train, train.size(), 1);
        SslSplit c = SslSplit.draw(SplitSpec.CIFAR10_4K.withLabeledPerClass(40, 50), train, train.size(), 2);
        assertThat(a).isEqualTo(b);
        assertThat(a.labeled()).isNotEqualTo(c.labeled());
    }

    @Test
    void svhnDrawsLabelsFromTrainOnlyAndKeepsExtraUnlabeled() {
        ImageSet train = labelsOnly("train", 7_000, 10);
        ImageSet extra = labelsOnly("extra", 3_000, 10);
        ConcatImages all = new ConcatImages("svhn", java.util.List.of(train, extra));
        SslSplit s = SslSplit.draw(SplitSpec.SVHN_1K, all, train.size(), 3);
        assertThat(s.labeled()).hasSize(1_000);
        assertThat(IntStream.of(s.labeled()).max().getAsInt()).isLessThan(7_000);
        assertThat(s.unlabeled()).hasSize(9_000);
        assertThat(s.validation()).isEmpty();
    }

    @Test
    void imagenetTenPercentLabelsAreAlsoUnlabeled() {
        ImageSet train = labelsOnly("train", 2_000, 20);
        SslSplit s = SslSplit.draw(SplitSpec.IMAGENET_10_PERCENT, train, train.size(), 4);
        assertThat(SslSplit.classCounts(s.labeled(), train)).containsOnly(10);
        assertThat(s.unlabeled()).hasSize(2_000);
    }

    @Test
    void labelMapRoundTripsExactly() throws IOException {
        ImageSet train = labelsOnly("train set", 3_000, 10);
        SslSplit s = SslSplit.draw(SplitSpec.CIFAR10_4K.withLabeledPerClass(25, 30), train, train.size(), 9);
        Path f = dir.resolve("labelmap.csv");
        s.write(f, train);
        assertThat(SslSplit.read(f, train)).isEqualTo(s);
        assertThat(Files.readAllLines(f).get(1)).isEqualTo("index,label,role");
        ImageSet in = labelsOnly("imagenet", 1_000, 10);
        SslSplit t = SslSplit.draw(SplitSpec.IMAGENET_10_PERCENT, in, in.size(), 2);
        t.write(f, in);
        assertThat(SslSplit.read(f, in)).isEqualTo(t);
    }

    @Test
    void labelMapThatDisagreesWithTheDataIsRejectedWithItsLine() throws IOException {
        ImageSet train = labelsOnly("train", 200, 10);
        SslSplit s = SslSplit.draw(SplitSpec.CIFAR10_4K.withLabeledPerClass(2, 1), train, train.size(), 1);
        Path f = dir.resolve("m.csv");
        s.write(f, train);
        var lines = Files.readAllLines(f);
        String[] row = lines.get(5).split(",");
        int wrong = (Integer.parseInt(row[1]) + 1) % 10;
        lines.set(5, row[0] + "," + wrong + "," + row[2]);
        Files.write(f, lines);
        assertThatThrownBy(() -> SslSplit.read(f, train)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("m.csv:6: index " + row[0] + " has label " + wrong + " here but " + row[1]);
        lines.set(5, "999,1,labeled");
        Files.write(f, lines);
        assertThatThrownBy(() -> SslSplit.read(f, train)).hasMessageContaining("m.csv:6: index 999 is outside");
        lines.set(5, row[0] + "," + row[1] + ",teacher");
        Files.write(f, lines);
        assertThatThrownBy(() -> SslSplit.read(f, train)).hasMessageContaining("m.csv:6: unknown role 'teacher'");
        Files.writeString(f, "index,label,role\n1,2,labeled\n");
        assertThatThrownBy(() -> SslSplit.read(f, train)).hasMessageContaining("m.csv:1: header comment has no split=");
    }

    @Test
    void tooFewImagesInAClassIsAnError() {
        ImageSet train = labelsOnly("tiny", 100, 10);
        assertThatThrownBy(() -> SslSplit.draw(SplitSpec.CIFAR10_4K, train, train.size(), 1))
                .hasMessageContaining("tiny: class 0 has 10 images, split cifar10-4k needs 400 labeled + 500 validation");
        assertThat(Arrays.stream(new int[0]).count()).isZero();
    }
}
