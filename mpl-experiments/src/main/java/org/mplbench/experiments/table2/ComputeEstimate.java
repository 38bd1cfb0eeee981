package org.mplbench.experiments.table2;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mplbench.nn.Network;
import org.mplbench.ssl.SslMethod;

/**
 * What a table's runs cost, estimated from the code rather than measured: FLOPs = 2 × the
 * multiply-adds of every convolution and dense layer per example (from the networks' own
 * definitions, {@code Network#forwardFlopsPerExample}), a training pass counted as 3 forwards,
 * summed over every step of a run with each method's own work per step ({@code SslMethod#work}:
 * MPL's teacher on {@code [x_l, x_uw, x_us]}, its student on {@code [x_l, x_us]} and its labeled-loss
 * forwards, then finetuning; Pseudo Labels' two phases). Evaluations are left out (under 1 % at
 * every profile's cadence).
 */
public final class ComputeEstimate {

    /**
     * The sustained rate GPU-hours are stated at — an assumption, not a measurement: about an eighth of
     * an A100's 312 TFLOP/s bf16 tensor peak, generous for 32×32 convolutions of 32–128 channels.
     */
    public static final double ASSUMED_GPU_FLOPS = 40e12;
    /** A 2-core CPU of the kind this suite's CPU budgets were made on (GEMM peak 180–300 GFLOP/s). */
    static final double CPU_FLOPS = 0.2e12;

    /** One row of one cell: FLOPs of its first step and of a whole run, and how many seeds run it. */
    record Run(Table2Cell cell, Table2Method method, double stepFlops, double runFlops, int seeds) {}

    private final List<Run> runs;

    private ComputeEstimate(List<Run> runs) {
        this.runs = List.copyOf(runs);
    }

    /** The estimate for every (cell, row) of a table, each cell run over {@code seeds.applyAsInt(cell)} seeds. */
    static ComputeEstimate of(Map<Table2Cell, Budget> budgets, List<Table2Method> methods,
            java.util.function.ToIntFunction<Table2Cell> seeds) {
        List<Run> runs = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager()) {
            for (Map.Entry<Table2Cell, Budget> e : budgets.entrySet()) {
                Table2Cell cell = e.getKey();
                Budget b = e.getValue();
                Map<Boolean, Double> perExample = new HashMap<>();
                for (Table2Method m : methods) {
                    MethodFactory real = new MethodFactory(b, m, 0, cell.classes(), cell.channels());
                    // only the reference-code row builds another WRN (stem 16 instead of 32)
                    double fpe = perExample.computeIfAbsent(m == Table2Method.MPL_REFERENCE_CODE, k -> {
                        try (Network n = real.network(base)) {
                            return n.forwardFlopsPerExample();
                        }
                    });
                    double[] f = flops(b, m, cell.classes(), cell.channels(), fpe, base);
                    runs.add(new Run(cell, m, f[0], f[1], seeds.applyAsInt(cell)));
                }
            }
        }
        return new ComputeEstimate(runs);
    }

    /**
     * A run's FLOPs: the method's work per step does not depend on the network, so it is taken from the
     * method built on a tiny WRN, and priced at the real network's FLOPs per example.
     */
    private static double[] flops(Budget b, Table2Method m, int classes, int channels, double fpe, NDManager base) {
        Budget tiny = b.toBuilder().network("wrn-10-1").wideResNet(10, 1, 16).imageSize(8).build();
        MethodFactory f = new MethodFactory(tiny, m, 0, classes, channels);
        boolean unlabeled = m != Table2Method.SUPERVISED && m != Table2Method.SUPERVISED_WEAK;
        long finetuneFrom = f.finetuneStart();
        double first;
        double total = 0;
        if (m == Table2Method.REDUCED_MPL) {
            f.withLargeTeacherOutputs(standInOutputs(classes)); // its work does not read them
        }
        try (SslMethod method = f.build(base)) {
            first = method.work(0, b.labeledBatch(), b.unlabeledBatch(), unlabeled).flops(fpe);
            for (long step = 0; step < f.totalSteps(); step++) {
                long n_l = finetuneFrom >= 0 && step >= finetuneFrom ? b.finetuneBatch() : b.labeledBatch();
                total += method.work(step, n_l, b.unlabeledBatch(), unlabeled).flops(fpe);
            }
        }
        return new double[] {first, total};
    }

    /** A one-row file of a large teacher's outputs, for building Reduced MPL to read its work per step. */
    private static java.nio.file.Path standInOutputs(int classes) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("mpl-estimate", ".outputs");
            file.toFile().deleteOnExit();
            org.mplbench.mpl.LargeTeacherOutputs.write(file, classes, new float[classes]).close();
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * FLOPs of the first step and of the whole run of row {@code m} under {@code b} with {@code classes}
     * classes (for tables outside Table 2: Tables 3 and 4). An EfficientNet is priced from its definition
     * without allocating its weights (L2 has 480 M).
     */
    public static double[] stepAndRunFlops(Budget b, Table2Method m, int classes, int channels) {
        try (NDManager base = NDManager.newBaseManager()) {
            return flops(b, m, classes, channels, forwardFlopsPerExample(b, m, classes, channels, base), base);
        }
    }

    /** FLOPs of one forward pass per image of the budget's network. */
    public static double forwardFlopsPerExample(Budget b, Table2Method m, int classes, int channels, NDManager base) {
        if (b.network().startsWith("efficientnet-")) {
            return 2.0 * MethodFactory.efficientNet(b.network(), classes, b.imageSize(), b.dropout())
                    .forwardMacs(b.imageSize());
        }
        try (Network n = new MethodFactory(b, m, 0, classes, channels).network(base)) {
            return n.forwardFlopsPerExample();
        }
    }

    List<Run> runs() {
        return runs;
    }

    /** FLOPs of every run of the table (each row × its cell's seeds). */
    double totalFlops() {
        return runs.stream().mapToDouble(r -> r.runFlops() * r.seeds()).sum();
    }

    /** Runs of the whole table. */
    int runCount() {
        return runs.stream().mapToInt(Run::seeds).sum();
    }

    /** The seeds per cell in words: "10 seeds" or "10 seeds (ImageNet-10%: 1)". */
    private String seedsText() {
        Map<String, Integer> perCell = new java.util.LinkedHashMap<>();
        runs.forEach(r -> perCell.put(r.cell().title(), r.seeds()));
        java.util.Set<Integer> counts = new java.util.TreeSet<>(perCell.values());
        if (counts.size() <= 1) {
            return (counts.isEmpty() ? 0 : counts.iterator().next()) + " seeds";
        }
        return String.join(", ", perCell.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()) + " seeds";
    }

    public static double gpuHours(double flops) {
        return flops / ASSUMED_GPU_FLOPS / 3600;
    }

    /** The paragraph and table of a table's header. */
    String markdown() {
        StringBuilder sb = new StringBuilder("**Compute of one run and of the whole table**, estimated from the code, "
                + "not measured: FLOPs = 2 × the multiply-adds of every convolution and dense layer per example (from "
                + "the networks' definitions), a training pass counted as 3 forwards, summed over every step of a run "
                + "with each row's own work per step (MPL: teacher on [x_l, x_uw, x_us], student on [x_l, x_us], its "
                + "labeled-loss forwards, then finetuning; Pseudo Labels: both phases); evaluations left out (under 1 %). "
                + String.format(Locale.ROOT, "GPU-hours at an assumed sustained %.0f TFLOP/s (an assumption, about an "
                        + "eighth of an A100's bf16 peak: scale by the rate your GPU sustains).", ASSUMED_GPU_FLOPS / 1e12)
                + "\n\n| Cell | Row | TFLOP per step | EFLOP per run | GPU-hours per run |\n|---|---|---:|---:|---:|\n");
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %,.2f | %,.3f | %,.1f |%n", r.cell().title(), r.method().id(),
                    r.stepFlops() / 1e12, r.runFlops() / 1e18, gpuHours(r.runFlops())));
        }
        sb.append(String.format(Locale.ROOT, "%nWhole table: %d runs (%d cell × row pairs × %s), %,.1f EFLOP, about %,.0f "
                + "GPU-hours at %.0f TFLOP/s.", runCount(), runs.size(), seedsText(), totalFlops() / 1e18,
                gpuHours(totalFlops()), ASSUMED_GPU_FLOPS / 1e12));
        return sb.toString();
    }

    /** One sentence for the refusal to start on a CPU. */
    String summary() {
        double flops = totalFlops();
        return String.format(Locale.ROOT, "%d runs, %,.1f EFLOP in all (about %,.0f GPU-hours at an assumed %.0f TFLOP/s; "
                + "at the %.1f TFLOP/s a 2-core CPU sustains, about %,.0f days)", runCount(), flops / 1e18,
                gpuHours(flops), ASSUMED_GPU_FLOPS / 1e12, CPU_FLOPS / 1e12, flops / CPU_FLOPS / 86_400);
    }
}
