package io.leadflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadEvent;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Registry mode through Apicurio's serde and its own client interface, backed by an in-memory registry. */
class RegistryAvroSerdeTest {

  private static final Map<String, Object> SETTINGS = Map.of(
      "apicurio.registry.url", "http://registry.invalid/apis/registry/v3", // never called: the client is in memory
      "apicurio.registry.auto-register", true);

  private final InMemoryRegistryClient registry = new InMemoryRegistryClient();

  static Stream<Schema> topicSchemas() {
    return TopicSchemas.ALL.stream();
  }

  @Test
  void writesTheConfluentFramingWithTheIdOfTheRegisteredSchema() throws Exception {
    RegistryAvroSerde<LeadAssignment> serde = new RegistryAvroSerde<>(LeadAssignment.class, SETTINGS, registry);
    LeadAssignment assignment = RandomRecords.of(LeadAssignment.class, new Random(7));

    byte[] bytes = serde.serialize("lead-assignments", assignment);

    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    int id = RegistryAvroSerde.schemaId(bytes);
    assertThat(registry.versions()).singleElement().satisfies(v -> {
      assertThat(v.artifactId()).isEqualTo("lead-assignments-value"); // the Confluent subject name
      assertThat(v.contentId()).isEqualTo(id);
    });
    assertThat(new Schema.Parser().parse(registry.schemaByContentId(id))).isEqualTo(LeadAssignment.getClassSchema());
    // The body after the 5-byte header is plain Avro binary of that schema: what AvroConverter decodes.
    Schema writer = new Schema.Parser().parse(registry.schemaByContentId(id));
    GenericRecord body = new GenericDatumReader<GenericRecord>(writer)
        .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
    assertThat(body.get("leadId").toString()).isEqualTo(assignment.getLeadId());
  }

  @Test
  void aSecondReaderWithItsOwnCacheResolvesTheIdThroughTheRegistry() {
    RegistryAvroSerde<LeadAssignment> writer = new RegistryAvroSerde<>(LeadAssignment.class, SETTINGS, registry);
    RegistryAvroSerde<LeadAssignment> reader = new RegistryAvroSerde<>(LeadAssignment.class, SETTINGS, registry);
    LeadAssignment assignment = RandomRecords.of(LeadAssignment.class, new Random(11));

    LeadAssignment read = reader.deserialize("lead-assignments", writer.serialize("lead-assignments", assignment));

    assertThat(read).isEqualTo(assignment);
    assertThat(registry.createCalls()).isEqualTo(1); // the writer registers once, then caches
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topicSchemas")
  @SuppressWarnings("unchecked")
  void roundTripsEverySchema(Schema schema) {
    Class<SpecificRecord> type = (Class<SpecificRecord>) SpecificData.get().getClass(schema);
    SpecificRecord original = RandomRecords.of(type, new Random(schema.getFullName().hashCode()));
    RegistryAvroSerde<SpecificRecord> serde = new RegistryAvroSerde<>(type, SETTINGS, registry);

    byte[] bytes = serde.serialize("some-topic", original);

    assertThat(bytes[0]).isZero();
    assertThat(serde.deserialize("some-topic", bytes)).isEqualTo(original);
  }

  @Test
  void oneSchemaIdPerDistinctSchemaAndTopicSubjects() {
    RegistryAvroSerde<LeadEvent> events = new RegistryAvroSerde<>(LeadEvent.class, SETTINGS, registry);
    RegistryAvroSerde<LeadAssignment> assignments = new RegistryAvroSerde<>(LeadAssignment.class, SETTINGS, registry);

    byte[] event = events.serialize("lead-events", RandomRecords.of(LeadEvent.class, new Random(1)));
    byte[] assignment = assignments.serialize("lead-assignments", RandomRecords.of(LeadAssignment.class, new Random(2)));

    assertThat(RegistryAvroSerde.schemaId(event)).isNotEqualTo(RegistryAvroSerde.schemaId(assignment));
    assertThat(registry.versions()).extracting(InMemoryRegistryClient.Version::artifactId)
        .containsExactly("lead-events-value", "lead-assignments-value");
  }

  @Test
  void stillReadsSingleObjectEncodingWrittenBeforeTheSwitch() {
    LeadEvent event = RandomRecords.of(LeadEvent.class, new Random(3));
    byte[] legacy = AvroSerde.of(LeadEvent.class).serialize("lead-events", event);

    assertThat(new RegistryAvroSerde<>(LeadEvent.class, SETTINGS, registry).deserialize("lead-events", legacy)).isEqualTo(event);
    assertThat(registry.versions()).isEmpty();
  }

  @Test
  void badBytesSayWhy() {
    RegistryAvroSerde<LeadEvent> serde = new RegistryAvroSerde<>(LeadEvent.class, SETTINGS, registry);

    assertThatThrownBy(() -> serde.deserialize("lead-events", new byte[] {0x7B, 0x22, 0x61}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("neither the Confluent framing");
    assertThatThrownBy(() -> serde.deserialize("lead-events", new byte[] {0x00, 0x00, 0x00, 0x00, 0x2A, 0x02}))
        .isInstanceOf(SerializationException.class).hasMessageContaining("schema id 42");
  }

  @Test
  void aRecordOfAnotherTypeUnderTheIdIsRefused() {
    byte[] assignment = new RegistryAvroSerde<>(LeadAssignment.class, SETTINGS, registry)
        .serialize("lead-assignments", RandomRecords.of(LeadAssignment.class, new Random(5)));

    assertThatThrownBy(() -> new RegistryAvroSerde<>(LeadEvent.class, SETTINGS, registry).deserialize("lead-events", assignment))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not a io.leadflow.avro.LeadEvent");
  }

  @Test
  void nullsStayNull() {
    RegistryAvroSerde<LeadEvent> serde = new RegistryAvroSerde<>(LeadEvent.class, SETTINGS, registry);
    assertThat(serde.serialize("lead-events", null)).isNull();
    assertThat(serde.deserialize("lead-events", null)).isNull();
  }
}
