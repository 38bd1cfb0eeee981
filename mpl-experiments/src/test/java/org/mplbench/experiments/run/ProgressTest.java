package org.mplbench.experiments.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void theMessageHasOneWidthSoTheBarDoesNotJump() {
        assertThat(Progress.fit("mpl s0")).hasSize(40).startsWith("mpl s0 ").endsWith(" ");
        String longer = "fashion-mnist-1k mpl-reference-code s12: step 250 acc_test 77.00 %";
        assertThat(Progress.fit(longer)).hasSize(40).isEqualTo(longer.substring(0, 39) + "…");
    }
}
