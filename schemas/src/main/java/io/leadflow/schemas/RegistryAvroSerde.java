package io.leadflow.schemas;

import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerdeConfig;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Registry mode: Apicurio Registry's Avro serde, writing the Confluent framing ({@code 0x00} + 4-byte content id +
 * binary body) so that Confluent-compatible readers (Kafka Connect's AvroConverter against Apicurio's
 * {@code /apis/ccompat/v7}) can decode leadflow's topics. Schemas are registered under the topic's
 * {@code <topic>-value} artifact (Apicurio's TopicIdStrategy, the same name as a Confluent subject).
 *
 * <p>Reading also accepts Avro single-object encoding ({@code C3 01}), so a topic written before the switch to
 * registry mode stays readable. Undecodable bytes raise a {@link SerializationException} that says why, for the
 * DLQ headers.
 */
public final class RegistryAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  /** First byte of the Confluent framing. */
  public static final byte MAGIC_BYTE = 0x0;

  private final Class<T> type;
  private final AvroKafkaSerializer<T> serializer;
  private final AvroKafkaDeserializer<T> deserializer;
  private final AvroSerde<T> singleObject;

  /**
   * @param settings Apicurio serde settings ({@code apicurio.registry.*}); the framing settings are fixed here
   * @param client the registry client to use, or null to create one for {@code apicurio.registry.url}
   */
  public RegistryAvroSerde(Class<T> type, Map<String, ?> settings, RegistryClientFacade client) {
    TrustedPackages.allowLeadflowClasses();
    this.type = type;
    this.singleObject = new AvroSerde<>(type);
    Map<String, Object> config = new HashMap<>(settings);
    // The Confluent wire format: the id in the payload (not in headers), 4 bytes, the content id that
    // Apicurio's Confluent-compatible API hands out as the schema id.
    config.put(SerdeConfig.ID_HANDLER, io.apicurio.registry.serde.Default4ByteIdHandler.class.getName());
    config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
    config.put("apicurio.registry.headers.enabled", false);
    config.put(AvroSerdeConfig.USE_SPECIFIC_AVRO_READER, true);
    // Register each schema whole, nested records and enums inline: Apicurio would otherwise split them into
    // artifact references, which Confluent-compatible readers of the ccompat API do not all follow.
    config.put(io.apicurio.registry.resolver.config.SchemaResolverConfig.DEREFERENCE_SCHEMA, true);
    this.serializer = client == null ? new AvroKafkaSerializer<>() : new AvroKafkaSerializer<>(client);
    this.deserializer = client == null ? new AvroKafkaDeserializer<>() : new AvroKafkaDeserializer<>(client);
    serializer.configure(config, false);
    deserializer.configure(config, false);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    try {
      return serializer.serialize(topic, data);
    } catch (RuntimeException e) {
      throw new SerializationException("cannot encode " + type.getSimpleName() + " for topic " + topic
          + " through the schema registry: " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    return serialize(topic, data);
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null; // tombstone
    }
    if (bytes.length >= 2 && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01) {
      return singleObject.deserialize(topic, bytes);
    }
    if (bytes.length < 5 || bytes[0] != MAGIC_BYTE) {
      throw new SerializationException(describe(topic, bytes)
          + ": neither the Confluent framing (0x00 + 4-byte schema id) nor Avro single-object encoding (C3 01)");
    }
    Object value;
    try {
      value = deserializer.deserialize(topic, bytes);
    } catch (RuntimeException e) {
      throw new SerializationException(describe(topic, bytes) + ": schema id " + schemaId(bytes)
          + " could not be resolved or the body does not match it (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")", e);
    }
    if (!type.isInstance(value)) {
      throw new SerializationException(describe(topic, bytes) + ": schema id " + schemaId(bytes) + " is a "
          + (value == null ? "null" : value.getClass().getName()) + ", not a " + type.getName());
    }
    return type.cast(value);
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] bytes) {
    return deserialize(topic, bytes);
  }

  /** The schema id of a Confluent-framed record. */
  public static int schemaId(byte[] bytes) {
    return ((bytes[1] & 0xFF) << 24) | ((bytes[2] & 0xFF) << 16) | ((bytes[3] & 0xFF) << 8) | (bytes[4] & 0xFF);
  }

  private String describe(String topic, byte[] bytes) {
    return AvroSerde.describeUndecodable(type, topic, bytes);
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
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
