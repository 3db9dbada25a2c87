package io.leadflow.routing.api;

import io.leadflow.avro.PoolEvent;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool's answers to commands, by command id: one consumer (no group, read_committed, from the end at start-up)
 * reads {@code lead-pool-events} for the whole process, so an HTTP request only registers the id it waits for. The
 * same idea as {@code leadflow pool}, which opens a consumer per command because it sends one.
 */
public final class PoolAnswers implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PoolAnswers.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, CompletableFuture<PoolEvent>> pending = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  public PoolAnswers(Map<String, Object> kafkaClientProperties) {
    Map<String, Object> props = new HashMap<>(kafkaClientProperties);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<PartitionInfo> infos = consumer.partitionsFor(Topics.LEAD_POOL_EVENTS.name(), Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      consumer.close();
      throw new IllegalStateException("topic " + Topics.LEAD_POOL_EVENTS.name() + " does not exist");
    }
    List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the start now: no answer to a later command can be missed
    thread = new Thread(this::run, "routing-api-pool-answers");
    thread.setDaemon(true);
    thread.start();
  }

  /** Register before sending the command. */
  public CompletableFuture<PoolEvent> expect(String commandId) {
    return pending.computeIfAbsent(commandId, id -> new CompletableFuture<>());
  }

  public void forget(String commandId) {
    pending.remove(commandId);
  }

  private void run() {
    try {
      while (!closed) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          PoolEvent event;
          try {
            event = Topics.LEAD_POOL_EVENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
          } catch (RuntimeException e) {
            continue; // not ours to judge; the stream's DLQ handles bad records
          }
          if (event.getCommandId() != null) {
            CompletableFuture<PoolEvent> waiting = pending.remove(event.getCommandId());
            if (waiting != null) {
              waiting.complete(event);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("pool answers consumer stopped; claims over HTTP will time out", e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
