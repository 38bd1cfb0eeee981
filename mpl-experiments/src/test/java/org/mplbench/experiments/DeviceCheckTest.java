package org.mplbench.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mplbench.config.ConfigException;

class DeviceCheckTest {

    @Test
    void aGpuRequestWithoutAGpuIsAnErrorThatExplainsAndSuggestsPyTorch() {
        assertThatThrownBy(() -> DeviceCheck.requireGpu("MXNet", "1.9.0", 0)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Ddevice").hasMessageContaining("silently run on the CPU")
                .hasMessageContaining("compute capability 8.6").hasMessageContaining("-Dengine=pytorch -Dgpu");
        assertThatThrownBy(() -> DeviceCheck.requireGpu("PyTorch", "2.5.1", 0)).hasMessageContaining("CUDA build");
        assertThatCode(() -> DeviceCheck.requireGpu("MXNet", "1.9.0", 1)).doesNotThrowAnyException();
    }

    @Test
    void mainRefusesDeviceGpuOnAMachineWithoutOne() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "this machine has a GPU");
        Properties p = new Properties();
        p.setProperty("table", "2");
        p.setProperty("profile", "smoke");
        p.setProperty("device", "gpu");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(MainAccess.run(p, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("-Ddevice: a GPU was asked for");
    }

    @Test
    void dashDEngineIsReadAndMustNameTheLoadedEngine() {
        assertThatCode(() -> DeviceCheck.requireEngine("pytorch", "PyTorch")).doesNotThrowAnyException();
        assertThatCode(() -> DeviceCheck.requireEngine("mxnet", "MXNet")).doesNotThrowAnyException();
        assertThatThrownBy(() -> DeviceCheck.requireEngine("pytorch", "MXNet")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("-Dengine: asked for pytorch, but the class path holds the MXNet engine")
                .hasMessageContaining("mvn -q install -DskipTests -Dengine=pytorch");
        String other = Engine.getInstance().getEngineName().equals("MXNet") ? "pytorch" : "mxnet";
        Properties p = new Properties();
        p.setProperty("table", "2");
        p.setProperty("profile", "smoke");
        p.setProperty("engine", other);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(MainAccess.run(p, new PrintStream(err))).isEqualTo(2);
        assertThat(err.toString()).contains("-Dengine: asked for " + other);
    }
}
