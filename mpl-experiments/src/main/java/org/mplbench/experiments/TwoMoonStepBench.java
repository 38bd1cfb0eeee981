package org.mplbench.experiments;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.mplbench.baselines.Supervised;
import org.mplbench.data.TwoMoon;
import org.mplbench.data.TwoMoonBatches;
import org.mplbench.data.TwoMoonConfig;
import org.mplbench.engine.EngineInfo;
import org.mplbench.mpl.MetaPseudoLabels;
import org.mplbench.experiments.twomoon.TwoMoonRunner;
import org.mplbench.mpl.MplConfig;
import org.mplbench.nn.Mlp;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslMethod;
import org.mplbench.train.Sgd;
import org.mplbench.train.TrainLoop;

/**
 * {@code -Dbench=twomoon}: time of one training step of the TwoMoon runner's methods (MLP 2-8-8-2,
 * 6 labeled + 64 unlabeled points), median/min/max over repetitions after a warm-up, measured
 * through the same loop, batches and step scopes as the runner.
 */
public final class TwoMoonStepBench {

    private static final int WARMUP_STEPS = 3000;
    private static final int REPS = 15;
    private static final int STEPS_PER_REP = 1000;

    private TwoMoonStepBench() {}

    public static void run(PrintStream out) {
        EngineInfo engine = EngineInfo.current();
        out.printf(Locale.ROOT, "TwoMoon step benchmark: engine %s %s on %s, threads %s; %d reps x %d steps after %d warm-up steps%n",
                engine.engine(), engine.version(), engine.device(), engine.threads(), REPS, STEPS_PER_REP, WARMUP_STEPS);
        out.printf(Locale.ROOT, "%-22s %10s %10s %10s %12s%n", "case", "median µs", "min µs", "max µs", "points/s");
        List<String[]> cases = List.of(
                new String[] {"supervised", ""}, new String[] {"mpl", "paper"},
                new String[] {"mpl", "reference-code"}, new String[] {"mpl", "soft"});
        for (String[] c : cases) {
            double[] us = measure((m, nets) -> c[0].equals("supervised")
                    ? Supervised.builder().setModel(nets[0], sgd()).build()
                    : MetaPseudoLabels.builder().setTeacher(nets[0], sgd()).setStudent(nets[1], sgd())
                            .optConfig(TwoMoonRunner.forMlp(MplConfig.preset(c[1]))).build());
            Arrays.sort(us);
            double median = us[us.length / 2];
            // Points through the models per step: 70 for supervised's batch, 70 for MPL's.
            out.printf(Locale.ROOT, "%-22s %10.1f %10.1f %10.1f %12.0f%n",
                    c[0] + (c[1].isEmpty() ? "" : "/" + c[1]), median, us[0], us[us.length - 1], 70 / (median * 1e-6));
        }
    }

    private static Sgd sgd() {
        return Sgd.builder().setLearningRate(0.1).build();
    }

    private static double[] measure(BiFunction<NDManager, Network[], SslMethod> factory) {
        TwoMoon.Data data = TwoMoon.generate(TwoMoonConfig.paper(), 0);
        Engine.getInstance().setRandomSeed(0);
        try (NDManager base = NDManager.newBaseManager();
                TwoMoonBatches batches = new TwoMoonBatches(data, 64, 0, DataType.FLOAT32, base)) {
            Network[] nets = {
                Network.create(Mlp.builder().build(), base, DataType.FLOAT32, new Shape(1, 2)),
                Network.create(Mlp.builder().build(), base, DataType.FLOAT32, new Shape(1, 2))
            };
            try (SslMethod method = factory.apply(base, nets)) {
                TrainLoop loop = TrainLoop.builder().setMethod(method).setBatches(batches).setSteps(Long.MAX_VALUE).build();
                loop.run(base, 0, WARMUP_STEPS);
                List<Double> us = new ArrayList<>();
                for (int r = 0; r < REPS; r++) {
                    long from = WARMUP_STEPS + (long) r * STEPS_PER_REP;
                    us.add(loop.run(base, from, from + STEPS_PER_REP) * 1e6 / STEPS_PER_REP);
                }
                return us.stream().mapToDouble(Double::doubleValue).toArray();
            }
        }
    }
}
