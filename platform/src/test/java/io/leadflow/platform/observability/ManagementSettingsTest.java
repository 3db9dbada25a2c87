package io.leadflow.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManagementSettingsTest {

  @Test
  void defaultsTo8080OnAllInterfaces() {
    assertThat(ManagementSettings.from(LayeredConfig.defaults())).contains(new ManagementSettings("0.0.0.0", 8080));
  }

  @Test
  void environmentVariableSetsThePort() {
    LayeredConfig config = LayeredConfig.builder().environment(Map.of("LEADFLOW_MANAGEMENT_PORT", "9464")).build();
    assertThat(ManagementSettings.from(config).orElseThrow().port()).isEqualTo(9464);
  }

  @Test
  void zeroMeansAnyFreePort() {
    assertThat(ManagementSettings.from(LayeredConfig.defaults().with("management.port", "0")).orElseThrow().port()).isZero();
  }

  @Test
  void offOrNegativeTurnsTheEndpointsOff() {
    assertThat(ManagementSettings.from(LayeredConfig.defaults().with("management.port", "off"))).isEmpty();
    assertThat(ManagementSettings.from(LayeredConfig.defaults().with("management.port", "OFF"))).isEmpty();
    assertThat(ManagementSettings.from(LayeredConfig.defaults().with("management.port", "-1"))).isEmpty();
  }

  @Test
  void aBadValueNamesTheVariableAndTheField() {
    LayeredConfig config = LayeredConfig.builder().environment(Map.of("LEADFLOW_MANAGEMENT_PORT", "eighty")).build();
    assertThatThrownBy(() -> ManagementSettings.from(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("LEADFLOW_MANAGEMENT_PORT").hasMessageContaining("management.port")
        .hasMessageContaining("eighty");
    assertThatThrownBy(() -> ManagementSettings.from(LayeredConfig.defaults().with("management.port", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("65535");
  }
}
