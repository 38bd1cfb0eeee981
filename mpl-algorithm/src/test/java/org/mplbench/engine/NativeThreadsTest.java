package org.mplbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** Runs under surefire, whose environment sets OMP_NUM_THREADS=1 (see the parent pom). */
class NativeThreadsTest {

    @Test
    void theNativeEnvironmentIsReadBack() {
        assertThat(NativeThreads.current()).contains(System.getenv("OMP_NUM_THREADS"));
    }

    @Test
    void anExistingSettingWinsOverTheDefaultAndARequestForTheSameCountIsANoOp() {
        assertThat(NativeThreads.configure(null, 7)).isEqualTo(new NativeThreads.Setting(1, "environment"));
        assertThat(NativeThreads.configure(1, 7)).isEqualTo(new NativeThreads.Setting(1, "requested"));
        assertThat(NativeThreads.current()).contains("1");
    }

    @Test
    void anotherCountOnceTheEngineIsLoadedIsRefused() {
        Engine.getInstance().getEngineName(); // loads the native library
        assertThatThrownBy(() -> NativeThreads.configure(3, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already loaded");
        assertThatThrownBy(() -> NativeThreads.configure(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(NativeThreads.current()).contains("1");
    }
}
