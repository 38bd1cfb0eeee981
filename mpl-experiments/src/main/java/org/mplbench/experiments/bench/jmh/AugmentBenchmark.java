package org.mplbench.experiments.bench.jmh;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mplbench.augment.Augmentation;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH micro-benchmarks of the augmentation on one thread, per 32×32×3 image read from memory: the
 * weak view (flip + pad-and-crop), the strong view (RandAugment + Cutout) and both, as one MPL
 * step needs them. {@code variant}: RandAugment of the paper (nearest-neighbour geometry) or of the
 * reference code (bicubic affine filter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AugmentBenchmark {

    @Param({"paper", "reference-code"})
    public String variant;

    private ImageSet images;
    private Augmentation weak;
    private Augmentation strong;
    private Augmentation.Scratch scratch;
    private byte[] a;
    private byte[] b;
    private SplittableRandom rng;
    private int next;

    @Setup
    public void setup() {
        images = SyntheticCifar.images(3, 0, 4096);
        weak = WeakAugment.standard();
        strong = new StrongAugment(RandAugment.of(RandAugment.Variant.valueOf(
                variant.toUpperCase(Locale.ROOT).replace('-', '_'))));
        scratch = new Augmentation.Scratch(images.imageBytes());
        a = new byte[images.imageBytes()];
        b = new byte[images.imageBytes()];
        rng = new SplittableRandom(5);
    }

    private int nextImage() {
        int i = next;
        next = (next + 1) % images.size();
        return i;
    }

    @Benchmark
    public void weakAndStrong(Blackhole bh) {
        images.read(nextImage(), a, 0);
        System.arraycopy(a, 0, b, 0, a.length);
        weak.apply(a, 32, 32, 3, rng, scratch);
        strong.apply(b, 32, 32, 3, rng, scratch);
        bh.consume(a);
        bh.consume(b);
    }

    @Benchmark
    public void weakOnly(Blackhole bh) {
        images.read(nextImage(), a, 0);
        weak.apply(a, 32, 32, 3, rng, scratch);
        bh.consume(a);
    }

    @Benchmark
    public void strongOnly(Blackhole bh) {
        images.read(nextImage(), b, 0);
        strong.apply(b, 32, 32, 3, rng, scratch);
        bh.consume(b);
    }
}
