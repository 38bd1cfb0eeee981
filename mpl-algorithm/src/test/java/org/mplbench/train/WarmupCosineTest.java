package org.mplbench.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;

class WarmupCosineTest {

    @Test
    void officialScheduleWaitsWarmsUpLinearlyThenDecaysByCosine() {
        // CIFAR student: wait 3,000, warm-up 5,000, 300,000 steps, peak 0.05
        WarmupCosine s = WarmupCosine.of(0.05, 3_000, 5_000, 300_000);
        assertThat(s.at(0)).isZero();
        assertThat(s.at(2_999)).isZero();
        assertThat(s.at(3_000)).isZero();
        assertThat(s.at(3_001)).isCloseTo(0.05 / 5_000, offset(1e-15));
        assertThat(s.at(5_500)).isCloseTo(0.025, offset(1e-15));
        assertThat(s.at(8_000)).isCloseTo(0.05, offset(1e-15));
        long mid = 8_000 + (300_000 - 8_000) / 2;
        assertThat(s.at(mid)).isCloseTo(0.025, offset(1e-12));
        assertThat(s.at(300_000)).isCloseTo(0, offset(1e-15));
        assertThat(s.at(400_000)).isCloseTo(0, offset(1e-15));
        // cosine: at a quarter of the decay, 0.05 * (1 + cos(pi/4)) / 2
        assertThat(s.at(8_000 + 73_000)).isCloseTo(0.05 * (1 + Math.cos(Math.PI / 4)) / 2, offset(1e-12));
    }

    @Test
    void referenceCodeWarmupJumpsWhenTheWaitEnds() {
        WarmupCosine s = new WarmupCosine(0.05, 3_000, 5_000, 300_000, true);
        assertThat(s.at(2_999)).isZero();
        // t / (wait + warm-up): 3,000 / 8,000 = 3/8 of the peak at the first step after the wait
        assertThat(s.at(3_000)).isCloseTo(0.05 * 3 / 8, offset(1e-15));
        assertThat(s.at(7_999)).isCloseTo(0.05 * 7_999 / 8_000, offset(1e-15));
        assertThat(s.at(8_000)).isCloseTo(0.05, offset(1e-15));
    }

    @Test
    void teacherScheduleWithoutWait() {
        WarmupCosine s = WarmupCosine.of(0.1, 0, 10, 110);
        assertThat(s.at(0)).isZero();
        assertThat(s.at(5)).isCloseTo(0.05, offset(1e-15));
        assertThat(s.at(10)).isCloseTo(0.1, offset(1e-15));
        assertThat(s.at(60)).isCloseTo(0.05, offset(1e-15));
    }

    @Test
    void rejectsSchedulesWithNoDecayPhase() {
        assertThatThrownBy(() -> WarmupCosine.of(0.05, 5, 5, 10)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("lr.total_steps").hasMessageContaining("wait + warm-up");
        assertThatThrownBy(() -> WarmupCosine.of(0, 0, 0, 10)).hasMessageContaining("lr.base");
    }
}
