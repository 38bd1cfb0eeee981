package org.mplbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In child JVMs: the instruction-set cap must be decided before the engine loads. */
class NativeIsaTest {

    private record Outcome(int exit, String output) {}

    private static Outcome probe(Path dir, Map<String, String> env, String... args) throws Exception {
        // a probe that dies of SIGILL leaves its crash report in the test's directory, not the module's
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log"), "-XX:-CreateCoredumpOnCrash", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), NativeIsaProbe.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DNNL_MAX_CPU_ISA");
        pb.environment().putAll(env);
        Path log = dir.resolve("probe-" + env.hashCode() + "-" + args.length + ".log");
        Process p = pb.redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("probe ended").isTrue();
        return new Outcome(p.exitValue(), Files.readString(log));
    }

    private static void assumeAmxOnMxnet() {
        assumeThat(Bf16.cpuFlags()).as("a CPU with AMX").contains(" amx_bf16 ");
        assumeThat(Engine.getDefaultEngineName()).as("the MXNet engine (bf16 convolutions)").isEqualTo("MXNet");
    }

    @Test
    void aCpuWithAmxRunsBf16ConvolutionsOnItOnceTheTileStateIsGranted(@TempDir Path dir) throws Exception {
        assumeAmxOnMxnet();
        Outcome o = probe(dir, Map.of());
        assertThat(o.exit()).as(o.output()).isZero();
        assertThat(o.output()).contains("AMX enabled for bf16 (DNNL_MAX_CPU_ISA=AVX512_CORE_AMX)", "convolved 16384 values");
    }

    @Test
    void aCapOfAmxGivenByTheUserStillAsksForTheTileState(@TempDir Path dir) throws Exception {
        assumeAmxOnMxnet();
        Map<String, String> amx = Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE_AMX");
        Outcome asked = probe(dir, amx);
        assertThat(asked.exit()).as(asked.output()).isZero();
        assertThat(asked.output()).contains("DNNL_MAX_CPU_ISA=AVX512_CORE_AMX (environment), tile state granted",
                "convolved 16384 values");
        // what the request prevents: the same cap without it dies on the first AMX instruction
        Outcome notAsked = probe(dir, amx, "skip");
        assertThat(notAsked.exit()).as(notAsked.output()).isNotZero();
        assertThat(notAsked.output()).doesNotContain("convolved");
    }

    @Test
    void anotherCapGivenByTheUserIsLeftAlone(@TempDir Path dir) throws Exception {
        assumeThat(Bf16.cpuFlags()).as("a CPU with AVX512-BF16").contains(" avx512_bf16 ");
        assumeThat(Engine.getDefaultEngineName()).isEqualTo("MXNet");
        Outcome o = probe(dir, Map.of("DNNL_MAX_CPU_ISA", "AVX512_CORE_BF16"));
        assertThat(o.exit()).as(o.output()).isZero();
        assertThat(o.output()).contains("DNNL_MAX_CPU_ISA=AVX512_CORE_BF16 (environment)\n", "convolved 16384 values");
    }

    @Test
    void bf16IsRefusedUnderACapWithoutItsConvolutions(@TempDir Path dir) throws Exception {
        assumeThat(Bf16.cpuFlags()).as("a CPU with AVX512-BF16").contains(" avx512_bf16 ");
        assumeThat(Engine.getDefaultEngineName()).isEqualTo("MXNet");
        Outcome o = probe(dir, Map.of("DNNL_MAX_CPU_ISA", "AVX2"), "require");
        assertThat(o.output()).contains("refused: ", "DNNL_MAX_CPU_ISA=AVX2 keeps oneDNN below AVX512_CORE_BF16");
        assertThat(probe(dir, Map.of("DNNL_MAX_CPU_ISA", "avx512_core_bf16"), "require").output()).contains("bf16 supported");
    }
}
