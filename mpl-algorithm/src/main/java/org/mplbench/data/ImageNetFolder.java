package org.mplbench.data;

import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An ImageNet-style class-per-folder tree ({@code root/<class>/<image>}), decoded lazily, one file at
 * a time, with DJL's {@link ImageFactory}. {@link #read} gives the official evaluation view (the
 * centre 224/256 of the short side, resized bicubically to {@code size × size}: {@link org.mplbench.image.CenterCrop});
 * {@link #decode} the file at its own size, for the training crops.
 *
 * <p>The listing is done here rather than by basic-dataset's {@code ImageFolder} because a published
 * split needs a stable order (ImageFolder keeps the file system's walk order), the labels of all
 * images must be known without decoding them (ImageFolder only exposes them through records), and an
 * empty class folder must be an error rather than a silently missing class.
 */
public final class ImageNetFolder extends ImageFiles {

    static final Set<String> EXTENSIONS = Set.of(".jpg", ".jpeg", ".png", ".bmp", ".gif", ".wbmp");

    private final Path root;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;

    private ImageNetFolder(Path root, List<String> classNames, List<Path> files, int[] labels, int size) {
        super(size);
        this.root = root;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /** Lists {@code root}; every class folder must hold at least one image. */
    public static ImageNetFolder open(Path root, int size) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new DataFormatException(root.toString(), "is not a directory (expected one folder per class)");
        }
        List<Path> classDirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().forEach(classDirs::add);
        }
        if (classDirs.size() < 2) {
            throw new DataFormatException(root.toString(), "has " + classDirs.size()
                    + " class folders, expected at least 2");
        }
        List<String> names = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        for (int c = 0; c < classDirs.size(); c++) {
            Path dir = classDirs.get(c);
            List<Path> images;
            try (Stream<Path> s = Files.list(dir)) {
                images = s.filter(ImageNetFolder::isImage).sorted().toList();
            }
            if (images.isEmpty()) {
                throw new DataFormatException(dir.toString(), "class folder has no images ("
                        + String.join(", ", EXTENSIONS.stream().sorted().toList()) + ")");
            }
            names.add(dir.getFileName().toString());
            for (Path p : images) {
                files.add(p);
                ys.add(c);
            }
        }
        return new ImageNetFolder(root, names, files, ys.stream().mapToInt(Integer::intValue).toArray(), size);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return Files.isRegularFile(p) && !n.startsWith(".") && dot > 0
                && EXTENSIONS.contains(n.substring(dot).toLowerCase(Locale.ROOT));
    }

    public List<String> classNames() {
        return classNames;
    }

    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public String name() {
        return "imagefolder:" + root;
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public int classes() {
        return classNames.size();
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    /** Image {@code index} decoded at its own size (RGB); an unreadable file fails naming it. */
    @Override
    public Decoded decode(int index) {
        return decodeFile(files.get(index));
    }

    /** Decodes any image file DJL's image factory reads, as RGB; an unreadable one fails naming it. */
    public static Decoded decodeFile(Path file) {
        Image img;
        try {
            img = ImageFactory.getInstance().fromFile(file);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new DataFormatException(file.toString(), "unreadable image ("
                    + e.getMessage() + ")"));
        }
        int w = img.getWidth();
        int h = img.getHeight();
        byte[] rgb = new byte[h * w * 3];
        if (img.getWrappedImage() instanceof BufferedImage b) {
            if (b.getType() == BufferedImage.TYPE_3BYTE_BGR
                    && b.getRaster().getDataBuffer() instanceof java.awt.image.DataBufferByte bytes
                    && bytes.getData().length == rgb.length) {
                // the JPEG decoder's own layout: swap B and R, no per-pixel calls
                byte[] bgr = bytes.getData();
                for (int p = 0; p < rgb.length; p += 3) {
                    rgb[p] = bgr[p + 2];
                    rgb[p + 1] = bgr[p + 1];
                    rgb[p + 2] = bgr[p];
                }
            } else {
                int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
                for (int p = 0; p < argb.length; p++) {
                    rgb[3 * p] = (byte) (argb[p] >> 16);
                    rgb[3 * p + 1] = (byte) (argb[p] >> 8);
                    rgb[3 * p + 2] = (byte) argb[p];
                }
            }
        } else {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray a = img.toNDArray(m, Image.Flag.COLOR);
                System.arraycopy(a.toByteArray(), 0, rgb, 0, rgb.length);
            }
        }
        return new Decoded(rgb, h, w, 3);
    }

    /** Whether {@code p} is a file this class lists as an image (by extension). */
    public static boolean isImageFile(Path p) {
        return isImage(p);
    }
}
