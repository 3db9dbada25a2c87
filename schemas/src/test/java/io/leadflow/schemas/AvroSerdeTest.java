package io.leadflow.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  static Stream<Schema> topicSchemas() {
    return TopicSchemas.ALL.stream();
  }

  /** Every topic schema survives encode → decode with every field filled, via a generated random record. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("topicSchemas")
  @SuppressWarnings("unchecked")
  void roundTripsEverySchema(Schema schema) throws Exception {
    Class<SpecificRecord> type = (Class<SpecificRecord>) SpecificData.get().getClass(schema);
    SpecificRecord original = RandomRecords.of(type, new Random(schema.getFullName().hashCode()));
    AvroSerde<SpecificRecord> serde = new AvroSerde<>(type);

    byte[] bytes = serde.serialize("topic", original);

    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("topic", bytes)).isEqualTo(original);
    // The same bytes as Avro's own single-object encoder, and its bytes read back the same.
    java.nio.ByteBuffer avro = new BinaryMessageEncoder<SpecificRecord>(SpecificData.getForClass(type), schema).encode(original);
    byte[] avroBytes = new byte[avro.remaining()];
    avro.get(avroBytes);
    assertThat(bytes).isEqualTo(avroBytes);
    assertThat(new org.apache.avro.message.BinaryMessageDecoder<SpecificRecord>(SpecificData.getForClass(type), schema)
        .decode(bytes)).isEqualTo(original);
  }

  @Test
  void everyCurrentSchemaIsPublished() {
    assertThat(TopicSchemas.ALL)
        .as("a changed schema must be published (see docs/SCHEMAS.md) so readers can decode it")
        .allMatch(PublishedSchemas.get()::contains);
  }

  /** A producer still on an older LeadEvent (no 'source' field) writes; the current class reads it with the default. */
  @Test
  void readsARecordWrittenWithAnOlderSchemaVersion() throws IOException {
    Schema current = LeadEvent.getClassSchema();
    Schema older = withoutField(current, "source");
    GenericRecord old = new GenericData.Record(older);
    old.put("eventId", "e-1");
    old.put("leadId", "lead-1");
    old.put("type", new GenericData.EnumSymbol(older.getField("type").schema(), "PROFILE"));
    old.put("occurredAt", 1_700_000_000_000L);
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(old).array();

    SchemaStore.Cache store = PublishedSchemas.get().newStore();
    store.addSchema(older);
    LeadEvent read = new AvroSerde<>(LeadEvent.class, store).deserialize("lead-events", bytes);

    assertThat(read.getLeadId()).isEqualTo("lead-1");
    assertThat(read.getType()).isEqualTo(LeadEventType.PROFILE);
    assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(read.getSource()).as("field added later takes its default").isNull();
  }

  @Test
  void rejectsGarbageWithAClearReason() {
    AvroSerde<LeadEvent> serde = AvroSerde.of(LeadEvent.class);
    assertThatThrownBy(() -> serde.deserialize("lead-events", "hello".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("lead-events")
        .hasMessageContaining("68 65 6c 6c 6f")
        .hasMessageContaining("not Avro single-object encoding");
  }

  @Test
  void rejectsAnUnknownSchemaFingerprint() {
    byte[] bytes = new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0};
    assertThatThrownBy(() -> AvroSerde.of(LeadEvent.class).deserialize("lead-events", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown schema fingerprint");
  }

  @Test
  void rejectsATruncatedBody() {
    AvroSerde<LeadEvent> serde = AvroSerde.of(LeadEvent.class);
    LeadEvent event = LeadEvent.newBuilder().setEventId("e").setLeadId("lead-1").setType(LeadEventType.PROFILE)
        .setOccurredAt(Instant.EPOCH).build();
    byte[] full = serde.serialize("t", event);
    byte[] truncated = Arrays.copyOf(full, full.length - 3);

    assertThatThrownBy(() -> serde.deserialize("lead-events", truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("body does not match the schema");
  }

  /** A record that fails half-way leaves nothing behind in the next one (the encoder and buffer are reused). */
  @Test
  void aFailedEncodeLeavesTheNextRecordIntact() throws IOException {
    AvroSerde<LeadEvent> serde = AvroSerde.of(LeadEvent.class);
    LeadEvent broken = new LeadEvent();
    broken.setEventId("e-0");
    broken.setLeadId("lead-0"); // type and occurredAt stay null: the writer fails after the first fields
    LeadEvent event = LeadEvent.newBuilder().setEventId("e").setLeadId("lead-1").setType(LeadEventType.PROFILE)
        .setOccurredAt(Instant.EPOCH).build();

    assertThatThrownBy(() -> serde.serialize("lead-events", broken)).isInstanceOf(SerializationException.class)
        .hasMessageContaining("cannot encode LeadEvent");
    byte[] bytes = serde.serialize("lead-events", event);

    java.nio.ByteBuffer avro = new BinaryMessageEncoder<LeadEvent>(SpecificData.get(), LeadEvent.getClassSchema()).encode(event);
    byte[] expected = new byte[avro.remaining()];
    avro.get(expected);
    assertThat(bytes).isEqualTo(expected);
  }

  @Test
  void passesTombstonesThrough() {
    assertThat(AvroSerde.of(LeadEvent.class).deserialize("reps", null)).isNull();
    assertThat(AvroSerde.of(LeadEvent.class).serialize("reps", null)).isNull();
  }

  private static Schema withoutField(Schema schema, String dropped) {
    return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false,
        schema.getFields().stream().filter(f -> !f.name().equals(dropped))
            .map(f -> new Schema.Field(f, f.schema())).toList());
  }

}
