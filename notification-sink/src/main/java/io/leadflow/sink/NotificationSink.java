package io.leadflow.sink;

import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain consumer service, not a Streams processor: its side effects (emails, webhooks) cannot be rolled
 * back, so they stay outside Streams transactions. At least once: offsets are committed only after every
 * alert of a poll is handled and the broker has acknowledged its delivery (and DLQ) records; if one of those
 * writes fails the sink stops without committing, and the alerts are delivered again on restart.
 *
 * <p>Values are read as bytes and decoded here, so that one undecodable record goes to the sink's DLQ with
 * the reason in headers instead of stopping the consumer.
 */
public final class NotificationSink implements Service {

  public static final String NAME = "notification-sink";
  public static final String REASON_HEADER = "leadflow.error.reason";

  private static final Logger LOG = LoggerFactory.getLogger(NotificationSink.class);

  private final SinkConfig config;
  private final AlertHandler handler;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch loopEnded = new CountDownLatch(1);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private Thread pollThread;

  public NotificationSink(LayeredConfig config, AlertHandler handler) {
    this.config = SinkConfig.from(config);
    this.handler = handler;
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, this.config.groupId());
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // Alerts come from exactly-once streams: never act on an aborted transaction.
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<String, Object> producerProps = new HashMap<>(config.kafkaClientProperties());
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(Duration timeout) {
    consumer.subscribe(List.of(Topics.REP_ALERTS.name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        assigned.countDown();
      }
    });
    pollThread = new Thread(this::pollLoop, NAME);
    pollThread.start();
    try {
      if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(NAME + " got no partitions of " + Topics.REP_ALERTS.name() + " within " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(NAME + " start interrupted", e);
    }
    LOG.info("{} running", NAME);
  }

  private void pollLoop() {
    try {
      while (!closed.get()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
        List<Future<RecordMetadata>> writes = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          writes.addAll(handle(record));
        }
        if (!records.isEmpty()) {
          producer.flush();
          for (Future<RecordMetadata> write : writes) {
            write.get(); // throws if the broker refused it: then nothing of this poll is committed
          }
          consumer.commitSync();
        }
      }
      stopped.complete(null);
    } catch (WakeupException e) {
      stopped.complete(null);
    } catch (Exception e) {
      LOG.error("{} stopped on an error; uncommitted alerts will be delivered again on restart", NAME, e);
      stopped.completeExceptionally(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
      loopEnded.countDown();
    }
  }

  private List<Future<RecordMetadata>> handle(ConsumerRecord<byte[], byte[]> record) {
    RepAlert alert;
    try {
      alert = Topics.REP_ALERTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (SerializationException e) {
      return List.of(sendToDlq(record, e.getMessage()));
    }
    if (alert == null) {
      return List.of();
    }
    List<Future<RecordMetadata>> writes = new ArrayList<>();
    for (NotificationDelivery delivery : handler.handle(alert)) {
      writes.add(producer.send(new ProducerRecord<>(Topics.NOTIFICATION_DELIVERIES.name(),
          delivery.getAlertId().getBytes(StandardCharsets.UTF_8),
          Topics.NOTIFICATION_DELIVERIES.valueSerde().serializer().serialize(Topics.NOTIFICATION_DELIVERIES.name(), delivery))));
    }
    return writes;
  }

  private Future<RecordMetadata> sendToDlq(ConsumerRecord<byte[], byte[]> record, String reason) {
    LOG.warn("alert at {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
        Topics.NOTIFICATION_DLQ.name(), reason);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.NOTIFICATION_DLQ.name(), record.key(), record.value());
    dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add("leadflow.error.source", (record.topic() + "-" + record.partition() + "@" + record.offset())
        .getBytes(StandardCharsets.UTF_8));
    return producer.send(dead);
  }

  @Override
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    consumer.wakeup();
    try {
      if (pollThread != null) {
        loopEnded.await(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
