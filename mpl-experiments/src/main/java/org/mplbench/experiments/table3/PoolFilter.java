package org.mplbench.experiments.table3;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.GsonBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.mplbench.config.Check;
import org.mplbench.data.DataFormatException;
import org.mplbench.data.Digests;
import org.mplbench.data.ImagePool;
import org.mplbench.data.ImageSet;
import org.mplbench.data.Normalization;
import org.mplbench.nn.Network;
import org.mplbench.reports.AtomicText;

/**
 * The paper's filtering of the unlabeled pool (§3.3): a network trained on the labeled images scores
 * every pool image; the {@code topK} most confident images of each predicted class are kept; images
 * whose content equals a validation image's are removed; the selection is written as a
 * {@link PoolManifest}.
 *
 * <p>Streaming and resumable: images are decoded one batch at a time and each batch's scores are
 * appended to {@code scores.csv} and forced to disk before the next, so an interrupted stage continues
 * at the first unscored image. An unreadable pool image is recorded (class −1), counted and never
 * kept; the selection keeps per class only a heap of its {@code topK} best.
 */
final class PoolFilter {

    static final String SCORES = "scores.csv";
    static final String VALIDATION = "validation.sha256";
    static final String MANIFEST = "manifest.csv";
    static final String SUMMARY = "filter.json";
    private static final String SCORES_HEADER = "index,path,class,score,sha256";

    /** What the stage did, as written to {@code filter.json}. */
    record Summary(int poolImages, int unreadable, int duplicatesOfValidation, int kept, int topK, int classesKept,
            int minKeptPerClass, int maxKeptPerClass, long scoredNow, double secondsNow, String scorer, String manifest) {

        double imagesPerSecond() {
            return secondsNow > 0 ? scoredNow / secondsNow : Double.NaN;
        }
    }

    private final Path dir;
    private final int topK;
    private final String table;
    private final int batch;

    /** {@code table}: {@code Table 3}, {@code Table 4} (the manifest's first line names it). */
    PoolFilter(String table, Path dir, int topK, int batch) {
        this.table = table;
        this.dir = dir;
        this.topK = Check.closed("-Dtop-k", topK, 1, Integer.MAX_VALUE);
        this.batch = Check.closed("filter.batch", batch, 1, 1 << 16);
    }

    Path manifest() {
        return dir.resolve(MANIFEST);
    }

    /**
     * Scores what is left of {@code pool}, then selects and writes the manifest; stops early (resumable)
     * when {@code stop} says so, returning null.
     *
     * @param scorer the labeled set's supervised model, evaluated in inference mode
     * @param scorerKey which run it is (recorded in the scores and the manifest)
     */
    Summary run(Network scorer, String scorerKey, ImagePool pool, ImageSet validation, Normalization norm,
            List<String> classNames, NDManager base, BooleanSupplier stop, Consumer<String> message) throws IOException {
        Files.createDirectories(dir);
        Set<String> validationHashes = validationHashes(validation, message);
        String about = "pool=" + pool.root() + " images=" + pool.size() + " size=" + pool.height() + " scorer=" + scorerKey;
        Path scores = dir.resolve(SCORES);
        int done = resume(scores, about);
        long t0 = System.nanoTime();
        long scoredNow = 0;
        try (FileChannel ch = FileChannel.open(scores, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            if (done < 0) {
                append(ch, "# " + about + "\n" + SCORES_HEADER + "\n");
                done = 0;
            }
            while (done < pool.size()) {
                if (stop.getAsBoolean()) {
                    return null;
                }
                int n = Math.min(batch, pool.size() - done);
                append(ch, scoreBatch(scorer, pool, norm, done, n, base));
                done += n;
                scoredNow += n;
                double s = (System.nanoTime() - t0) / 1e9;
                double rate = scoredNow / s;
                message.accept(String.format(Locale.ROOT, "scored %,d of %,d pool images (%.1f images/s, about %s left)", done,
                        pool.size(), rate, eta((pool.size() - done) / rate)));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return select(scores, pool, validationHashes, classNames, scorerKey, scoredNow, seconds);
    }

    private static String eta(double seconds) {
        long t = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60);
    }

    /** Rows of {@code [from, from + n)}: decoded once each, hashed, centre-cropped and scored in one forward. */
    private static String scoreBatch(Network scorer, ImagePool pool, Normalization norm, int from, int n, NDManager base) {
        int size = pool.height();
        int c = pool.channels();
        int hw = size * size;
        float[] x = new float[n * c * hw];
        String[] hash = new String[n];
        String[] error = new String[n];
        int[] slot = new int[n];
        int readable = 0;
        byte[] view = new byte[hw * c];
        org.mplbench.image.CenterCrop crop = new org.mplbench.image.CenterCrop(size);
        for (int i = 0; i < n; i++) {
            ImageSet.Decoded d;
            try {
                d = pool.decode(from + i);
            } catch (UncheckedIOException e) {
                error[i] = e.getCause().getMessage();
                slot[i] = -1;
                continue;
            }
            hash[i] = Digests.content(d);
            crop.apply(d.pixels(), d.height(), d.width(), d.channels(), view);
            norm.apply(view, hw, x, readable);
            slot[i] = readable++;
        }
        float[] probs = new float[0];
        int classes = 0;
        if (readable > 0) {
            try (NDManager scope = base.newSubManager()) {
                NDArray in = scope.create(java.util.Arrays.copyOf(x, readable * c * hw), new Shape(readable, c, size, size));
                NDArray p = scorer.forward(in, false).softmax(1).toType(DataType.FLOAT32, false);
                probs = p.toFloatArray();
                classes = Math.toIntExact(p.getShape().get(1));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String path = csv(pool.path(from + i));
            if (slot[i] < 0) {
                sb.append(from + i).append(',').append(path).append(",-1,,").append(csv("unreadable: " + error[i])).append('\n');
                continue;
            }
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (probs[slot[i] * classes + k] > probs[slot[i] * classes + best]) {
                    best = k;
                }
            }
            sb.append(from + i).append(',').append(path).append(',').append(best).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", probs[slot[i] * classes + best])).append(',').append(hash[i])
                    .append('\n');
        }
        return sb.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static void append(FileChannel ch, String text) throws IOException {
        ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        ch.force(false);
    }

    /**
     * Rows already scored (-1: no file yet). A trailing partial line (a crash mid-write) is cut off; a
     * file made for another pool, size or scorer is refused.
     */
    private static int resume(Path scores, String about) throws IOException {
        if (!Files.exists(scores)) {
            return -1;
        }
        byte[] all = Files.readAllBytes(scores);
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        if (end < all.length) {
            try (FileChannel ch = FileChannel.open(scores, StandardOpenOption.WRITE)) {
                ch.truncate(end);
            }
        }
        String text = new String(all, 0, end, StandardCharsets.UTF_8);
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        if (lines.length < 2 || !lines[0].equals("# " + about) || !lines[1].equals(SCORES_HEADER)) {
            throw new DataFormatException(scores.toString(), "was written for another pool, image size or scorer ("
                    + (lines.length == 0 ? "empty" : lines[0]) + "; this stage: " + about + "); delete it to score again");
        }
        return lines.length - 3; // header comment, column names, and the empty string after the last newline
    }

    /** Content hashes of the validation images (computed once, kept in {@code validation.sha256}). */
    private Set<String> validationHashes(ImageSet validation, Consumer<String> message) throws IOException {
        Path file = dir.resolve(VALIDATION);
        String header = "# " + validation.name() + " images=" + validation.size();
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).equals(header) && lines.size() == validation.size() + 1) {
                return new HashSet<>(lines.subList(1, lines.size()));
            }
        }
        StringBuilder sb = new StringBuilder(header).append('\n');
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < validation.size(); i++) {
            String h = Digests.content(validation.decode(i));
            hashes.add(h);
            sb.append(h).append('\n');
            if ((i + 1) % 1000 == 0) {
                message.accept(String.format(Locale.ROOT, "hashed %,d of %,d validation images", i + 1, validation.size()));
            }
        }
        AtomicText.write(file, sb.toString());
        return hashes;
    }

    /** A candidate of one class: its score and pool index (ties keep the earlier index). */
    private record Candidate(double score, int index) {}

    /** Keeps the top K per predicted class, without validation duplicates, and writes the manifest. */
    private Summary select(Path scores, ImagePool pool, Set<String> validationHashes, List<String> classNames,
            String scorerKey, long scoredNow, double seconds) throws IOException {
        int classes = pool.classes();
        List<PriorityQueue<Candidate>> heaps = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            heaps.add(new PriorityQueue<>((a, b) -> a.score() != b.score() ? Double.compare(a.score(), b.score())
                    : Integer.compare(b.index(), a.index())));
        }
        int unreadable = 0;
        int duplicates = 0;
        for (String[] row : (Iterable<String[]>) () -> rows(scores)) {
            int cls = Integer.parseInt(row[2]);
            if (cls < 0) {
                unreadable++;
                continue;
            }
            if (validationHashes.contains(row[4])) {
                duplicates++;
                continue;
            }
            PriorityQueue<Candidate> h = heaps.get(cls);
            h.add(new Candidate(Double.parseDouble(row[3]), Integer.parseInt(row[0])));
            if (h.size() > topK) {
                h.poll();
            }
        }
        BitSet kept = new BitSet(pool.size());
        int min = Integer.MAX_VALUE;
        int max = 0;
        int classesKept = 0;
        for (PriorityQueue<Candidate> h : heaps) {
            h.forEach(cand -> kept.set(cand.index()));
            if (!h.isEmpty()) {
                classesKept++;
                min = Math.min(min, h.size());
                max = Math.max(max, h.size());
            }
        }
        if (kept.isEmpty()) {
            throw new DataFormatException(scores.toString(), "no pool image is readable and distinct from the validation "
                    + "images: nothing to keep");
        }
        List<String> about = List.of(
                table + " unlabeled pool, filtered as the paper (Sec. 3.3): top " + topK + " images per predicted class",
                "pool " + pool.root() + " (" + pool.size() + " image files), " + unreadable + " unreadable, "
                        + duplicates + " equal to a validation image (SHA-256 of decoded pixels) removed",
                "scorer: " + scorerKey + " (the supervised model of the labeled set), score = its softmax probability "
                        + "of the predicted class", "kept " + kept.cardinality() + " images");
        Iterable<PoolManifest.Entry> entries = () -> new Iterator<>() {
            private final Iterator<String[]> it = rows(scores);
            private PoolManifest.Entry next = advance();

            private PoolManifest.Entry advance() {
                while (it.hasNext()) {
                    String[] r = it.next();
                    int index = Integer.parseInt(r[0]);
                    if (kept.get(index)) {
                        int cls = Integer.parseInt(r[2]);
                        return new PoolManifest.Entry(pool.path(index), cls, classNames.get(cls), Double.parseDouble(r[3]),
                                r[4]);
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public PoolManifest.Entry next() {
                PoolManifest.Entry e = next;
                next = advance();
                return e;
            }
        };
        PoolManifest.write(manifest(), about, entries);
        Summary s = new Summary(pool.size(), unreadable, duplicates, kept.cardinality(), topK, classesKept,
                classesKept == 0 ? 0 : min, max, scoredNow, seconds, scorerKey, PoolManifest.fileHash(manifest()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("summary", s);
        json.put("images_per_second_this_invocation", s.imagesPerSecond());
        AtomicText.write(dir.resolve(SUMMARY), new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
                .create().toJson(json) + "\n");
        return s;
    }

    /** The scored rows (index, path, class, score, hash-or-reason), streamed. */
    private static Iterator<String[]> rows(Path scores) {
        BufferedReader r;
        try {
            r = Files.newBufferedReader(scores, StandardCharsets.UTF_8);
            r.readLine();
            r.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        java.util.Iterator<org.apache.commons.csv.CSVRecord> it;
        try {
            it = org.apache.commons.csv.CSVFormat.DEFAULT.parse(r).iterator();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more) {
                    try {
                        r.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return more;
            }

            @Override
            public String[] next() {
                return it.next().values();
            }
        };
    }
}
