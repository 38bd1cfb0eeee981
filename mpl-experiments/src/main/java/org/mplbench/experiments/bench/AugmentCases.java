package org.mplbench.experiments.bench;

import java.util.Collection;
import java.util.List;
import org.mplbench.augment.BatchPipeline;
import org.mplbench.augment.RandAugment;
import org.mplbench.augment.StrongAugment;
import org.mplbench.augment.WeakAugment;
import org.mplbench.data.ImageSet;
import org.mplbench.data.SyntheticCifar;
import org.mplbench.experiments.bench.jmh.AugmentBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Augmentation throughput: weak + strong views per image on one thread (through JMH, one forked
 * JVM, 1-second iterations), and the full batch pipeline on all cores (one MPL batch at μ 7).
 */
final class AugmentCases {

    private AugmentCases() {}

    static List<BenchCase> all() {
        return List.of(new Jmh("randaugment", "paper"), new Jmh("randaugment-reference-code", "reference-code"),
                new Pipeline());
    }

    static final class Jmh extends NamedCase {
        private final String variant;

        Jmh(String name, String variant) {
            super(name, "weak + strong augmentation per 32x32 image, 1 thread (JMH), RandAugment variant " + variant,
                    false, true);
            this.variant = variant;
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            int warmup = settings.warmupOr(3);
            Options options = new OptionsBuilder()
                    .include(AugmentBenchmark.class.getName() + ".weakAndStrong$")
                    .param("variant", variant)
                    .forks(1).threads(1)
                    .warmupIterations(warmup).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(settings.repsOr(5)).measurementTime(TimeValue.seconds(1))
                    .build();
            Collection<RunResult> results = new Runner(options).run();
            if (results.size() != 1) {
                throw new IllegalStateException("JMH returned " + results.size() + " results, expected 1");
            }
            // one "step" is one image (both views): seconds per image from each iteration's images/s
            double[] seconds = results.iterator().next().getBenchmarkResults().stream()
                    .flatMap(b -> b.getIterationResults().stream())
                    .mapToDouble(i -> 1 / i.getPrimaryResult().getScore()).toArray();
            return new Measurement(seconds, 1, warmup, 1, Double.NaN, null, "JMH 1.37, 1 fork, 1 s iterations");
        }
    }

    static final class Pipeline extends NamedCase {
        private static final int BATCHES_PER_REP = 10;

        Pipeline() {
            super("pipeline-64mu7",
                    "batch pipeline: 64 labeled (weak) + 448 unlabeled (weak + strong, reference-code RandAugment), all cores",
                    true, true);
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            ImageSet images = SyntheticCifar.images(3, 0, 4096);
            int cores = Runtime.getRuntime().availableProcessors();
            try (BatchPipeline p = BatchPipeline.builder().setImages(images)
                    .setLabeled(Reps.range(0, 400), 64, WeakAugment.standard())
                    .optUnlabeled(Reps.range(0, images.size()), 448, WeakAugment.standard(),
                            new StrongAugment(RandAugment.of(RandAugment.Variant.REFERENCE_CODE)))
                    .optThreads(cores).optSeed(1).build()) {
                long[] step = {0};
                int warmup = settings.warmupOr(3);
                double[] seconds = Reps.time(warmup, settings.repsOr(7), () -> {
                    for (int i = 0; i < BATCHES_PER_REP; i++) {
                        p.build(step[0]++);
                    }
                });
                return new Measurement(seconds, BATCHES_PER_REP, warmup, 64 + 448, Double.NaN, null,
                        p.threads() + " worker threads, no prefetch (build time alone)");
            }
        }
    }
}
