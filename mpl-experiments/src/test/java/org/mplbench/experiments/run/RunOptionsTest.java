package org.mplbench.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;

class RunOptionsTest {

    @Test
    void seedSyntax() {
        assertThat(RunOptions.parseSeeds("0..3")).containsExactly(0L, 1L, 2L, 3L);
        assertThat(RunOptions.parseSeeds("4, 1,9")).containsExactly(4L, 1L, 9L);
        assertThatThrownBy(() -> RunOptions.parseSeeds("3..1")).hasMessageContaining("ascending");
        assertThatThrownBy(() -> RunOptions.parseSeeds("1,1")).hasMessageContaining("listed twice");
    }

    private static Runner runner(Set<String> options) {
        return new Runner() {
            @Override
            public String name() {
                return "r";
            }

            @Override
            public java.util.List<String> aliases() {
                return java.util.List.of();
            }

            @Override
            public String description() {
                return "";
            }

            @Override
            public String folder() {
                return "r";
            }

            @Override
            public Set<String> options() {
                return options;
            }

            @Override
            public void run(RunOptions o) {}
        };
    }

    @Test
    void requireKnownAcceptsCommonDeclaredAndPrefixedOptions() {
        Properties p = new Properties();
        p.setProperty("table", "r");
        p.setProperty("seeds", "0");
        p.setProperty("steps", "5");
        p.setProperty("budget.lr_teacher", "0.1");
        p.setProperty("java.home", "/jdk");
        RunOptions.requireKnown(p, runner(Set.of("steps", "budget.*")));
        p.setProperty("data.fashion-mnist", "/x");
        assertThatThrownBy(() -> RunOptions.requireKnown(p, runner(Set.of("steps", "budget.*"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("-Ddata.fashion-mnist: is not an option of runner 'r'");
    }

    @Test
    void whatTheMavenExecConfigurationSetsIsAcceptedByEveryRunnerAndTheBenchmarks() throws Exception {
        // exec:java sets these as system properties before Main reads them: a refusal breaks every documented command
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        String exec = pom.substring(pom.indexOf("<artifactId>exec-maven-plugin</artifactId>"));
        exec = exec.substring(0, exec.indexOf("</plugin>"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<key>([^<]+)</key>").matcher(exec);
        Properties p = new Properties();
        while (m.find()) {
            p.setProperty(m.group(1), "true");
        }
        assertThat(p.stringPropertyNames()).contains("OPT_OUT_TRACKING", "mpl.root", "ai.djl.default_engine");
        for (org.mplbench.experiments.run.Runner r : org.mplbench.experiments.Runners.all()) {
            RunOptions.requireKnown(p, r);
        }
        RunOptions.requireKnown(p, "-Dbench", org.mplbench.experiments.bench.Bench.OPTIONS);
        assertThat(RunOptions.ours("OPT_OUT_TRACKING")).isFalse();
        assertThat(RunOptions.ours("seed")).isTrue();
    }
}
