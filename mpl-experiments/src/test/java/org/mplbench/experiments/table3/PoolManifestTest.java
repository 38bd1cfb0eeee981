package org.mplbench.experiments.table3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolManifestTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackItsSelection() throws Exception {
        Path f = dir.resolve("manifest.csv");
        PoolManifest.write(f, List.of("how it was made"), List.of(
                new PoolManifest.Entry("a/b, c.jpg", 2, "n02", 0.5, "ab12"),
                new PoolManifest.Entry("d.png", 0, "n00", 0.25, "cd34")));
        assertThat(Files.readAllLines(f)).containsExactly("# how it was made", "path,class,class_name,score,sha256",
                "\"a/b, c.jpg\",2,n02,0.500000,ab12", "d.png,0,n00,0.250000,cd34");
        PoolManifest.Selection s = PoolManifest.read(f, 3);
        assertThat(s.paths()).containsExactly("a/b, c.jpg", "d.png");
        assertThat(s.classes()).containsExactly(2, 0);
        assertThat(dir.toFile().list()).containsExactly("manifest.csv"); // no temporary file left
    }

    @Test
    void aMalformedManifestIsAnErrorNamingTheLine() throws Exception {
        Path f = dir.resolve("m.csv");
        Files.writeString(f, "path,class,class_name,score,sha256\nx.jpg,7,n07,0.5,aa\n");
        assertThatThrownBy(() -> PoolManifest.read(f, 3)).hasMessageContaining(f + ":1")
                .hasMessageContaining("class 7 is outside 0..2");
        Files.writeString(f, "path,class,class_name,score,sha256\nx.jpg,two,n02,0.5,aa\n");
        assertThatThrownBy(() -> PoolManifest.read(f, 3)).hasMessageContaining("'two' is not an integer");
        assertThatThrownBy(() -> PoolManifest.read(dir.resolve("none.csv"), 3)).hasMessageContaining("-Dstage=filter");
        Files.writeString(f, "path,class,class_name,score,sha256\n");
        assertThatThrownBy(() -> PoolManifest.read(f, 3)).hasMessageContaining("selects no images");
    }
}
