package org.mplbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.mplbench.config.Check;

/**
 * A pool of unlabeled images: every image file under a folder, nested or flat, in the order of their
 * relative paths (stable across machines), decoded one at a time when asked for — a pool is far larger
 * than memory ({@link ImageFiles}).
 *
 * <p>A pool scanned from a folder has no labels; one selected by the filtering stage carries the
 * class its scorer predicted ({@link #label}), which nothing trains on (pool images are unlabeled data)
 * but which the split's label map records.
 */
public final class ImagePool extends ImageFiles {

    private final Path root;
    private final List<String> paths;
    private final int[] predicted;
    private final int classes;

    private ImagePool(Path root, List<String> paths, int[] predicted, int classes, int size) {
        super(Check.closed("pool.size", size, 1, 1 << 14));
        this.root = root;
        this.paths = List.copyOf(paths);
        this.predicted = predicted;
        this.classes = Check.closed("pool.classes", classes, 1, Integer.MAX_VALUE);
    }

    /** Every image file under {@code root} (by extension, as {@link ImageNetFolder}); an empty pool is an error. */
    public static ImagePool scan(Path root, int classes, int size) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root.toString(), "is not a directory (the unlabeled pool: a folder of images, "
                    + "nested or flat)");
        }
        List<String> rel = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(ImageNetFolder::isImageFile).forEach(p -> rel.add(root.relativize(p).toString()));
        }
        rel.sort(null);
        if (rel.isEmpty()) {
            throw new DataFormatException(root.toString(), "the unlabeled pool holds no image files ("
                    + String.join(", ", ImageNetFolder.EXTENSIONS.stream().sorted().toList()) + ")");
        }
        return new ImagePool(root, rel, null, classes, size);
    }

    /** A selection of {@code root}'s files (relative paths) with the classes predicted for them. */
    public static ImagePool of(Path root, List<String> paths, int[] predicted, int classes, int size)
            throws DataFormatException {
        if (paths.isEmpty()) {
            throw new DataFormatException(root.toString(), "the selected pool is empty");
        }
        if (predicted.length != paths.size()) {
            throw new IllegalArgumentException(paths.size() + " paths but " + predicted.length + " classes");
        }
        return new ImagePool(root, paths, predicted.clone(), classes, size);
    }

    public Path root() {
        return root;
    }

    /** Relative path of image {@code index}. */
    public String path(int index) {
        return paths.get(index);
    }

    @Override
    public String name() {
        return "pool:" + root;
    }

    @Override
    public int size() {
        return paths.size();
    }

    @Override
    public int classes() {
        return classes;
    }

    /** The class the filtering stage's scorer predicted; a scanned pool has none. */
    @Override
    public int label(int index) {
        if (predicted == null) {
            throw new UnsupportedOperationException(name() + " is unlabeled and was not selected by a scorer");
        }
        return predicted[index];
    }

    @Override
    public Decoded decode(int index) {
        return ImageNetFolder.decodeFile(root.resolve(paths.get(index)));
    }
}
