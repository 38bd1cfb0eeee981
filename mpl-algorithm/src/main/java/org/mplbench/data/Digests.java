package org.mplbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hex digests of streams (the published checksums of data files) and of decoded images. */
public final class Digests {

    private Digests() {}

    /** The {@code algorithm} digest ({@code MD5}, {@code SHA-256}) of everything {@code in} yields; closes it. */
    public static String hex(String algorithm, InputStream in) throws IOException {
        MessageDigest d;
        try {
            d = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (in) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    /**
     * SHA-256 of a decoded image: its height, width and channels (4 bytes each, big-endian), then its
     * pixels. Equal for the same picture whatever the file around it (name, metadata, a lossless
     * re-encoding); different for any changed pixel.
     */
    public static String content(ImageSet.Decoded d) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(java.nio.ByteBuffer.allocate(12).putInt(d.height()).putInt(d.width()).putInt(d.channels()).array());
            md.update(d.pixels());
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
