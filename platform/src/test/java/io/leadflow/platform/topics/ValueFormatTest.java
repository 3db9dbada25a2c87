package io.leadflow.platform.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.ConfigDocument;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.schemas.InMemoryRegistryClient;
import io.leadflow.schemas.RandomRecords;
import io.leadflow.schemas.RegistryAvroSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code serde.*} switch: parsed once, fails fast, and selects the value serde of every public topic. */
class ValueFormatTest {

  @TempDir
  Path dir;

  @AfterEach
  void backToTheDefault() {
    Topics.useValueFormat(ValueFormat.SINGLE_OBJECT);
  }

  static Stream<TopicSpec<?, ?>> avroTopics() {
    return Topics.ALL.stream().filter(spec -> spec.valueSerde() instanceof PublicTopicSerde<?>);
  }

  @Test
  void everyTopicButTheDlqsIsAvro() {
    assertThat(avroTopics().map(TopicSpec::name)).hasSize(Topics.ALL.size() - 4).doesNotContain("routing-stream-dlq");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("avroTopics")
  void registryModeWritesTheConfluentFramingOnEveryPublicTopic(TopicSpec<String, SpecificRecord> spec) {
    InMemoryRegistryClient registry = new InMemoryRegistryClient();
    SpecificRecord record = sample(spec);

    byte[] single = spec.valueSerde().serializer().serialize(spec.name(), record);
    Topics.useValueFormat(ValueFormat.registry(Map.of("apicurio.registry.auto-register", true), registry));
    byte[] framed = spec.valueSerde().serializer().serialize(spec.name(), record);

    assertThat(single).startsWith(0xC3, 0x01);
    assertThat(framed[0]).isZero();
    assertThat(registry.versions()).singleElement().satisfies(v -> {
      assertThat(v.artifactId()).isEqualTo(spec.name() + "-value");
      assertThat(v.contentId()).isEqualTo(RegistryAvroSerde.schemaId(framed));
    });
    assertThat(spec.valueSerde().deserializer().deserialize(spec.name(), framed)).isEqualTo(record);
    // Records written before the switch stay readable.
    assertThat(spec.valueSerde().deserializer().deserialize(spec.name(), single)).isEqualTo(record);
  }

  @Test
  void twoTopicsOfOneRecordTypeGetAnArtifactEach() {
    InMemoryRegistryClient registry = new InMemoryRegistryClient();
    Topics.useValueFormat(ValueFormat.registry(Map.of("apicurio.registry.auto-register", true), registry));
    ConfigDocument document = RandomRecords.of(ConfigDocument.class, new Random(1));

    Topics.ROUTING_CONFIG.valueSerde().serializer().serialize(Topics.ROUTING_CONFIG.name(), document);
    Topics.SCORING_CONFIG.valueSerde().serializer().serialize(Topics.SCORING_CONFIG.name(), document);

    // The subjects a Confluent user looks for; the schema (content) is stored once and shares its id.
    assertThat(registry.versions()).extracting(InMemoryRegistryClient.Version::artifactId)
        .containsExactly("routing-config-value", "scoring-config-value");
  }

  @Test
  void singleObjectIsTheDefault() {
    assertThat(ValueFormat.from(LayeredConfig.defaults()).kind()).isEqualTo(ValueFormat.Kind.SINGLE_OBJECT);
  }

  @Test
  void registryModeFromConfigCarriesTheRegistrySettings() {
    LayeredConfig config = LayeredConfig.builder()
        .environment(Map.of("LEADFLOW_SERDE_FORMAT", "registry",
            "LEADFLOW_SERDE_REGISTRY__URL", "http://apicurio:8080/apis/registry/v3",
            "LEADFLOW_SERDE_AUTO__REGISTER", "false",
            "LEADFLOW_SERDE_ARTIFACT__RESOLVER__STRATEGY", "record",
            "LEADFLOW_APICURIO_REGISTRY_AUTH_USERNAME", "leadflow"))
        .build();

    ValueFormat format = ValueFormat.from(config);

    assertThat(format.kind()).isEqualTo(ValueFormat.Kind.REGISTRY);
    assertThat(format.registrySettings()).containsEntry("apicurio.registry.url", "http://apicurio:8080/apis/registry/v3")
        .containsEntry("apicurio.registry.auto-register", false)
        .containsEntry("apicurio.registry.artifact-resolver-strategy", "io.apicurio.registry.serde.avro.strategy.RecordIdStrategy")
        .containsEntry("apicurio.registry.auth.username", "leadflow");
  }

  @Test
  void registryModeWithoutAUrlFailsNamingTheFileAndLine() throws Exception {
    Path file = Files.writeString(dir.resolve("leadflow.yaml"), "kafka:\n  bootstrap.servers: k:9092\nserde:\n  format: registry\n");

    assertThatThrownBy(() -> ValueFormat.from(LayeredConfig.builder().file(file).build()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("serde.registry-url").hasMessageContaining("required");
  }

  @Test
  void anUnknownFormatFailsNamingTheFileAndLine() throws Exception {
    Path file = Files.writeString(dir.resolve("leadflow.yaml"), "serde:\n  format: protobuf\n");

    assertThatThrownBy(() -> ValueFormat.from(LayeredConfig.builder().file(file).build()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("leadflow.yaml:2").hasMessageContaining("serde.format")
        .hasMessageContaining("protobuf");
  }

  @Test
  void aUrlThatIsNotHttpFails() {
    LayeredConfig config = LayeredConfig.builder().overrides(Map.of("serde.format", "registry", "serde.registry-url", "apicurio:8080")).build();

    assertThatThrownBy(() -> ValueFormat.from(config)).isInstanceOf(ConfigException.class).hasMessageContaining("http(s) URL");
  }

  @Test
  void serdesAreMadeOncePerClass() {
    Serde<?> first = ValueFormat.SINGLE_OBJECT.serde("lead-events", io.leadflow.avro.LeadEvent.class);
    assertThat(ValueFormat.SINGLE_OBJECT.serde("lead-events", io.leadflow.avro.LeadEvent.class)).isSameAs(first);
  }

  @SuppressWarnings("unchecked")
  private static SpecificRecord sample(TopicSpec<String, SpecificRecord> spec) {
    Class<SpecificRecord> type = (Class<SpecificRecord>) ((PublicTopicSerde<?>) spec.valueSerde()).type();
    return RandomRecords.of(type, new Random(spec.name().hashCode()));
  }
}
