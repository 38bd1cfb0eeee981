package org.mplbench.data;

import java.util.List;

/** Several image sets of the same geometry read as one, without copying (e.g. SVHN train + extra). */
public final class ConcatImages implements ImageSet {

    private final String name;
    private final ImageSet[] parts;
    private final int[] starts;
    private final int size;

    public ConcatImages(String name, List<? extends ImageSet> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(name + ": nothing to concatenate");
        }
        this.name = name;
        this.parts = parts.toArray(new ImageSet[0]);
        this.starts = new int[this.parts.length];
        long n = 0;
        ImageSet first = this.parts[0];
        for (int i = 0; i < this.parts.length; i++) {
            ImageSet p = this.parts[i];
            if (p.height() != first.height() || p.width() != first.width() || p.channels() != first.channels()
                    || p.classes() != first.classes()) {
                throw new IllegalArgumentException(name + ": " + p.name() + " is " + p.height() + "x"
                        + p.width() + "x" + p.channels() + " with " + p.classes() + " classes, " + first.name()
                        + " is " + first.height() + "x" + first.width() + "x" + first.channels() + " with "
                        + first.classes());
            }
            starts[i] = (int) n;
            n += p.size();
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + n + " images is more than an int index");
        }
        this.size = (int) n;
    }

    private int part(int index) {
        int lo = 0;
        int hi = parts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int height() {
        return parts[0].height();
    }

    @Override
    public int width() {
        return parts[0].width();
    }

    @Override
    public int channels() {
        return parts[0].channels();
    }

    @Override
    public int classes() {
        return parts[0].classes();
    }

    @Override
    public int label(int index) {
        int p = part(index);
        return parts[p].label(index - starts[p]);
    }

    @Override
    public void read(int index, byte[] dst, int offset) {
        int p = part(index);
        parts[p].read(index - starts[p], dst, offset);
    }

    @Override
    public Decoded decode(int index) {
        int p = part(index);
        return parts[p].decode(index - starts[p]);
    }
}
