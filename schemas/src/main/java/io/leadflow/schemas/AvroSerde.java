package io.leadflow.schemas;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro single-object encoding ({@code C3 01} + 8-byte schema fingerprint + binary body), no registry
 * needed. Reads any published version of the record and resolves it to the current class.
 *
 * <p>Undecodable bytes raise a {@link SerializationException} whose message says what was wrong, so the
 * deserialization handler can put it in the DLQ headers.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  public AvroSerde(Class<T> type) {
    this(type, PublishedSchemas.get().newStore());
  }

  public AvroSerde(Class<T> type, SchemaStore store) {
    TrustedPackages.allowLeadflowClasses();
    this.type = type;
    Schema schema = SpecificData.get().getSchema(type);
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema, store);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      ByteBuffer buffer = encoder.encode(data);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (Exception e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null; // tombstone
    }
    try {
      return decoder.decode(bytes);
    } catch (BadHeaderException e) {
      throw new SerializationException(describe(topic, bytes) + ": not Avro single-object encoding (expected header C3 01)", e);
    } catch (MissingSchemaException e) {
      throw new SerializationException(describe(topic, bytes) + ": unknown schema fingerprint, not a published "
          + type.getSimpleName() + " version", e);
    } catch (java.io.IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
      throw new SerializationException(describe(topic, bytes) + ": body does not match the schema ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    }
  }

  private String describe(String topic, byte[] bytes) {
    return describeUndecodable(type, topic, bytes);
  }

  /** The start of every decode error of leadflow's serdes: type, topic, size and the first bytes. */
  static String describeUndecodable(Class<?> type, String topic, byte[] bytes) {
    int shown = Math.min(bytes.length, 10);
    return "cannot decode " + type.getSimpleName() + " from topic " + topic + " (" + bytes.length + " bytes, starting "
        + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, shown) + ")";
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
