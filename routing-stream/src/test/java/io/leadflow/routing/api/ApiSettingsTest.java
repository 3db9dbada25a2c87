package io.leadflow.routing.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiSettingsTest {

  @Test
  void tokensFromConfigKeysAndFileAndNeverInToString() throws Exception {
    Path file = Files.createTempFile("tokens", ".yaml");
    Files.writeString(file, "reps:\n  rep-b: secret-b\nadmins: [secret-admin]\n");
    ApiSettings settings = ApiSettings.from(LayeredConfig.defaults()
        .with(ApiSettings.TOKEN_PREFIX + "rep-a", "secret-a")
        .with("routing.api.tokens-file", file.toString())
        .with("routing.api.answer-timeout", "3s"));
    assertThat(settings.repTokens()).isEqualTo(Map.of("rep-a", "secret-a", "rep-b", "secret-b"));
    assertThat(settings.adminTokens()).containsExactly("secret-admin");
    assertThat(settings.answerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.toString()).contains("rep-a").doesNotContain("secret");
  }

  @Test
  void aTokensFileWithoutTokensFailsWithTheField() throws Exception {
    Path file = Files.createTempFile("tokens", ".yaml");
    Files.writeString(file, "reps:\n  rep-b: ''\n");
    assertThatThrownBy(() -> ApiSettings.from(LayeredConfig.defaults().with("routing.api.tokens-file", file.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("reps.rep-b");
  }
}
