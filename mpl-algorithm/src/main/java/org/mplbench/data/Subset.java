package org.mplbench.data;

/** The images of {@code parent} at {@code indices}, in that order. */
public final class Subset implements ImageSet {

    private final ImageSet parent;
    private final int[] indices;

    public Subset(ImageSet parent, int[] indices) {
        this.parent = parent;
        this.indices = indices.clone();
    }

    @Override
    public String name() {
        return parent.name() + "[" + indices.length + "]";
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public int height() {
        return parent.height();
    }

    @Override
    public int width() {
        return parent.width();
    }

    @Override
    public int channels() {
        return parent.channels();
    }

    @Override
    public int classes() {
        return parent.classes();
    }

    @Override
    public int label(int index) {
        return parent.label(indices[index]);
    }

    @Override
    public void read(int index, byte[] dst, int offset) {
        parent.read(indices[index], dst, offset);
    }

    @Override
    public Decoded decode(int index) {
        return parent.decode(indices[index]);
    }
}
