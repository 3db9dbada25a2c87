package io.leadflow.cli;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.TopicSpec;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic as it is at the start of the read: a plain consumer (no group, nothing committed),
 * {@code read_committed}, assign + seekToBeginning, up to the end offsets taken when the read starts. Long
 * replays ({@value #PROGRESS_BAR_FROM} records or more) show a progress bar on stderr.
 */
final class TopicSnapshot {

  static final int PROGRESS_BAR_FROM = 10_000;
  private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

  private TopicSnapshot() {}

  /** Every record up to the end offsets, in partition then offset order; a tombstone has a null value. */
  static <K, V> List<ConsumerRecord<K, V>> read(LayeredConfig config, TopicSpec<K, V> topic, PrintStream progress) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<K, V>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new ConfigException("topic " + topic.name() + " does not exist on " + config.bootstrapServers()
            + " (create it with: leadflow topics create)");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic.name(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new LinkedHashMap<>(consumer.endOffsets(partitions));
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      long total = 0;
      for (TopicPartition tp : partitions) {
        total += end.get(tp) - begin.get(tp);
      }
      ProgressBar bar = total >= PROGRESS_BAR_FROM
          ? new ProgressBarBuilder().setTaskName(topic.name()).setInitialMax(total)
              .setConsumer(new ConsoleProgressBarConsumer(progress)).build()
          : null;
      try {
        long lastProgress = System.nanoTime();
        while (!done(consumer, end)) {
          int before = out.size();
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            if (r.offset() >= end.get(tp)) {
              continue;
            }
            K key = r.key() == null ? null : topic.keySerde().deserializer().deserialize(topic.name(), r.key());
            V value = r.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
            out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), key, value));
          }
          if (bar != null) {
            bar.stepBy(out.size() - before);
          }
          if (out.size() > before) {
            lastProgress = System.nanoTime();
          } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
            throw new ConfigException("reading " + topic.name() + ": no progress for " + STALL_TIMEOUT.toSeconds()
                + " s after " + out.size() + " of about " + total + " records");
          }
        }
      } finally {
        if (bar != null) {
          bar.close();
        }
      }
    }
    return out;
  }

  /** The latest value per key of a compacted topic; a tombstone removes the key. */
  static <V> Map<String, V> latest(LayeredConfig config, TopicSpec<String, V> topic, PrintStream progress) {
    Map<String, V> latest = new LinkedHashMap<>();
    for (ConsumerRecord<String, V> r : read(config, topic, progress)) {
      if (r.key() == null) {
        continue;
      }
      if (r.value() == null) {
        latest.remove(r.key());
      } else {
        latest.put(r.key(), r.value());
      }
    }
    return latest;
  }

  /** Values in partition and offset order, tombstones dropped; progress on stderr. */
  static <V> List<V> readAll(LayeredConfig config, TopicSpec<String, V> topic) {
    return values(config, topic, System.err);
  }

  /** As {@link #readAll(LayeredConfig, TopicSpec)}, keeping only records with this key (null: all). */
  static <V> List<V> readAll(LayeredConfig config, TopicSpec<String, V> topic, String key) {
    return read(config, topic, System.err).stream()
        .filter(r -> r.value() != null && (key == null || key.equals(r.key())))
        .map(ConsumerRecord::value).toList();
  }

  /** Values only, tombstones dropped. */
  static <K, V> List<V> values(LayeredConfig config, TopicSpec<K, V> topic, PrintStream progress) {
    return read(config, topic, progress).stream().map(ConsumerRecord::value).filter(v -> v != null).toList();
  }

  private static boolean done(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
