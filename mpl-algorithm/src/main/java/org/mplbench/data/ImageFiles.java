package org.mplbench.data;

import org.mplbench.image.CenterCrop;

/**
 * Images kept as files of any size and decoded one at a time ({@link ImageNetFolder}, {@link ImagePool}):
 * {@link #read} is the official evaluation view of {@link #decode}, the centre 224/256 of the short side
 * resized to {@code side × side} ({@link CenterCrop}).
 */
abstract class ImageFiles implements ImageSet {

    private final int side;

    ImageFiles(int side) {
        this.side = side;
    }

    @Override
    public int height() {
        return side;
    }

    @Override
    public int width() {
        return side;
    }

    /** The evaluation view of image {@code index}; an unreadable file fails naming it. */
    @Override
    public void read(int index, byte[] dst, int offset) {
        Decoded d = decode(index);
        int bytes = side * side * d.channels();
        byte[] out = offset == 0 && dst.length == bytes ? dst : new byte[bytes];
        new CenterCrop(side).apply(d.pixels(), d.height(), d.width(), d.channels(), out);
        if (out != dst) {
            System.arraycopy(out, 0, dst, offset, out.length);
        }
    }

    @Override
    public abstract Decoded decode(int index);
}
