package io.leadflow.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredConfigTest {

  @TempDir
  Path dir;

  private Path yaml(String text) throws IOException {
    Path file = dir.resolve("leadflow.yaml");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void laterLayersWinKeyByKey() throws IOException {
    Path file = yaml("""
        routing:
          default-pool: from-file
        scoring:
          mql-threshold: 70
          activity-points: 5
        """);
    LayeredConfig config = LayeredConfig.builder()
        .file(file)
        .environment(Map.of("LEADFLOW_SCORING_MQL__THRESHOLD", "80", "LEADFLOW_SCORING_ACTIVITY__POINTS", "7", "HOME", "/root"))
        .overrides(Map.of("scoring.activity-points", "9"))
        .build();

    assertThat(config.string("routing.default-pool")).isEqualTo("from-file");
    assertThat(config.decimal("scoring.mql-threshold")).isEqualTo(80.0);
    assertThat(config.decimal("scoring.activity-points")).isEqualTo(9.0);
    assertThat(config.string("routing.application-id")).as("untouched default").isEqualTo("routing-stream");
    assertThat(config.origin("scoring.mql-threshold").toString()).isEqualTo("environment variable LEADFLOW_SCORING_MQL__THRESHOLD");
    assertThat(config.origin("routing.default-pool").toString()).isEqualTo(file + ":2");
  }

  @Test
  void passesKafkaClientSettingsThroughFromFileAndEnvironment() throws IOException {
    Path file = yaml("""
        kafka:
          security.protocol: SASL_SSL
          sasl.mechanism: PLAIN
        """);
    LayeredConfig config = LayeredConfig.builder().file(file)
        .environment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093", "KAFKA_HEAP_OPTS", "-Xmx1g")).build();

    assertThat(config.kafkaClientProperties())
        .containsEntry("bootstrap.servers", "broker-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "PLAIN")
        .doesNotContainKey("heap.opts");
  }

  @Test
  void badValueNamesFileLineAndField() throws IOException {
    Path file = yaml("""
        # comment
        scoring:
          mql-threshold: lots
        """);
    LayeredConfig config = LayeredConfig.builder().file(file).build();

    assertThatThrownBy(() -> config.decimal("scoring.mql-threshold"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(file + ":3: field 'scoring.mql-threshold': expected a number, got 'lots'");
  }

  @Test
  void brokenYamlNamesTheFile() throws IOException {
    Path file = yaml("scoring: [unclosed\n");
    assertThatThrownBy(() -> LayeredConfig.builder().file(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ": not valid YAML");
  }

  @Test
  void missingFileFailsFast() {
    assertThatThrownBy(() -> LayeredConfig.builder().file(dir.resolve("nope.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("nope.yaml: config file not found");
  }

  @Test
  void parsesDurationsListsAndBooleans() throws IOException {
    Path file = yaml("""
        a: 250ms
        b: 2h
        c: PT15M
        d: [MQL, HOT]
        e: yes
        f: soon
        """);
    LayeredConfig config = LayeredConfig.builder().file(file).build();

    assertThat(config.duration("a")).isEqualTo(Duration.ofMillis(250));
    assertThat(config.duration("b")).isEqualTo(Duration.ofHours(2));
    assertThat(config.duration("c")).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.list("d")).containsExactly("MQL", "HOT");
    assertThat(config.bool("e")).isTrue();
    assertThatThrownBy(() -> config.duration("f")).hasMessage(file + ":6: field 'f': expected a duration such as 30s, 15m, 2h or 90d, got 'soon'");
  }

  @Test
  void rejectsShapesThatAreNotSettingsWithTheLine() throws IOException {
    assertThatThrownBy(() -> LayeredConfig.builder().file(yaml("a:\n  - [1, 2]\n")))
        .hasMessage(dir.resolve("leadflow.yaml") + ":2: field 'a': lists of lists are not settings");
    assertThatThrownBy(() -> LayeredConfig.builder().file(yaml("a:\n  - x: 1\n")))
        .hasMessage(dir.resolve("leadflow.yaml") + ":2: field 'a': a list of mappings is not a setting");
    assertThatThrownBy(() -> LayeredConfig.builder().file(yaml("a: [\"x,y\"]\n")))
        .hasMessageContaining(":1: field 'a': list items cannot contain commas");
    assertThatThrownBy(() -> LayeredConfig.builder().file(yaml("a: 1\n---\nb: 2\n")))
        .hasMessage(dir.resolve("leadflow.yaml") + ":3: a settings file holds one YAML document");
  }

  @Test
  void anEmptyValueNamesWhereItWasSet() throws IOException {
    Path file = yaml("routing:\n  default-pool:\n");
    assertThatThrownBy(() -> LayeredConfig.builder().file(file).build().string("routing.default-pool"))
        .hasMessage(file + ":2: field 'routing.default-pool' is empty");
  }

  @Test
  void missingRequiredSettingIsNamed() {
    assertThatThrownBy(() -> LayeredConfig.defaults().string("routing.nothing"))
        .hasMessage("missing required setting 'routing.nothing'");
  }
}
