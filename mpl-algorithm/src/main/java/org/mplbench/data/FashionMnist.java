package org.mplbench.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando, MIT licence): 60,000 training and 10,000 test greyscale 28×28 images of
 * clothing in 10 balanced classes, in four IDX files, each gzip-compressed ({@code .gz}) or raw.
 *
 * <p>Copies are checked by the SHA-256 of their <em>decompressed</em> contents: the Debian package
 * {@code dataset-fashion-mnist} re-gzipped the files, so its {@code .gz} bytes differ from the
 * official ones while the images and labels are identical. Downloads are additionally checked
 * against the official {@code .gz} MD5 before they enter the cache.
 */
public final class FashionMnist {

    public static final int SIDE = 28;
    public static final int CLASSES = 10;
    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
    public static final URI BASE_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** One of the four files: its base name, official {@code .gz} MD5 and decompressed SHA-256. */
    public enum File {
        TRAIN_IMAGES("train-images-idx3-ubyte", "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
        TRAIN_LABELS("train-labels-idx1-ubyte", "25c81989df183df01b3e8a0aad5dffbe",
                "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
        TEST_IMAGES("t10k-images-idx3-ubyte", "bef4ecab320f06d8554ea6380940ec79",
                "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
        TEST_LABELS("t10k-labels-idx1-ubyte", "bb300cfdad3c16e7a12a480ee83cd310",
                "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

        private final String base;
        private final String gzMd5;
        private final String contentSha256;

        File(String base, String gzMd5, String contentSha256) {
            this.base = base;
            this.gzMd5 = gzMd5;
            this.contentSha256 = contentSha256;
        }

        public String baseName() {
            return base;
        }

        public String contentSha256() {
            return contentSha256;
        }

        /** The official compressed file at {@code baseUrl}, with its published MD5. */
        public Download download(URI baseUrl) {
            return new Download(baseUrl.resolve(base + ".gz"), base + ".gz", gzMd5);
        }

        /** This file in {@code dir}: {@code <name>.gz}, else the raw {@code <name>}; null when neither. */
        public Path in(Path dir) {
            Path gz = dir.resolve(base + ".gz");
            if (Files.isRegularFile(gz)) {
                return gz;
            }
            Path raw = dir.resolve(base);
            return Files.isRegularFile(raw) ? raw : null;
        }
    }

    private FashionMnist() {}

    /** Whether {@code dir} holds all four files (compressed or raw). */
    public static boolean completeIn(Path dir) {
        return List.of(File.values()).stream().allMatch(f -> f.in(dir) != null);
    }

    /** The expected file names, for messages. */
    public static String expectedFiles() {
        return String.join(", ", List.of(File.values()).stream().map(f -> f.baseName() + "[.gz]").toList());
    }

    /**
     * Loads the training and test sets from {@code dir}; with {@code verify}, every file's decompressed
     * contents must match the published checksum first (nothing is parsed from a file that does not).
     */
    public static VisionData load(Path dir, boolean verify) throws IOException {
        Path[] p = new Path[File.values().length];
        for (File f : File.values()) {
            Path file = f.in(dir);
            if (file == null) {
                throw new DataFormatException(dir.resolve(f.baseName() + ".gz").toString(),
                        "missing (expected " + expectedFiles() + " in " + dir + ")");
            }
            if (verify) {
                verify(file, f);
            }
            p[f.ordinal()] = file;
        }
        InMemoryImages train = Idx.load("fashion-mnist:train", p[File.TRAIN_IMAGES.ordinal()],
                p[File.TRAIN_LABELS.ordinal()], SIDE, SIDE, CLASSES);
        InMemoryImages test = Idx.load("fashion-mnist:test", p[File.TEST_IMAGES.ordinal()],
                p[File.TEST_LABELS.ordinal()], SIDE, SIDE, CLASSES);
        return new VisionData("fashion-mnist", train, null, test, "real", Normalization.FASHION_MNIST);
    }

    /** Checks the SHA-256 of {@code file}'s decompressed contents against {@code expected}'s. */
    static void verify(Path file, File expected) throws IOException {
        String got = contentSha256(file);
        if (!got.equals(expected.contentSha256())) {
            throw new DataFormatException(file.toString(), "decompressed contents have SHA-256 " + got
                    + ", not the published " + expected.contentSha256() + " of Fashion-MNIST's " + expected.baseName()
                    + " (a corrupt or different file; -Ddata.verify=false reads it anyway)");
        }
    }

    /** SHA-256 of the decompressed contents (the raw bytes for an uncompressed file). */
    static String contentSha256(Path file) throws IOException {
        try {
            return Digests.hex("SHA-256", Idx.open(file));
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new DataFormatException(file.toString(), "corrupt gzip data (" + e.getMessage() + ")");
        }
    }
}
