package org.mplbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.mplbench.config.Flags;

/**
 * Finds the real datasets: an explicit location ({@code -Ddata.cifar10}, {@code -Ddata.svhn},
 * {@code -Ddata.imagenet}, {@code -Ddata.fashion-mnist}), else (Fashion-MNIST) the Debian package's
 * folder, else the cache directory ({@code -Ddata.cache}, default {@code ~/.cache/mpl-bench}), else a
 * checksum-verified download into the cache unless {@code -Ddata.offline=true}. ImageNet is never
 * downloaded.
 *
 * <p>Downloads follow {@code data.offline} only, not DJL's {@code ai.djl.offline}: the latter stops
 * DJL's own start-up network probe and is set by the suite's exec configuration, which must not turn
 * dataset downloads off for a user who is online.
 */
public final class DatasetLocator {

    public static final String CIFAR10_PROPERTY = "data.cifar10";
    public static final String SVHN_PROPERTY = "data.svhn";
    public static final String IMAGENET_PROPERTY = "data.imagenet";
    public static final String FASHION_MNIST_PROPERTY = "data.fashion-mnist";
    public static final String CACHE_PROPERTY = "data.cache";
    public static final String OFFLINE_PROPERTY = "data.offline";
    public static final String VERIFY_PROPERTY = "data.verify";
    private static final List<String> LOCATIONS =
            List.of(CIFAR10_PROPERTY, SVHN_PROPERTY, IMAGENET_PROPERTY, FASHION_MNIST_PROPERTY);

    /** Every {@code -D} option the locator reads ({@link #fromSystemProperties}). */
    public static final List<String> PROPERTIES = List.of(CIFAR10_PROPERTY, SVHN_PROPERTY, IMAGENET_PROPERTY,
            FASHION_MNIST_PROPERTY, CACHE_PROPERTY, OFFLINE_PROPERTY, VERIFY_PROPERTY);

    private final Path cacheDir;
    private final boolean offline;
    private final Map<String, Path> explicit;
    private final Map<String, Download> downloads;
    private final LongConsumer progress;
    private final Path debianDir;
    private final boolean verify;

    private DatasetLocator(Builder b) {
        this.debianDir = b.debianDir;
        this.verify = b.verify;
        this.cacheDir = b.cacheDir;
        this.offline = b.offline;
        this.explicit = Map.copyOf(b.explicit);
        this.downloads = Map.copyOf(b.downloads);
        this.progress = b.progress;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings from system properties: {@code data.*}. */
    public static DatasetLocator fromSystemProperties() {
        return fromSystemProperties(n -> {});
    }

    /** Settings from system properties, with {@code downloadProgress} told the bytes of a download so far. */
    public static DatasetLocator fromSystemProperties(LongConsumer downloadProgress) {
        Builder b = builder().optProgress(downloadProgress);
        String cache = System.getProperty(CACHE_PROPERTY);
        if (cache != null && !cache.isBlank()) {
            b.optCacheDir(Path.of(cache));
        }
        b.optOffline(Flags.parse(OFFLINE_PROPERTY, System.getProperty(OFFLINE_PROPERTY), false));
        b.optVerify(Flags.parse(VERIFY_PROPERTY, System.getProperty(VERIFY_PROPERTY), true));
        for (String key : LOCATIONS) {
            String v = System.getProperty(key);
            if (v != null && !v.isBlank()) {
                b.optLocation(key, Path.of(v));
            }
        }
        return b.build();
    }

    /**
     * Whether {@code dataset} ({@code cifar10}, {@code svhn}, {@code imagenet}) can be loaded without a
     * download: given by its {@code -D} location, or (CIFAR-10, SVHN) already in the cache.
     */
    public boolean present(String dataset) {
        return switch (dataset) {
            case "cifar10" -> explicit.containsKey(CIFAR10_PROPERTY)
                    || Files.isDirectory(cacheDir.resolve("cifar-10-batches-bin"))
                    || Files.isRegularFile(cacheDir.resolve(Cifar10.ARCHIVE));
            case "svhn" -> explicit.containsKey(SVHN_PROPERTY)
                    || List.of(Svhn.TRAIN, Svhn.EXTRA, Svhn.TEST).stream().allMatch(f -> Files.isRegularFile(cacheDir.resolve(f)));
            case "imagenet" -> explicit.containsKey(IMAGENET_PROPERTY);
            case "fashion-mnist" -> explicit.containsKey(FASHION_MNIST_PROPERTY)
                    || FashionMnist.completeIn(fashionMnistDir());
            default -> throw new IllegalArgumentException("unknown data set " + dataset);
        };
    }

    /** Whether downloads are off ({@code -Ddata.offline=true}). */
    public boolean offline() {
        return offline;
    }

    /** Whether Fashion-MNIST files are checked against the published checksums ({@code -Ddata.verify}). */
    public boolean verifies() {
        return verify;
    }

    private Path fashionMnistCache() {
        return cacheDir.resolve("fashion-mnist");
    }

    /**
     * Where {@link #fashionMnist()} reads from, in words (for the run's output and its config): the
     * {@code -D} location, the Debian package's folder, the cache, or a download into the cache.
     */
    public String fashionMnistOrigin() {
        Path dir = fashionMnistDir();
        if (explicit.containsKey(FASHION_MNIST_PROPERTY)) {
            return dir + " (-D" + FASHION_MNIST_PROPERTY + ")";
        }
        if (dir.equals(debianDir)) {
            return dir + " (Debian package " + FashionMnist.DEBIAN_PACKAGE + ")";
        }
        return dir + (FashionMnist.completeIn(dir) ? " (cache)" : " (downloaded from "
                + downloads.get(fashionKey(FashionMnist.File.TRAIN_IMAGES)).url().resolve(".") + ")");
    }

    /** The one choice of folder: the {@code -D} one, else the system package's when complete, else the cache. */
    private Path fashionMnistDir() {
        Path dir = explicit.get(FASHION_MNIST_PROPERTY);
        if (dir != null) {
            return dir;
        }
        return FashionMnist.completeIn(debianDir) ? debianDir : fashionMnistCache();
    }

    /**
     * Fashion-MNIST: train (60,000) and test (10,000), from {@code -Ddata.fashion-mnist}, the Debian
     * package's folder, the cache, or downloaded into the cache; every file checked against the
     * published checksum of its decompressed contents unless {@code -Ddata.verify=false}.
     */
    public VisionData fashionMnist() throws IOException {
        Path dir = fashionMnistDir();
        if (explicit.containsKey(FASHION_MNIST_PROPERTY)) {
            if (!Files.isDirectory(dir)) {
                throw new DataFormatException(dir.toString(), "is not a directory (given by -D" + FASHION_MNIST_PROPERTY
                        + "; expected a folder with " + FashionMnist.expectedFiles() + ")");
            }
        } else if (dir.equals(fashionMnistCache())) {
            for (FashionMnist.File f : FashionMnist.File.values()) {
                if (f.in(dir) == null) {
                    fetchFashionMnist(downloads.get(fashionKey(f)));
                }
            }
        }
        return FashionMnist.load(dir, verify);
    }

    private static String fashionKey(FashionMnist.File f) {
        return "fashion-mnist-" + f.baseName();
    }

    private void fetchFashionMnist(Download d) throws IOException {
        if (offline) {
            throw new DataFormatException(fashionMnistCache().toString(), "Fashion-MNIST not found and downloads are "
                    + "off (-D" + OFFLINE_PROPERTY + "=true). Install the Debian package (apt-get install "
                    + FashionMnist.DEBIAN_PACKAGE + ", files in " + debianDir + "), or pass -D" + FASHION_MNIST_PROPERTY
                    + "=<folder with " + FashionMnist.expectedFiles() + ">, or run online to download them from "
                    + d.url().resolve("."));
        }
        try {
            d.fetch(fashionMnistCache(), progress);
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("Fashion-MNIST: downloading " + d.url() + " failed (" + e.getMessage() + "). Install "
                    + "the Debian package instead (apt-get install " + FashionMnist.DEBIAN_PACKAGE + ") or pass -D"
                    + FASHION_MNIST_PROPERTY + "=<folder with " + FashionMnist.expectedFiles() + ">", e);
        }
    }

    /** CIFAR-10: train (50,000) and test (10,000). */
    public VisionData cifar10() throws IOException {
        Path loc = explicit.get(CIFAR10_PROPERTY);
        if (loc == null) {
            Path archive = cacheDir.resolve(Cifar10.ARCHIVE);
            Path dir = cacheDir.resolve("cifar-10-batches-bin");
            if (Files.isDirectory(dir)) {
                loc = dir;
            } else {
                loc = Files.isRegularFile(archive) ? archive : fetch(downloads.get("cifar10"), "CIFAR-10",
                        Cifar10.ARCHIVE + " (or the directory cifar-10-batches-bin/ with " + Cifar10.TRAIN_FILES
                                + " and " + Cifar10.TEST_FILES + ")", CIFAR10_PROPERTY);
            }
        } else if (!Files.exists(loc)) {
            throw new DataFormatException(loc.toString(), "does not exist (given by -D" + CIFAR10_PROPERTY + ")");
        }
        return new VisionData("cifar10", Cifar10.load(loc, Cifar10.Part.TRAIN), null,
                Cifar10.load(loc, Cifar10.Part.TEST), "real", Normalization.CIFAR10);
    }

    /** SVHN: train (73,257), extra (531,131, unlabeled use) and test (26,032). */
    public VisionData svhn() throws IOException {
        Path dir = explicit.getOrDefault(SVHN_PROPERTY, cacheDir);
        Path[] files = new Path[3];
        String[] names = {Svhn.TRAIN, Svhn.EXTRA, Svhn.TEST};
        String[] keys = {"svhn-train", "svhn-extra", "svhn-test"};
        for (int i = 0; i < 3; i++) {
            Path f = dir.resolve(names[i]);
            if (!Files.isRegularFile(f)) {
                if (explicit.containsKey(SVHN_PROPERTY)) {
                    throw new DataFormatException(f.toString(), "missing (given by -D" + SVHN_PROPERTY
                            + "; expected " + String.join(", ", names) + ")");
                }
                f = fetch(downloads.get(keys[i]), "SVHN", String.join(", ", names), SVHN_PROPERTY);
            }
            files[i] = f;
        }
        ImageSet train = Svhn.load(files[0]);
        // neither MPL code has SVHN settings: its own training statistics, not CIFAR-10's
        return new VisionData("svhn", train, Svhn.load(files[1]), Svhn.load(files[2]), "real", Normalization.of(train));
    }

    /** ImageNet from {@code -Ddata.imagenet}: {@code train/} and {@code val/}, one folder per class. */
    public VisionData imagenet(int size) throws IOException {
        Path dir = explicit.get(IMAGENET_PROPERTY);
        if (dir == null) {
            throw new DataFormatException("-D" + IMAGENET_PROPERTY, "not set. ImageNet is never downloaded "
                    + "(its licence requires registering at image-net.org): put train/<class>/*.JPEG and "
                    + "val/<class>/*.JPEG (validation images sorted into class folders) under one directory "
                    + "and pass -D" + IMAGENET_PROPERTY + "=<that directory>");
        }
        return new VisionData("imagenet", ImageNetFolder.open(dir.resolve("train"), size), null,
                ImageNetFolder.open(dir.resolve("val"), size), "real", Normalization.IMAGENET);
    }

    private Path fetch(Download d, String dataset, String expected, String property) throws IOException {
        if (offline) {
            throw new DataFormatException(cacheDir.toString(), dataset + " not found and downloads are off "
                    + "(-D" + OFFLINE_PROPERTY + "=true). Expected " + expected + " here; pass -D" + property + "=<location> to use "
                    + "a copy elsewhere, or run online to download " + d.url());
        }
        return d.fetch(cacheDir, progress);
    }

    public static final class Builder {
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "mpl-bench");
        private boolean offline;
        private final Map<String, Path> explicit = new java.util.HashMap<>();
        private final Map<String, Download> downloads = new java.util.HashMap<>(Map.of(
                "cifar10", Download.CIFAR10, "svhn-train", Download.SVHN_TRAIN,
                "svhn-extra", Download.SVHN_EXTRA, "svhn-test", Download.SVHN_TEST));

        {
            for (FashionMnist.File f : FashionMnist.File.values()) {
                downloads.put(fashionKey(f), f.download(FashionMnist.BASE_URL));
            }
        }
        private LongConsumer progress = n -> {};
        private Path debianDir = FashionMnist.DEBIAN_DIR;
        private boolean verify = true;

        private Builder() {}

        /** The folder a system package installs Fashion-MNIST into (default the Debian package's). */
        public Builder optSystemDir(Path dir) {
            this.debianDir = dir;
            return this;
        }

        /** Whether Fashion-MNIST files must match the published checksums (default true). */
        public Builder optVerify(boolean verify) {
            this.verify = verify;
            return this;
        }

        public Builder optCacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder optOffline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** {@code property} is one of the {@code data.*} names. */
        public Builder optLocation(String property, Path location) {
            if (!LOCATIONS.contains(property)) {
                throw new IllegalArgumentException("unknown dataset property " + property);
            }
            explicit.put(property, location);
            return this;
        }

        /**
         * Replaces a download (key cifar10, svhn-train, svhn-extra, svhn-test,
         * fashion-mnist-&lt;file base name&gt;), e.g. by a mirror.
         */
        public Builder optDownload(String key, Download d) {
            if (!downloads.containsKey(key)) {
                throw new IllegalArgumentException("unknown download " + key + "; known: " + new ArrayList<>(downloads.keySet()));
            }
            downloads.put(key, d);
            return this;
        }

        /** Receives the bytes on disk of the file being downloaded, as they arrive. */
        public Builder optProgress(LongConsumer progress) {
            this.progress = progress;
            return this;
        }

        public DatasetLocator build() {
            return new DatasetLocator(this);
        }
    }
}
