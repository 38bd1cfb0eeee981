package org.mplbench.experiments.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {

    static final List<String> AWKWARD = List.of("plain", "with space", "it's", "\"double\"", "$HOME and ${X:-y} $(date)",
            "`uname`", "back\\slash", "new\nline", "", "*.jar", "a;b|c&d>e");

    @Test
    void quotedWordsReachTheCommandUnchanged() throws Exception {
        StringBuilder script = new StringBuilder("for a in");
        for (String w : AWKWARD) {
            script.append(' ').append(Shell.quote(w));
        }
        script.append("; do printf '%s\\0' \"$a\"; done");
        Process p = new ProcessBuilder("bash", "-c", script.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        assertThat(out.split("\0", -1)).containsExactlyElementsOf(concat(AWKWARD, ""));
    }

    @Test
    void singleQuotesAreClosedEscapedAndReopened() {
        assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(Shell.join(List.of("a b", "c"))).isEqualTo("'a b' 'c'");
    }

    private static List<String> concat(List<String> a, String last) {
        List<String> out = new java.util.ArrayList<>(a);
        out.add(last);
        return out;
    }
}
