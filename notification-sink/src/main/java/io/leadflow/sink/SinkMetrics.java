package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.platform.observability.DlqMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per channel: {@code leadflow.sink.deliveries} by result (delivered, retry_scheduled, failed),
 * {@code leadflow.sink.retries.waiting} (read from the retry topic, not yet handled) and
 * {@code leadflow.sink.delivery.latency} from the alert's creation to its delivery, with p50/p95/p99.
 */
final class SinkMetrics {

  private final Map<ChannelType, Counter> delivered = new EnumMap<>(ChannelType.class);
  private final Map<ChannelType, Counter> retries = new EnumMap<>(ChannelType.class);
  private final Map<ChannelType, Counter> failed = new EnumMap<>(ChannelType.class);
  private final Map<ChannelType, AtomicInteger> waiting = new EnumMap<>(ChannelType.class);
  private final Map<ChannelType, Timer> latency = new EnumMap<>(ChannelType.class);

  private final DlqMeters dlq;

  SinkMetrics(MeterRegistry registry) {
    this.dlq = new DlqMeters(registry, NotificationSink.NAME);
    for (ChannelType type : ChannelType.values()) {
      String channel = type.name().toLowerCase(Locale.ROOT);
      delivered.put(type, deliveries(registry, channel, "delivered"));
      retries.put(type, deliveries(registry, channel, "retry_scheduled"));
      failed.put(type, deliveries(registry, channel, "failed"));
      AtomicInteger gauge = new AtomicInteger();
      waiting.put(type, gauge);
      Gauge.builder("leadflow.sink.retries.waiting", gauge, AtomicInteger::get).tag("channel", channel)
          .description("Deliveries read from notification-retries and not yet handled").register(registry);
      latency.put(type, Timer.builder("leadflow.sink.delivery.latency").tag("channel", channel)
          .description("From the alert's creation to its delivery").publishPercentiles(0.5, 0.95, 0.99)
          .register(registry));
    }
  }

  private static Counter deliveries(MeterRegistry registry, String channel, String result) {
    return Counter.builder("leadflow.sink.deliveries").tag("channel", channel).tag("result", result)
        .description("Delivery attempts by result").register(registry);
  }

  void delivered(ChannelType channel, Duration sinceAlert) {
    delivered.get(channel).increment();
    latency.get(channel).record(sinceAlert.isNegative() ? Duration.ZERO : sinceAlert);
  }

  void retryScheduled(ChannelType channel) {
    retries.get(channel).increment();
  }

  void failed(ChannelType channel) {
    failed.get(channel).increment();
  }

  /** @param reason a fixed category (undecodable, permanent, retries_exhausted, retry_after_too_long) */
  void deadLettered(String reason) {
    dlq.record(reason);
  }

  void retryWaiting(ChannelType channel, int change) {
    waiting.get(channel).addAndGet(change);
  }
}
