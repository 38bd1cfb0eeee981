package org.mplbench.experiments.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.experiments.methods.MethodArgs;
import org.mplbench.experiments.methods.MethodRegistry;
import org.mplbench.experiments.twomoon.TwoMoonRunner;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;
import org.mplbench.train.TwoMoonBatches;

/**
 * TwoMoon training steps (MLP 2-8-8-2, 6 labeled + 64 unlabeled points) through the runner's loop,
 * batches and step scopes; a repetition is 1,000 steps. One native thread by default: with two,
 * every step of this tiny network is 1.4–1.6× slower (docs/performance.md).
 */
final class TwoMoonCases {

    private static final int STEPS_PER_REP = 1000;

    private TwoMoonCases() {}

    static List<BenchCase> all() {
        return List.of(new Step("twomoon-mpl", "reference-code", true), new Step("twomoon-mpl-paper", "paper", true),
                new Step("twomoon-mpl-recorded", "reference-code", false),
                new Step("twomoon-mpl-soft", "soft", true), new Step("twomoon-supervised", null, true),
                new Step("twomoon-supervised-recorded", null, false), new Memory10k());
    }

    private record Setup(NDManager base, TwoMoonBatches batches, SslMethod method, TrainLoop loop, double flopsPerExample)
            implements AutoCloseable {

        @Override
        public void close() {
            method.close();
            batches.close();
            base.close();
        }
    }

    private static Setup setup(String preset, boolean fused) {
        TwoMoon.Data data = TwoMoon.generate(TwoMoonConfig.paper(), 0);
        Engine.getInstance().setRandomSeed(0);
        NDManager base = NDManager.newBaseManager();
        TwoMoonBatches batches = new TwoMoonBatches(data, 64, 0, DataType.FLOAT32, base);
        MethodArgs.Builder args = MethodArgs.builder().setNetworks(() -> mlp(base)).setOptimizers(role -> sgd())
                .setSteps(Long.MAX_VALUE);
        if (preset != null) {
            args.optOldLoss(TwoMoonRunner.OLD_LOSS);
        }
        if (!fused) {
            args.optFusedStep(false);
        }
        SslMethod method = (preset == null ? MethodRegistry.get("supervised", "default") : MethodRegistry.get("mpl", preset))
                .build(args.build());
        TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(batches).setSteps(Long.MAX_VALUE).build();
        return new Setup(base, batches, method, loop, method.evaluationModel().forwardFlopsPerExample());
    }

    private static Network mlp(NDManager base) {
        return Network.create(Mlp.builder().build(), base, DataType.FLOAT32, new Shape(1, 2));
    }

    private static Sgd sgd() {
        return Sgd.builder().setLearningRate(0.1).build();
    }

    private static double stepFlops(Setup s) {
        // the labeled batch is all 6 labeled points; unlabeled 64 points, one view
        return s.method().work(0, 6, 64, false).flops(s.flopsPerExample());
    }

    static final class Step extends NamedCase {
        private final String preset;
        private final boolean fused;

        /** {@code fused}: MPL steps as one compiled graph where it covers them (MXNet), else recorded. */
        Step(String name, String preset, boolean fused) {
            super(name, "TwoMoon " + (preset == null ? "supervised step" : "MPL step, preset " + preset)
                    + (fused ? "" : ", recorded operator by operator (no compiled graph)")
                    + ", MLP 2-8-8-2, 6 labeled + 64 unlabeled points", false, TwoMoonRunner.TUNE_ALLOCATOR);
            this.preset = preset;
            this.fused = fused;
        }

        @Override
        public Measurement measure(BenchSettings settings) throws Exception {
            try (Setup s = setup(preset, fused)) {
                long[] from = {0};
                // JIT and engine warm-up take more than 3,000 steps (repetitions 1-3 after them ran 5-15 % slow)
                int warmup = settings.warmupOr(5);
                double[] seconds = Reps.time(warmup, settings.repsOr(15), () -> {
                    s.loop().run(s.base(), from[0], from[0] + STEPS_PER_REP);
                    from[0] += STEPS_PER_REP;
                });
                return new Measurement(seconds, STEPS_PER_REP, warmup, 70, stepFlops(s), null,
                        STEPS_PER_REP + " steps per repetition");
            }
        }
    }

    static final class Memory10k extends NamedCase {
        Memory10k() {
            super("rss-twomoon", "resident memory over 10,000 TwoMoon MPL steps (reference-code), growth after the first tenth",
                    false, TwoMoonRunner.TUNE_ALLOCATOR);
        }

        @Override
        public Measurement measure(BenchSettings settings) {
            int steps = settings.stepsOr(10_000);
            try (Setup s = setup("reference-code", true)) {
                return Memory.run(steps, 10, step -> s.loop().run(s.base(), step, step + 1), 70, stepFlops(s),
                        steps + " steps");
            }
        }
    }
}
