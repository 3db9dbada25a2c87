package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.TopicSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes typed records to registry topics with an idempotent producer, stamping the event time. */
public final class RecordPublisher implements AutoCloseable {

  private final KafkaProducer<byte[], byte[]> producer;

  public RecordPublisher(LayeredConfig config) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  public <K, V> void send(TopicSpec<K, V> topic, K key, V value, long eventTimeMs) {
    producer.send(new ProducerRecord<>(topic.name(), null, eventTimeMs,
        topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  /** Raw bytes, for showing what happens to a record that is not what the topic expects. */
  public void sendRaw(String topic, byte[] key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
