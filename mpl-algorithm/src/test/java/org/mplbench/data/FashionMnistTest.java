package org.mplbench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fashion-MNIST's files and how they are found: the {@code -D} folder, the Debian package's folder,
 * the cache, and a checksum-checked download from an in-process HTTP server (no network).
 */
class FashionMnistTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<String> requested = new ArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void loadsTrainAndTestAsOneChannelImagesWithTheirStatistics() throws IOException {
        IdxFiles.fashionMnist(tmp, 30, 20, true);
        VisionData d = FashionMnist.load(tmp, false);
        assertThat(d.dataset()).isEqualTo("fashion-mnist");
        assertThat(d.source()).isEqualTo("real");
        assertThat(d.train().size()).isEqualTo(30);
        assertThat(d.test().size()).isEqualTo(20);
        assertThat(d.train().channels()).isEqualTo(1);
        assertThat(d.train().height()).isEqualTo(28);
        assertThat(d.train().label(13)).isEqualTo(3);
        byte[] img = new byte[784];
        d.test().read(2, img, 0);
        assertThat(img[0] & 0xFF).isEqualTo(14);
        assertThat(img[783] & 0xFF).isEqualTo((14 + 783) % 256);
        assertThat(d.normalization()).isEqualTo(Normalization.FASHION_MNIST);
    }

    @Test
    void rawFilesServeAsWellAsCompressedOnes() throws IOException {
        IdxFiles.fashionMnist(tmp, 10, 10, false);
        assertThat(FashionMnist.completeIn(tmp)).isTrue();
        assertThat(FashionMnist.load(tmp, false).train().size()).isEqualTo(10);
    }

    @Test
    void checksumsAreOfTheDecompressedContentsSoDifferentlyGzippedCopiesAgree() throws IOException {
        // the Debian package re-gzipped the official files: other .gz bytes, the same contents
        byte[] raw = IdxFiles.labels(Idx.LABELS_MAGIC, 500, IdxFiles.labelBytes(500));
        Path fast = tmp.resolve("fast.gz");
        Path best = tmp.resolve("best.gz");
        Path plain = tmp.resolve("plain");
        Files.write(fast, IdxFiles.gzip(raw, Deflater.BEST_SPEED));
        Files.write(best, IdxFiles.gzip(raw, Deflater.BEST_COMPRESSION));
        Files.write(plain, raw);
        assertThat(Files.readAllBytes(fast)).isNotEqualTo(Files.readAllBytes(best));
        String sha = FashionMnist.contentSha256(plain);
        assertThat(FashionMnist.contentSha256(fast)).isEqualTo(sha);
        assertThat(FashionMnist.contentSha256(best)).isEqualTo(sha);
        // a one-byte file: the digest is plain SHA-256 of the bytes (sha256(0x01), as any tool computes it)
        Path empty = tmp.resolve("e");
        Files.write(empty, new byte[] {1});
        assertThat(FashionMnist.contentSha256(empty))
                .isEqualTo("4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a");
    }

    @Test
    void aCopyThatIsNotTheOfficialDataIsRefusedUnlessVerificationIsOff() throws IOException {
        IdxFiles.fashionMnist(tmp, 10, 10, true);
        assertThatThrownBy(() -> FashionMnist.load(tmp, true))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(tmp.resolve("train-images-idx3-ubyte.gz") + ": decompressed contents have SHA-256 ")
                .hasMessageContaining("not the published c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888")
                .hasMessageContaining("-Ddata.verify=false");
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        IdxFiles.fashionMnist(tmp, 10, 10, true);
        Files.delete(tmp.resolve("t10k-labels-idx1-ubyte.gz"));
        assertThat(FashionMnist.completeIn(tmp)).isFalse();
        assertThatThrownBy(() -> FashionMnist.load(tmp, false))
                .hasMessageStartingWith(tmp.resolve("t10k-labels-idx1-ubyte.gz") + ": missing (expected "
                        + "train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], "
                        + "t10k-labels-idx1-ubyte[.gz] in " + tmp + ")");
    }

    @Test
    void theOfficialFilesAndAddressesAreTheReferenceOnes() {
        assertThat(FashionMnist.File.TRAIN_IMAGES.download(FashionMnist.BASE_URL)).isEqualTo(new Download(
                URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/train-images-idx3-ubyte.gz"),
                "train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"));
        assertThat(FashionMnist.File.TEST_LABELS.download(FashionMnist.BASE_URL).md5())
                .isEqualTo("bb300cfdad3c16e7a12a480ee83cd310");
        assertThat(FashionMnist.File.TEST_LABELS.contentSha256())
                .isEqualTo("0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");
    }

    @Test
    void locatorPrefersTheDFolderThenTheSystemFolderThenTheCache() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Path system = tmp.resolve("system");
        Path cache = tmp.resolve("cache");
        IdxFiles.fashionMnist(explicit, 11, 10, true);
        IdxFiles.fashionMnist(system, 12, 10, false);
        IdxFiles.fashionMnist(cache.resolve("fashion-mnist"), 13, 10, true);
        DatasetLocator.Builder base = DatasetLocator.builder().optVerify(false).optOffline(true).optCacheDir(cache);

        DatasetLocator withAll = base.optSystemDir(system).optLocation(DatasetLocator.FASHION_MNIST_PROPERTY, explicit)
                .build();
        assertThat(withAll.fashionMnist().train().size()).isEqualTo(11);
        assertThat(withAll.fashionMnistOrigin()).isEqualTo(explicit + " (-Ddata.fashion-mnist)");

        DatasetLocator systemOnly = DatasetLocator.builder().optVerify(false).optOffline(true).optCacheDir(cache)
                .optSystemDir(system).build();
        assertThat(systemOnly.present("fashion-mnist")).isTrue();
        assertThat(systemOnly.fashionMnist().train().size()).isEqualTo(12);
        assertThat(systemOnly.fashionMnistOrigin()).isEqualTo(system + " (Debian package dataset-fashion-mnist)");

        DatasetLocator cacheOnly = DatasetLocator.builder().optVerify(false).optOffline(true).optCacheDir(cache)
                .optSystemDir(tmp.resolve("absent")).build();
        assertThat(cacheOnly.fashionMnist().train().size()).isEqualTo(13);
        assertThat(cacheOnly.fashionMnistOrigin()).isEqualTo(cache.resolve("fashion-mnist") + " (cache)");
    }

    @Test
    void aDFolderThatDoesNotExistIsAnError() {
        DatasetLocator l = DatasetLocator.builder().optSystemDir(tmp.resolve("absent"))
                .optLocation(DatasetLocator.FASHION_MNIST_PROPERTY, tmp.resolve("nope")).build();
        assertThatThrownBy(l::fashionMnist).hasMessageStartingWith(tmp.resolve("nope") + ": is not a directory "
                + "(given by -Ddata.fashion-mnist");
    }

    @Test
    void offlineWithNoCopyTheErrorNamesThePackageThePropertyAndTheAddress() {
        DatasetLocator l = DatasetLocator.builder().optOffline(true).optCacheDir(tmp.resolve("cache"))
                .optSystemDir(tmp.resolve("absent")).build();
        assertThat(l.present("fashion-mnist")).isFalse();
        assertThatThrownBy(l::fashionMnist)
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("-Ddata.fashion-mnist=<folder with")
                .hasMessageContaining("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")
                .hasMessageContaining("-Ddata.offline=true");
    }

    @Test
    void downloadsTheFourFilesWithTheirChecksumsIntoTheCacheWhenOnline() throws IOException {
        DatasetLocator l = servedLocator(true).build();
        assertThat(l.present("fashion-mnist")).isFalse();
        assertThat(l.fashionMnist().train().size()).isEqualTo(20);
        assertThat(requested).hasSize(4);
        assertThat(FashionMnist.completeIn(tmp.resolve("cache/fashion-mnist"))).isTrue();
        assertThat(l.present("fashion-mnist")).isTrue();
        // a second load reads the cache
        assertThat(l.fashionMnist().test().size()).isEqualTo(10);
        assertThat(requested).hasSize(4);
    }

    @Test
    void aDownloadWithTheWrongChecksumNeverEntersTheCache() throws IOException {
        // the official checksums: the served stand-ins do not match them
        DatasetLocator.Builder b = servedLocator(false);
        assertThatThrownBy(() -> b.build().fashionMnist())
                .hasMessageContaining("checksum")
                .hasMessageContaining("does not match the published 8d4fb7e6c68d591d4c3dfef9ec88bf0d");
        assertThat(tmp.resolve("cache/fashion-mnist/train-images-idx3-ubyte.gz")).doesNotExist();
        assertThat(tmp.resolve("cache/fashion-mnist/train-images-idx3-ubyte.gz.part")).doesNotExist();
    }

    /**
     * A locator whose Fashion-MNIST downloads come from a local server holding tiny files, checked
     * against the served files' MD5s ({@code ownChecksums}) or the official ones.
     */
    private DatasetLocator.Builder servedLocator(boolean ownChecksums) throws IOException {
        Path served = tmp.resolve("served");
        IdxFiles.fashionMnist(served, 20, 10, true);
        URI base = serve(served);
        DatasetLocator.Builder b = DatasetLocator.builder().optCacheDir(tmp.resolve("cache"))
                .optSystemDir(tmp.resolve("absent")).optVerify(false);
        for (FashionMnist.File f : FashionMnist.File.values()) {
            Download official = f.download(base);
            b.optDownload("fashion-mnist-" + f.baseName(), ownChecksums
                    ? official.withMd5(Download.md5(served.resolve(f.baseName() + ".gz"))) : official);
        }
        return b;
    }

    private URI serve(Path dir) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requested.add(ex.getRequestURI().getPath());
            byte[] body = Files.readAllBytes(dir.resolve(ex.getRequestURI().getPath().substring(1)));
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }
}
