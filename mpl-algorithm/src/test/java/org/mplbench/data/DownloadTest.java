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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against an in-process HTTP server (no network). */
class DownloadTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private byte[] body;
    private boolean honourRange = true;
    private final List<String> ranges = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            ranges.add(range);
            if (ex.getRequestURI().getPath().endsWith("/missing")) {
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] out = body;
            int code = 200;
            if (range != null && honourRange) {
                int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                out = Arrays.copyOfRange(body, from, body.length);
                code = 206;
            }
            ex.sendResponseHeaders(code, out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
    }

    private static String md5(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
    }

    private byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void downloadsVerifiesAndRenames() throws Exception {
        body = payload(200_000);
        Download d = new Download(url("f.bin"), "f.bin", md5(body));
        long[] seen = {0};
        Path p = d.fetch(dir, n -> seen[0] = n);
        assertThat(p).isEqualTo(dir.resolve("f.bin"));
        assertThat(Files.readAllBytes(p)).isEqualTo(body);
        assertThat(seen[0]).isEqualTo(body.length);
        assertThat(dir.resolve("f.bin.part")).doesNotExist();
        // a verified copy is not fetched again
        ranges.clear();
        d.fetch(dir, n -> {});
        assertThat(ranges).isEmpty();
    }

    @Test
    void resumesAPartialDownloadWithARangeRequest() throws Exception {
        body = payload(100_000);
        Files.write(dir.resolve("f.bin.part"), Arrays.copyOf(body, 40_000));
        Path p = new Download(url("f.bin"), "f.bin", md5(body)).fetch(dir, n -> {});
        assertThat(ranges).containsExactly("bytes=40000-");
        assertThat(Files.readAllBytes(p)).isEqualTo(body);
    }

    @Test
    void startsOverWhenTheServerIgnoresTheRange() throws Exception {
        body = payload(50_000);
        honourRange = false;
        Files.write(dir.resolve("f.bin.part"), Arrays.copyOf(body, 10_000));
        Path p = new Download(url("f.bin"), "f.bin", md5(body)).fetch(dir, n -> {});
        assertThat(Files.readAllBytes(p)).isEqualTo(body);
    }

    @Test
    void checksumMismatchLeavesNothingBehind() throws Exception {
        body = payload(1000);
        Download d = new Download(url("f.bin"), "f.bin", "0".repeat(32));
        assertThatThrownBy(() -> d.fetch(dir, n -> {})).isInstanceOf(IOException.class)
                .hasMessageContaining("checksum " + md5(body) + " does not match the published " + "0".repeat(32));
        assertThat(dir.resolve("f.bin")).doesNotExist();
        assertThat(dir.resolve("f.bin.part")).doesNotExist();
    }

    @Test
    void httpErrorIsReported() {
        body = new byte[0];
        assertThatThrownBy(() -> new Download(url("missing"), "m.bin", "x").fetch(dir, n -> {}))
                .hasMessageContaining("missing: HTTP 404");
    }

    @Test
    void locatorDownloadsCifarArchiveIntoTheCacheAndLoadsIt() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        body = Files.readAllBytes(Cifar10Test.writeArchive(src, 2));
        Path cache = dir.resolve("cache");
        DatasetLocator loc = DatasetLocator.builder().optCacheDir(cache)
                .optDownload("cifar10", Download.CIFAR10.at(url("cifar-10-binary.tar.gz")).withMd5(md5(body))).build();
        VisionData data = loc.cifar10();
        assertThat(data.train().size()).isEqualTo(10);
        assertThat(data.test().size()).isEqualTo(2);
        assertThat(data.source()).isEqualTo("real");
        assertThat(cache.resolve(Cifar10.ARCHIVE)).exists();
    }

    @Test
    void offlineWithoutACopyNamesExpectedFilesAndProperty() {
        DatasetLocator loc = DatasetLocator.builder().optCacheDir(dir).optOffline(true).build();
        assertThatThrownBy(loc::cifar10).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("CIFAR-10 not found and downloads are off")
                .hasMessageContaining("cifar-10-binary.tar.gz")
                .hasMessageContaining("-Ddata.cifar10=");
        assertThatThrownBy(loc::svhn).hasMessageContaining("train_32x32.mat, extra_32x32.mat, test_32x32.mat")
                .hasMessageContaining("-Ddata.svhn=");
        assertThatThrownBy(() -> loc.imagenet(224)).hasMessageContaining("ImageNet is never downloaded")
                .hasMessageContaining("-Ddata.imagenet=");
    }

    @Test
    void systemPropertiesSelectLocationsCacheAndOfflineMode() throws Exception {
        Cifar10Test.writeAll(dir, 1);
        java.util.Map<String, String> set = java.util.Map.of(
                "data.cifar10", dir.toString(), "data.cache", dir.resolve("cache").toString(), "data.offline", "true");
        java.util.Map<String, String> before = new java.util.HashMap<>();
        set.keySet().forEach(k -> before.put(k, System.getProperty(k)));
        try {
            set.forEach(System::setProperty);
            DatasetLocator loc = DatasetLocator.fromSystemProperties();
            assertThat(loc.cifar10().test().size()).isEqualTo(1);
            assertThatThrownBy(loc::svhn).hasMessageContaining(dir.resolve("cache").toString())
                    .hasMessageContaining("downloads are off");
        } finally {
            before.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void explicitLocationIsUsedAndCheckedFirst() throws Exception {
        Cifar10Test.writeAll(dir, 1);
        DatasetLocator loc = DatasetLocator.builder().optCacheDir(dir.resolve("empty")).optOffline(true)
                .optLocation(DatasetLocator.CIFAR10_PROPERTY, dir).build();
        assertThat(loc.cifar10().train().size()).isEqualTo(5);
        DatasetLocator bad = DatasetLocator.builder().optOffline(true)
                .optLocation(DatasetLocator.CIFAR10_PROPERTY, dir.resolve("nowhere")).build();
        assertThatThrownBy(bad::cifar10).hasMessageContaining("nowhere: does not exist (given by -Ddata.cifar10)");
    }
}
