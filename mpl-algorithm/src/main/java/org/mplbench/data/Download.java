package org.mplbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * One file to fetch: its address, the name it gets in the cache and its MD5 (the checksum the
 * dataset authors publish).
 *
 * <p>{@link #fetch} downloads into {@code <name>.part}, resuming a previous partial download with an
 * HTTP range request, verifies the checksum, and only then renames the file into place: the cache
 * never holds a half-written or corrupt file under its real name.
 */
public record Download(URI url, String fileName, String md5) {

    public static final Download CIFAR10 = new Download(
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            Cifar10.ARCHIVE, "c32a1d4ab5d03f1284b67883e8d87530");
    public static final Download SVHN_TRAIN = new Download(
            URI.create("http://ufldl.stanford.edu/housenumbers/train_32x32.mat"),
            Svhn.TRAIN, "e26dedcc434d2e4c54c9b2d4a06d8373");
    public static final Download SVHN_TEST = new Download(
            URI.create("http://ufldl.stanford.edu/housenumbers/test_32x32.mat"),
            Svhn.TEST, "eb5a983be6a315427106f1b164d9cef3");
    public static final Download SVHN_EXTRA = new Download(
            URI.create("http://ufldl.stanford.edu/housenumbers/extra_32x32.mat"),
            Svhn.EXTRA, "a93ce644f1a588dc4d68dda5feec44a7");

    /**
     * Returns {@code cacheDir/fileName}, downloading it first unless a copy with the right checksum is
     * already there. {@code progress} receives the number of bytes on disk as they arrive.
     */
    public Path fetch(Path cacheDir, LongConsumer progress) throws IOException {
        Files.createDirectories(cacheDir);
        Path target = cacheDir.resolve(fileName);
        if (Files.isRegularFile(target)) {
            String have = md5(target);
            if (have.equals(md5)) {
                return target;
            }
            throw new DataFormatException(target.toString(), "checksum " + have + " does not match the published "
                    + md5 + "; delete the file to download it again");
        }
        Path part = cacheDir.resolve(fileName + ".part");
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build();
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder req = HttpRequest.newBuilder(url).GET();
        if (have > 0) {
            req.header("Range", "bytes=" + have + "-");
        }
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + url, e);
        }
        boolean append;
        if (resp.statusCode() == 206 && have > 0) {
            append = true;
        } else if (resp.statusCode() == 200) {
            append = false; // the server ignored the range: start over
            have = 0;
        } else if (resp.statusCode() == 416 && have > 0) {
            resp.body().close();
            append = true; // the partial file is already complete
        } else {
            resp.body().close();
            throw new IOException(url + ": HTTP " + resp.statusCode());
        }
        if (resp.statusCode() != 416) {
            try (InputStream in = resp.body();
                    OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    have += n;
                    progress.accept(have);
                }
            }
        }
        String got = md5(part);
        if (!got.equals(md5)) {
            Files.delete(part);
            throw new IOException(url + ": checksum " + got + " does not match the published " + md5
                    + " (the partial download was deleted; try again)");
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    static String md5(Path file) throws IOException {
        return Digests.hex("MD5", Files.newInputStream(file));
    }

    /** The same file with another checksum (a local archive standing in for the real one). */
    public Download withMd5(String other) {
        return new Download(url, fileName, other);
    }

    /** The same file at another address (mirrors, tests). */
    public Download at(URI other) {
        return new Download(other, fileName, md5);
    }
}
