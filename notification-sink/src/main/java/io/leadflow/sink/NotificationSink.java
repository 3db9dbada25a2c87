package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationRetry;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.topics.Topics;
import io.leadflow.platform.service.HealthStatus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plain consumer service, not a Streams processor: its side effects (emails, webhooks) cannot be rolled back, so
 * they stay outside Streams transactions. It reads {@code rep-alerts} and its own delay queue
 * {@code notification-retries}, and hands every (alert, channel) to {@link Deliveries}, which runs it on that
 * channel's workers.
 *
 * <p>At least once: a record's offset is committed only when every delivery it started is fully handled: delivered,
 * or written to the retry topic or the DLQ and acknowledged by the broker ({@link OffsetTracker}). A write the broker
 * refuses stops the sink without committing, and the alerts are delivered again on restart, with the same
 * idempotency keys. Values are read as bytes and decoded here, so one undecodable record goes to the DLQ with the
 * reason in headers instead of stopping the consumer.
 */
public final class NotificationSink implements Service {

  public static final String NAME = "notification-sink";
  public static final String REASON_HEADER = "leadflow.error.reason";
  public static final String SOURCE_HEADER = "leadflow.error.source";

  private static final Logger LOG = LoggerFactory.getLogger(NotificationSink.class);

  private final SinkConfig config;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final OffsetTracker offsets = new OffsetTracker();
  private final Deliveries deliveries;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean halted = new AtomicBoolean();
  private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch loopEnded = new CountDownLatch(1);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final KafkaClientMetrics consumerMetrics;
  private final KafkaClientMetrics producerMetrics;
  private final Duration pollStallLimit;
  private volatile long lastPollNanos;
  private volatile boolean hasAssignment;
  private Thread pollThread;

  public NotificationSink(LayeredConfig config, Map<ChannelType, Notifier> notifiers, MeterRegistry meters, Clock clock) {
    this.config = SinkConfig.from(config);
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
    this.deliveries = new Deliveries(this.config, notifiers, producer, offsets, meters, clock, this::writeFailed);
    this.consumerMetrics = new KafkaClientMetrics(consumer);
    consumerMetrics.bindTo(meters);
    this.producerMetrics = new KafkaClientMetrics(producer);
    producerMetrics.bindTo(meters);
    // A poll returns within poll-timeout even when the broker is gone; a loop quiet for much longer is stuck
    // (a commit blocking on an unreachable coordinator, backpressure that never eases).
    this.pollStallLimit = this.config.pollTimeout().multipliedBy(4).plusSeconds(30);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void start(Duration timeout) {
    consumer.subscribe(List.of(Topics.REP_ALERTS.name(), Topics.NOTIFICATION_RETRIES.name()), new ConsumerRebalanceListener() {
      @Override
      public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        commitHandled();
        partitions.forEach(partition -> {
          offsets.revoked(partition);
          committed.remove(partition);
        });
      }

      /** Lost, not revoked: another member may own them already, so commit nothing for them, only forget them. */
      @Override
      public void onPartitionsLost(Collection<TopicPartition> partitions) {
        hasAssignment = false;
        partitions.forEach(partition -> {
          offsets.revoked(partition);
          committed.remove(partition);
        });
      }

      @Override
      public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        hasAssignment = true;
        assigned.countDown();
      }
    });
    lastPollNanos = System.nanoTime();
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
        lastPollNanos = System.nanoTime();
        for (ConsumerRecord<byte[], byte[]> record : records) {
          dispatch(record);
        }
        throwIfAWriteFailed();
        commitHandled();
        applyBackpressure();
      }
      if (!halted.get()) {
        deliveries.drain(config.shutdownGrace());
        throwIfAWriteFailed();
        commitHandled();
      }
      stopped.complete(null);
    } catch (WakeupException e) {
      stopped.complete(null);
    } catch (Exception e) {
      LOG.error("{} stopped on an error; uncommitted alerts will be delivered again on restart", NAME, e);
      stopped.completeExceptionally(e);
    } finally {
      deliveries.shutdownNow();
      consumer.close(Duration.ofSeconds(5));
      loopEnded.countDown();
    }
  }

  private void dispatch(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    try {
      if (record.topic().equals(Topics.NOTIFICATION_RETRIES.name())) {
        NotificationRetry retry = Topics.NOTIFICATION_RETRIES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        offsets.started(partition, record.offset(), retry == null ? 0 : 1);
        if (retry != null) {
          deliveries.retry(retry, partition, record.offset());
        }
      } else {
        RepAlert alert = Topics.REP_ALERTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
        int channels = alert == null ? 0 : alert.getChannels().size();
        offsets.started(partition, record.offset(), channels);
        if (alert != null) {
          deliveries.fanOut(alert, partition, record.offset());
        }
      }
    } catch (SerializationException e) {
      offsets.started(partition, record.offset(), 1);
      deliveries.undecodable(record, e.getMessage(), partition);
    }
  }

  private void commitHandled() {
    if (halted.get()) {
      return; // a crash commits nothing more
    }
    Map<TopicPartition, OffsetAndMetadata> moved = new HashMap<>();
    offsets.committable().forEach((partition, offset) -> {
      if (!Long.valueOf(offset.offset()).equals(committed.get(partition))) {
        moved.put(partition, offset);
      }
    });
    if (!moved.isEmpty()) {
      consumer.commitSync(moved);
      moved.forEach((partition, offset) -> committed.put(partition, offset.offset()));
    }
  }

  /** Stops reading while too much is open, so the retry queue and in-flight work stay bounded in memory. */
  private void applyBackpressure() {
    if (offsets.openRecords() > config.maxOpenRecords()) {
      consumer.pause(consumer.assignment());
    } else if (!consumer.paused().isEmpty()) {
      consumer.resume(consumer.paused());
    }
  }

  private void writeFailed(Exception e) {
    writeFailure.compareAndSet(null, e);
  }

  private void throwIfAWriteFailed() throws Exception {
    Exception failure = writeFailure.get();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  /**
   * Live unless the poll loop died on an error. Ready while the loop polls (a poll returned within
   * {@code 4 × sink.poll-timeout + 30 s}) and the group gave this member its assignment (possibly empty when there
   * are more sink instances than partitions); whether the broker answers is the management server's probe.
   */
  @Override
  public HealthStatus health() {
    if (stopped.isCompletedExceptionally()) {
      return HealthStatus.of(false, false, "FAILED");
    }
    if (stopped.isDone() || closed.get()) {
      return HealthStatus.of(true, false, "STOPPED");
    }
    if (pollThread == null) {
      return HealthStatus.of(true, false, "CREATED");
    }
    boolean polling = System.nanoTime() - lastPollNanos < pollStallLimit.toNanos();
    if (!polling) {
      return HealthStatus.of(true, false, "NOT_POLLING");
    }
    return hasAssignment ? HealthStatus.of(true, true, "RUNNING") : HealthStatus.of(true, false, "WAITING_FOR_ASSIGNMENT");
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    awaitLoop(config.shutdownGrace().plusSeconds(10));
    producer.close(Duration.ofSeconds(5));
    consumerMetrics.close();
    producerMetrics.close();
  }

  /**
   * Stops at once as a crash would: nothing more is committed, deliveries in flight are abandoned, and a restart
   * delivers every alert not committed again. For tests of at-least-once delivery.
   */
  void halt() {
    halted.set(true);
    closed.set(true);
    deliveries.shutdownNow();
    consumer.wakeup();
    awaitLoop(Duration.ofSeconds(10));
    producer.close(Duration.ZERO);
    consumerMetrics.close();
    producerMetrics.close();
  }

  private void awaitLoop(Duration timeout) {
    try {
      if (pollThread != null) {
        loopEnded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
