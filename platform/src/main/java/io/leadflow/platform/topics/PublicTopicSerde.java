package io.leadflow.platform.topics;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serde of a public topic in {@link Topics}: encodes and decodes with the process's selected
 * {@link ValueFormat} ({@link Topics#useValueFormat}), looked up per call so that the constants can stay constants.
 */
final class PublicTopicSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final String topic;
  private final Class<T> type;

  PublicTopicSerde(String topic, Class<T> type) {
    this.topic = topic;
    this.type = type;
  }

  Class<T> type() {
    return type;
  }

  /** The serde this topic uses now. */
  Serde<T> current() {
    return Topics.valueFormat().serde(topic, type);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return current().serializer().serialize(topic, data);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, T data) {
    return current().serializer().serialize(topic, headers, data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return current().deserializer().deserialize(topic, data);
  }

  @Override
  public T deserialize(String topic, Headers headers, byte[] data) {
    return current().deserializer().deserialize(topic, headers, data);
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
  public void close() {}
}
