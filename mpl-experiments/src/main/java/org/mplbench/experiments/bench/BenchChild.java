package org.mplbench.experiments.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.mplbench.config.Flags;
import org.mplbench.engine.EngineInfo;
import org.mplbench.engine.NativeIsa;
import org.mplbench.engine.NativeThreads;
import org.mplbench.experiments.run.ProvenanceProbe;

/**
 * The JVM one case runs in: {@code BenchChild <case> <result.json>}, with {@code OMP_NUM_THREADS}
 * set by the parent ({@link Bench}). It measures the peak, runs the case, watches the machine's
 * other load, and writes one {@link BenchResult} as JSON.
 */
public final class BenchChild {

    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().setPrettyPrinting().create();

    private BenchChild() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchChild <case> <result.json>");
            System.exit(2);
        }
        String isa = NativeIsa.enableAmx(); // before anything loads the engine
        System.out.println("[" + args[0] + "] " + isa);
        BenchCase c = BenchCases.find(args[0]).orElseThrow(() -> new IllegalArgumentException("no case " + args[0]));
        BenchResult r = run(c, BenchSettings.from(System.getProperties()));
        Path out = Path.of(args[1]);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, GSON.toJson(r), StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.exit(0); // the engine's and the pipeline's native threads must not keep the JVM alive
    }

    static BenchResult run(BenchCase c, BenchSettings settings) throws Exception {
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String commit = System.getProperty("bench.commit");
        ProvenanceProbe probe = commit != null
                ? ProvenanceProbe.of(new ProvenanceProbe.GitState(commit, Flags.parse("bench.dirty", System.getProperty("bench.dirty"), false)))
                : ProvenanceProbe.of(Path.of(System.getProperty("mpl.root", ".")));
        LoadMonitor load = LoadMonitor.start();
        double peak = PeakProbe.measure();
        System.out.printf(Locale.ROOT, "[%s] engine GEMM peak %.1f GFLOP/s with %s threads; running...%n",
                c.name(), peak, NativeThreads.current().orElse("default"));
        Measurement m = c.measure(settings);
        double other = load.otherCores();
        EngineInfo e = probe.engine();
        double[] ms = m.sortedMsPerStep();
        double median = Measurement.median(ms);
        int threads = NativeThreads.current().map(Integer::parseInt).orElse(1);
        return new BenchResult(started, System.getProperty("bench.machine", MachineId.current()), c.name(),
                c.description(), probe.commit(), probe.dirty(), e.engine(), e.version(), e.device(), threads,
                System.getProperty("bench.threads.source", "environment"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), m.warmupReps(), ms.length, m.stepsPerRep(), median, ms[0],
                ms[ms.length - 1], m.examplesPerStep() * 1000 / median, m.flopsPerStep() / (median / 1000) / 1e9, peak,
                other, m.rss(), m.detail());
    }
}
