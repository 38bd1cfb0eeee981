package org.mplbench.data;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.mplbench.io.AtomicFiles;

/**
 * A drawn semi-supervised split: indices into a training set (for SVHN: train followed by extra),
 * each array sorted. Drawn with a split seed separate from the training seed, and written as a label
 * map CSV ({@code index,label,role}) that reloads to exactly the same split.
 */
public record SslSplit(String name, long splitSeed, int[] labeled, int[] unlabeled, int[] validation) {

    public static final String LABELED = "labeled";
    public static final String UNLABELED = "unlabeled";
    public static final String VALIDATION = "validation";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader("index", "label", "role").setCommentMarker('#').setSkipHeaderRecord(true).build();

    /**
     * Draws {@code spec} from {@code images}; only indices below {@code labeledPool} may be labeled or
     * validation (SVHN: the {@code train} part), all others are unlabeled.
     */
    public static SslSplit draw(SplitSpec spec, ImageSet images, int labeledPool, long splitSeed) {
        int classes = images.classes();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labeledPool; i++) {
            byClass.get(images.label(i)).add(i);
        }
        SplittableRandom rng = new SplittableRandom(splitSeed);
        List<Integer> lab = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        boolean[] taken = new boolean[images.size()];
        for (int c = 0; c < classes; c++) {
            List<Integer> pool = byClass.get(c);
            int nl = spec.labeledCount(pool.size());
            int nv = spec.validationPerClass();
            if (nl + nv > pool.size() || nl == 0) {
                throw new IllegalArgumentException(images.name() + ": class " + c + " has " + pool.size()
                        + " images, split " + spec.name() + " needs " + nl + " labeled + " + nv + " validation");
            }
            int[] order = pool.stream().mapToInt(Integer::intValue).toArray();
            // Fisher-Yates with the split's own stream: the draw depends on nothing else
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int i = 0; i < nl + nv; i++) {
                (i < nl ? lab : val).add(order[i]);
                if (i >= nl || !spec.unlabeledIncludesLabeled()) {
                    taken[order[i]] = true;
                }
            }
        }
        int[] unl = java.util.stream.IntStream.range(0, images.size()).filter(i -> !taken[i]).toArray();
        return new SslSplit(spec.name(), splitSeed, sorted(lab), unl, sorted(val));
    }

    private static int[] sorted(List<Integer> xs) {
        int[] a = xs.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }

    /** Writes the label map atomically: one row per index, labeled rows also unlabeled if so drawn. */
    public void write(Path file, ImageSet images) throws IOException {
        boolean overlap = unlabeledIncludesLabeled();
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write("# split=" + name + " split_seed=" + splitSeed + " dataset=" + images.name().replace(' ', '_')
                    + " size=" + images.size() + " unlabeled_includes_labeled=" + overlap + "\n");
            try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader("index", "label", "role").build())) {
                String[] role = new String[images.size()];
                for (int i : unlabeled) {
                    role[i] = UNLABELED;
                }
                for (int i : validation) {
                    role[i] = VALIDATION;
                }
                for (int i : labeled) {
                    role[i] = LABELED;
                }
                for (int i = 0; i < role.length; i++) {
                    if (role[i] != null) {
                        p.printRecord(i, images.label(i), role[i]);
                    }
                }
            }
        });
    }

    private boolean unlabeledIncludesLabeled() {
        return labeled.length > 0 && Arrays.binarySearch(unlabeled, labeled[0]) >= 0;
    }

    /**
     * Reloads a label map written by {@link #write}, checking every row against {@code images}: the
     * index exists and the label agrees.
     */
    public static SslSplit read(Path file, ImageSet images) throws IOException {
        String header;
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file.toString(), "missing label map");
        }
        header = lines.isEmpty() ? "" : lines.get(0);
        String name = field(file, header, "split");
        long seed;
        try {
            seed = Long.parseLong(field(file, header, "split_seed"));
        } catch (NumberFormatException e) {
            throw new DataFormatException(file + ":1", "split_seed is not an integer");
        }
        String overlapText = field(file, header, "unlabeled_includes_labeled");
        if (!overlapText.equals("true") && !overlapText.equals("false")) {
            throw new DataFormatException(file + ":1", "unlabeled_includes_labeled is '" + overlapText + "', not true or false");
        }
        boolean overlap = overlapText.equals("true");
        List<Integer> lab = new ArrayList<>();
        List<Integer> unl = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : FORMAT.parse(r)) {
                String where = file + ":" + (rec.getRecordNumber() + 2);
                if (rec.size() != 3) {
                    throw new DataFormatException(where, "expected 3 fields (index,label,role), found " + rec.size());
                }
                int index;
                int label;
                try {
                    index = Integer.parseInt(rec.get(0));
                    label = Integer.parseInt(rec.get(1));
                } catch (NumberFormatException e) {
                    throw new DataFormatException(where, "index and label must be integers: " + rec.toList());
                }
                if (index < 0 || index >= images.size()) {
                    throw new DataFormatException(where, "index " + index + " is outside " + images.name()
                            + " (" + images.size() + " images)");
                }
                if (images.label(index) != label) {
                    throw new DataFormatException(where, "index " + index + " has label " + label + " here but "
                            + images.label(index) + " in " + images.name());
                }
                switch (rec.get(2)) {
                    case LABELED -> {
                        lab.add(index);
                        if (overlap) {
                            unl.add(index);
                        }
                    }
                    case UNLABELED -> unl.add(index);
                    case VALIDATION -> val.add(index);
                    default -> throw new DataFormatException(where, "unknown role '" + rec.get(2)
                            + "' (expected labeled, unlabeled or validation)");
                }
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new DataFormatException(file.toString(), "malformed CSV (" + e.getMessage() + ")");
        }
        return new SslSplit(name, seed, sorted(lab), sorted(unl), sorted(val));
    }

    private static String field(Path file, String header, String key) throws DataFormatException {
        for (String part : header.replaceFirst("^#\\s*", "").split("\\s+")) {
            if (part.startsWith(key + "=")) {
                return part.substring(key.length() + 1);
            }
        }
        throw new DataFormatException(file + ":1", "header comment has no " + key + "= (not a label map written by this suite?)");
    }

    /** Per-class counts of {@code indices}. */
    public static int[] classCounts(int[] indices, ImageSet images) {
        int[] n = new int[images.classes()];
        for (int i : indices) {
            n[images.label(i)]++;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SslSplit s && name.equals(s.name) && splitSeed == s.splitSeed
                && Arrays.equals(labeled, s.labeled) && Arrays.equals(unlabeled, s.unlabeled)
                && Arrays.equals(validation, s.validation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(labeled) * 31 + Arrays.hashCode(unlabeled);
    }

    @Override
    public String toString() {
        return name + "(seed " + splitSeed + ": " + labeled.length + " labeled, " + unlabeled.length
                + " unlabeled, " + validation.length + " validation)";
    }
}
