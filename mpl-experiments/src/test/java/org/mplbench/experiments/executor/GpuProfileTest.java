package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code gpu} Maven profile, as Maven resolves it (no GPU needed): with {@code -Dengine=pytorch -Dgpu}
 * the CPU libtorch leaves the run-time class path and DJL may fetch a CUDA build; {@code -Dgpu} alone
 * stops the build with the reason.
 */
class GpuProfileTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Result(int code, String output) {}

    static Result mvn(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-q"));
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mvn.log").toFile()).start();
        } catch (IOException e) {
            assumeTrue(false, "mvn is not on PATH: " + e.getMessage());
            throw e;
        }
        int code = p.waitFor();
        return new Result(code, Files.readString(dir.resolve("mvn.log"), StandardCharsets.UTF_8));
    }

    /** The scope of pytorch-native-cpu and the ai.djl.offline value in the effective POMs. */
    static String[] resolve(Path dir, String... profileArgs) throws IOException, InterruptedException {
        Path out = dir.resolve("effective.xml");
        List<String> args = new ArrayList<>(List.of(profileArgs));
        args.addAll(List.of("-pl", "mpl-algorithm,mpl-experiments", "help:effective-pom", "-Doutput=" + out));
        Result r = mvn(dir, args.toArray(String[]::new));
        assertThat(r.code()).as(r.output()).isZero();
        String pom = Files.readString(out, StandardCharsets.UTF_8);
        Matcher scope = Pattern.compile("<artifactId>pytorch-native-cpu</artifactId>\\s*<version>[^<]*</version>\\s*"
                + "<classifier>linux-x86_64</classifier>\\s*<scope>([a-z]+)</scope>").matcher(pom);
        Matcher offline = Pattern.compile("<key>ai.djl.offline</key>\\s*<value>([a-z]+)</value>").matcher(pom);
        return new String[] {scope.find() ? scope.group(1) : "absent", offline.find() ? offline.group(1) : "absent"};
    }

    @Test
    void theGpuProfileDropsTheCpuLibtorchFromRunTimeAndLetsDjlFetchACudaBuild(@TempDir Path dir) throws Exception {
        assertThat(resolve(dir, "-Dengine=pytorch")).containsExactly("runtime", "true");
        assertThat(resolve(dir, "-Dengine=pytorch", "-Dgpu")).containsExactly("provided", "false");
    }

    @Test
    void gpuWithoutThePytorchEngineStopsTheBuildWithTheReason(@TempDir Path dir) throws Exception {
        Result r = mvn(dir, "-N", "-Dgpu", "validate");
        assertThat(r.code()).isNotZero();
        assertThat(r.output()).contains("-Dgpu needs -Dengine=pytorch", "compute capability 8.6");
    }
}
