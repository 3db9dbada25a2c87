package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.TopicSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything a topic held when the read began: a read_committed consumer without a group, from the beginning of
 * every partition up to the end offsets (last stable offsets) taken at the start. Records written later are not
 * waited for.
 */
public final class TopicSnapshot {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private TopicSnapshot() {}

  public static <V> List<V> readAll(LayeredConfig config, TopicSpec<String, V> topic) {
    return readAll(config, topic, null);
  }

  /** As {@link #readAll(LayeredConfig, TopicSpec)}, keeping only records with this key (null: all). */
  public static <V> List<V> readAll(LayeredConfig config, TopicSpec<String, V> topic, String key) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<V> values = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
          .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic.name() + " took longer than " + TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
            continue;
          }
          String k = record.key() == null ? null
              : topic.keySerde().deserializer().deserialize(topic.name(), record.key());
          if (record.value() != null && (key == null || key.equals(k))) {
            values.add(topic.valueSerde().deserializer().deserialize(topic.name(), record.value()));
          }
        }
      }
    }
    return values;
  }
}
