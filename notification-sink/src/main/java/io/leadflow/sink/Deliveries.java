package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.DeliveryStatus;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.NotificationRetry;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.observability.EventLog;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each delivery (one alert over one channel) on its channel's workers and decides what happens after an
 * attempt: delivered; retry later through the delay queue {@code notification-retries}; or, when the failure is
 * permanent or the schedule is used up, the DLQ. Every attempt and its result goes to
 * {@code notification-deliveries}. A delivery counts as handled for {@link OffsetTracker} only when the broker has
 * acknowledged what it wrote.
 *
 * <p>Nothing here blocks a thread to wait: a retry that is not due yet, or a delivery over its channel's rate limit,
 * is put on a timer and handed to the channel's workers when its time comes. So a failing or slow channel holds up
 * neither other channels nor other alerts.
 */
final class Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final SinkConfig config;
  private final Map<ChannelType, Notifier> notifiers;
  private final KafkaProducer<byte[], byte[]> producer;
  private final OffsetTracker offsets;
  private final Clock clock;
  private final Consumer<Exception> onWriteFailure;
  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named("notification-sink-timer"));
  private final Map<ChannelType, ExecutorService> workers = new EnumMap<>(ChannelType.class);
  private final Map<ChannelType, TokenBucket> rateLimits = new EnumMap<>(ChannelType.class);
  private final SinkMetrics metrics;
  /** Deliveries handed to workers (or waiting for their rate limit) whose writes are not acknowledged yet. */
  private final AtomicInteger running = new AtomicInteger();

  Deliveries(SinkConfig config, Map<ChannelType, Notifier> notifiers, KafkaProducer<byte[], byte[]> producer,
      OffsetTracker offsets, MeterRegistry meters, Clock clock, Consumer<Exception> onWriteFailure) {
    this.config = config;
    this.notifiers = Map.copyOf(notifiers);
    this.producer = producer;
    this.offsets = offsets;
    this.clock = clock;
    this.onWriteFailure = onWriteFailure;
    this.metrics = new SinkMetrics(meters);
    for (ChannelType channel : ChannelType.values()) {
      workers.put(channel, Executors.newFixedThreadPool(config.workersPerChannel(),
          named("notification-sink-" + channel.name().toLowerCase(Locale.ROOT))));
      Double rate = config.ratePerSecond().get(channel);
      if (rate != null) {
        rateLimits.put(channel, new TokenBucket(rate, (int) Math.max(1, Math.ceil(rate)), clock.millis()));
      }
    }
  }

  /** One delivery of one alert over one channel, and where it was read from. */
  private record Task(RepAlert alert, NotificationChannel channel, int attempt, TopicPartition source, long offset,
      boolean fromRetryTopic) {

    String idempotencyKey() {
      return AlertKeys.idempotencyKey(alert, channel);
    }
  }

  void fanOut(RepAlert alert, TopicPartition source, long offset) {
    for (NotificationChannel channel : alert.getChannels()) {
      submit(new Task(alert, channel, 1, source, offset, false), 0);
    }
  }

  void retry(NotificationRetry retry, TopicPartition source, long offset) {
    metrics.retryWaiting(retry.getChannel().getType(), +1);
    long wait = Math.max(0, retry.getNotBefore().toEpochMilli() - clock.millis());
    submit(new Task(retry.getAlert(), retry.getChannel(), retry.getAttempt(), source, offset, true), wait);
  }

  /** A record that is not an alert: to the DLQ with the reason, original bytes untouched. */
  void undecodable(ConsumerRecord<byte[], byte[]> record, String reason, TopicPartition source) {
    metrics.deadLettered("undecodable");
    LOG.warn("record at {}-{}@{} sent to {}: {}", record.topic(), record.partition(), record.offset(),
        Topics.NOTIFICATION_DLQ.name(), reason);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.NOTIFICATION_DLQ.name(), record.key(), record.value());
    dead.headers().add(NotificationSink.REASON_HEADER, utf8(reason));
    dead.headers().add(NotificationSink.SOURCE_HEADER, utf8(record.topic() + "-" + record.partition() + "@" + record.offset()));
    AtomicInteger acks = new AtomicInteger(1);
    producer.send(dead, (metadata, e) -> acknowledged(e, acks, source, record.offset()));
  }

  private void submit(Task task, long delayMillis) {
    try {
      if (delayMillis > 0) {
        timer.schedule(() -> submit(task, 0), delayMillis, TimeUnit.MILLISECONDS);
        return;
      }
      running.incrementAndGet();
      TokenBucket limit = rateLimits.get(task.channel().getType());
      long wait = limit == null ? 0 : limit.reserve(clock.millis());
      if (wait > 0) {
        timer.schedule(() -> workers.get(task.channel().getType()).execute(() -> attempt(task)), wait, TimeUnit.MILLISECONDS);
        return;
      }
      workers.get(task.channel().getType()).execute(() -> attempt(task));
    } catch (RejectedExecutionException e) {
      // Shutting down: left unhandled, so its offset is not committed and a restart delivers it.
    }
  }

  private void attempt(Task task) {
    ChannelType type = task.channel().getType();
    Instant attemptedAt = clock.instant();
    DeliveryException failure = null;
    try {
      Notifier notifier = notifiers.get(type);
      if (notifier == null) {
        throw DeliveryException.permanent("channel " + type + " is not enabled in this sink", null, null);
      }
      notifier.deliver(task.alert(), task.channel(), task.idempotencyKey());
    } catch (DeliveryException e) {
      failure = e;
    } catch (RuntimeException e) {
      // A bug in a channel is not the alert's fault: retry it like an outage rather than drop it. The class name
      // only: an unexpected message might quote a URL or a credential.
      failure = DeliveryException.retryable("unexpected " + e.getClass().getSimpleName() + " in the channel", null, null, e);
      LOG.error("channel {} failed unexpectedly on {}: {}", type, task.idempotencyKey(), e.getClass().getName());
    }
    // Recording the outcome is outside the delivery's try: a failure to write it must not pass for a failed
    // delivery (that would send it again), and must stop the sink rather than leave the task open.
    try {
      if (failure == null) {
        metrics.delivered(type, Duration.between(task.alert().getCreatedAt(), clock.instant()));
        if (EventLog.LOG.isInfoEnabled()) {
          EventLog.LOG.atInfo().addKeyValue("event", "delivery").addKeyValue("leadId", task.alert().getLeadId())
              .addKeyValue("repId", task.alert().getRepId()).addKeyValue("channel", type.name())
              .addKeyValue("attempt", task.attempt()).log("alert {} delivered by {}", task.idempotencyKey(), type);
        }
        finish(task, record(task, DeliveryStatus.DELIVERED, null, null, attemptedAt), null, null);
      } else {
        failed(task, failure, attemptedAt);
      }
    } catch (RuntimeException e) {
      onWriteFailure.accept(e);
    }
  }

  private void failed(Task task, DeliveryException failure, Instant attemptedAt) {
    ChannelType type = task.channel().getType();
    Integer status = failure.statusCode().orElse(null);
    Optional<Duration> delay = failure.retryable()
        ? config.retryPolicy().delayBefore(task.attempt() + 1, failure.retryAfter(), ThreadLocalRandom.current()::nextDouble)
        : Optional.empty();
    if (delay.isPresent()) {
      metrics.retryScheduled(type);
      NotificationRetry retry = NotificationRetry.newBuilder()
          .setAlert(task.alert())
          .setChannel(task.channel())
          .setAttempt(task.attempt() + 1)
          .setNotBefore(clock.instant().plus(delay.get()))
          .setLastError(failure.getMessage())
          .build();
      ProducerRecord<byte[], byte[]> next = new ProducerRecord<>(Topics.NOTIFICATION_RETRIES.name(),
          utf8(task.idempotencyKey()),
          Topics.NOTIFICATION_RETRIES.valueSerde().serializer().serialize(Topics.NOTIFICATION_RETRIES.name(), retry));
      finish(task, record(task, DeliveryStatus.RETRY_SCHEDULED, status, failure.getMessage(), attemptedAt), next, null);
      return;
    }
    metrics.failed(type);
    boolean waitTooLong = failure.retryable() && failure.retryAfter()
        .filter(wait -> wait.compareTo(config.retryPolicy().maxRetryAfter()) > 0).isPresent();
    String reason = waitTooLong
        ? "peer asked to wait " + failure.retryAfter().get() + ", longer than sink.retry.max-retry-after: "
            + failure.getMessage()
        : failure.retryable()
        ? "gave up after " + task.attempt() + " attempts: " + failure.getMessage()
        : "permanent failure: " + failure.getMessage();
    metrics.deadLettered(waitTooLong ? "retry_after_too_long" : failure.retryable() ? "retries_exhausted" : "permanent");
    LOG.atWarn().addKeyValue("leadId", task.alert().getLeadId()).addKeyValue("repId", task.alert().getRepId())
        .addKeyValue("channel", type.name())
        .log("delivery {} sent to {}: {}", task.idempotencyKey(), Topics.NOTIFICATION_DLQ.name(), reason);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.NOTIFICATION_DLQ.name(), utf8(task.idempotencyKey()),
        Topics.REP_ALERTS.valueSerde().serializer().serialize(Topics.REP_ALERTS.name(), task.alert()));
    dead.headers().add(NotificationSink.REASON_HEADER, utf8(reason));
    dead.headers().add(NotificationSink.SOURCE_HEADER, utf8(task.source().topic() + "-" + task.source().partition()
        + "@" + task.offset()));
    dead.headers().add("leadflow.channel", utf8(type.name()));
    dead.headers().add("leadflow.attempts", utf8(Integer.toString(task.attempt())));
    dead.headers().add("leadflow.idempotency-key", utf8(task.idempotencyKey()));
    if (status != null) {
      dead.headers().add("leadflow.status-code", utf8(status.toString()));
    }
    finish(task, record(task, DeliveryStatus.FAILED, status, failure.getMessage(), attemptedAt), null, dead);
  }

  /** Writes the attempt's records; the task is handled once the broker has acknowledged all of them. */
  private void finish(Task task, NotificationDelivery delivery, ProducerRecord<byte[], byte[]> retry,
      ProducerRecord<byte[], byte[]> dead) {
    AtomicInteger acks = new AtomicInteger(1 + (retry == null ? 0 : 1) + (dead == null ? 0 : 1));
    producer.send(new ProducerRecord<>(Topics.NOTIFICATION_DELIVERIES.name(), utf8(delivery.getAlertId()),
            Topics.NOTIFICATION_DELIVERIES.valueSerde().serializer().serialize(Topics.NOTIFICATION_DELIVERIES.name(), delivery)),
        (metadata, e) -> acknowledged(e, acks, task));
    if (retry != null) {
      producer.send(retry, (metadata, e) -> acknowledged(e, acks, task));
    }
    if (dead != null) {
      producer.send(dead, (metadata, e) -> acknowledged(e, acks, task));
    }
  }

  private void acknowledged(Exception e, AtomicInteger acks, Task task) {
    if (acknowledged(e, acks, task.source(), task.offset())) {
      running.decrementAndGet();
      if (task.fromRetryTopic()) {
        metrics.retryWaiting(task.channel().getType(), -1);
      }
    }
  }

  private boolean acknowledged(Exception e, AtomicInteger acks, TopicPartition source, long offset) {
    if (e != null) {
      onWriteFailure.accept(e);
      return false;
    }
    if (acks.decrementAndGet() == 0) {
      offsets.taskDone(source, offset);
      return true;
    }
    return false;
  }

  private static NotificationDelivery record(Task task, DeliveryStatus status, Integer statusCode, String error,
      Instant attemptedAt) {
    return NotificationDelivery.newBuilder()
        .setAlertId(task.alert().getAlertId())
        .setIdempotencyKey(task.idempotencyKey())
        .setChannel(task.channel().getType())
        .setRepId(task.alert().getRepId())
        .setAttempt(task.attempt())
        .setStatus(status)
        .setStatusCode(statusCode)
        .setError(error)
        .setAlertCreatedAt(task.alert().getCreatedAt())
        .setAttemptedAt(attemptedAt)
        .build();
  }

  /**
   * Lets deliveries already running finish, up to {@code grace}; retries not due yet stay in the retry topic
   * (uncommitted) for a restart.
   */
  void drain(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && running.get() > 0) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    producer.flush();
  }

  void shutdownNow() {
    timer.shutdownNow();
    workers.values().forEach(ExecutorService::shutdownNow);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
