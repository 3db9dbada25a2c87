package io.leadflow.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.DeliveryStatus;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink's delivery semantics on a real broker, with channels whose behaviour the test controls: outages and
 * recovery through the retry topic, permanent failures to the DLQ without holding back the other channels, and a
 * crash mid-stream. The real channels against real peers are in {@code SinkChannelsIT}.
 */
class SinkDeliveryIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Records what arrived; fails while {@code down} (retryable) or always for addresses starting with "bad". */
  static final class ControlledNotifier implements Notifier {
    final ChannelType type;
    final AtomicBoolean down = new AtomicBoolean();
    final List<String> deliveredKeys = new CopyOnWriteArrayList<>();

    ControlledNotifier(ChannelType type) {
      this.type = type;
    }

    @Override
    public ChannelType channel() {
      return type;
    }

    @Override
    public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws DeliveryException {
      if (channel.getAddress().startsWith("bad")) {
        throw DeliveryException.permanent("404 from peer: no such hook", 404, null);
      }
      if (down.get()) {
        throw DeliveryException.retryable("503 from peer: down", 503, null, null);
      }
      deliveredKeys.add(idempotencyKey);
    }

    /** Other tests' alerts and retries share the topics (each test reads them in its own group): filter by prefix. */
    Set<String> distinctKeys(String alertPrefix) {
      return deliveredKeys.stream().filter(k -> k.startsWith(alertPrefix)).collect(Collectors.toSet());
    }

    List<String> keys(String alertPrefix) {
      return deliveredKeys.stream().filter(k -> k.startsWith(alertPrefix)).toList();
    }
  }

  @BeforeAll
  static void topics() {
    KAFKA.createTopics(List.of(Topics.REP_ALERTS, Topics.NOTIFICATION_RETRIES, Topics.NOTIFICATION_DELIVERIES,
        Topics.NOTIFICATION_DLQ).stream().map(t -> t.newTopic(2, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
  }

  private static LayeredConfig config(String group) {
    return config(group, "300ms, 600ms, 1s, 1s, 1s, 1s, 1s, 1s");
  }

  private static LayeredConfig config(String group, String backoff) {
    return LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("sink.group-id", group)
        .with("sink.retry.backoff", backoff)
        .with("sink.rate-limit.webhook", "1000")
        .with("sink.shutdown-grace", "2s");
  }

  private static RepAlert alert(String id, NotificationChannel... channels) {
    return RepAlert.newBuilder().setAlertId(id).setType(AlertType.ASSIGNMENT).setRepId("rep-a").setLeadId("lead-" + id)
        .setChannels(List.of(channels)).setCreatedAt(Instant.now()).build();
  }

  private static NotificationChannel channel(ChannelType type, String address) {
    return NotificationChannel.newBuilder().setType(type).setAddress(address).build();
  }

  private static void publish(List<RepAlert> alerts) {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      for (RepAlert alert : alerts) {
        send(producer, Topics.REP_ALERTS, alert.getRepId(), alert);
      }
      producer.flush();
    }
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  private static List<NotificationDelivery> deliveriesOf(String alertPrefix, int atLeast) {
    return KAFKA.readAll(Topics.NOTIFICATION_DELIVERIES.name(), new StringDeserializer(),
            Topics.NOTIFICATION_DELIVERIES.valueSerde().deserializer(), atLeast, TIMEOUT)
        .stream().map(ConsumerRecord::value).filter(d -> d.getAlertId().startsWith(alertPrefix)).toList();
  }

  @Test
  void anEndpointThatIsDownForAStretchGetsEveryAlertAfterItRecovers() throws Exception {
    ControlledNotifier webhook = new ControlledNotifier(ChannelType.WEBHOOK);
    ControlledNotifier email = new ControlledNotifier(ChannelType.EMAIL);
    webhook.down.set(true);
    List<RepAlert> alerts = java.util.stream.IntStream.range(0, 30)
        .mapToObj(i -> alert("outage-" + i, channel(ChannelType.WEBHOOK, "https://crm.local/hook"),
            channel(ChannelType.EMAIL, "rep@leadflow.de")))
        .toList();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    try (NotificationSink sink = new NotificationSink(config("sink-outage"),
        Map.of(ChannelType.WEBHOOK, webhook, ChannelType.EMAIL, email), meters, Clock.systemUTC())) {
      sink.start(TIMEOUT);
      publish(alerts);

      // Email is not held back by the webhook outage.
      await().atMost(TIMEOUT).until(() -> email.distinctKeys("outage-").size() == 30);
      assertThat(webhook.keys("outage-")).isEmpty();
      Thread.sleep(1500); // a few retries fail meanwhile
      webhook.down.set(false);

      await().atMost(TIMEOUT).until(() -> webhook.distinctKeys("outage-").size() == 30);
      // Every retry read back from the retry topic is handled in the end (a rebalance under load can read some twice).
      await().atMost(TIMEOUT).until(
          () -> meters.get("leadflow.sink.retries.waiting").tags("channel", "webhook").gauge().value() == 0);
    }
    // Metrics per channel: every webhook delivered once in the end, after retries; latency recorded per delivery.
    assertThat(meters.get("leadflow.sink.deliveries").tags("channel", "webhook", "result", "delivered").counter().count())
        .isGreaterThanOrEqualTo(30);
    assertThat(meters.get("leadflow.sink.deliveries").tags("channel", "webhook", "result", "retry_scheduled").counter()
        .count()).isGreaterThanOrEqualTo(30);
    assertThat(meters.get("leadflow.sink.deliveries").tags("channel", "email", "result", "retry_scheduled").counter()
        .count()).isZero();
    assertThat(meters.get("leadflow.sink.delivery.latency").tags("channel", "email").timer().count()).isGreaterThanOrEqualTo(30);
    Set<String> expected = alerts.stream().map(a -> a.getAlertId() + "/WEBHOOK").collect(Collectors.toSet());
    assertThat(webhook.distinctKeys("outage-")).isEqualTo(expected);
    List<NotificationDelivery> records = deliveriesOf("outage-", 60);
    Map<String, List<DeliveryStatus>> byKey = records.stream().filter(d -> d.getChannel() == ChannelType.WEBHOOK)
        .collect(Collectors.groupingBy(NotificationDelivery::getIdempotencyKey,
            Collectors.mapping(NotificationDelivery::getStatus, Collectors.toList())));
    assertThat(byKey).hasSize(30);
    assertThat(byKey.values()).allSatisfy(statuses -> {
      assertThat(statuses).contains(DeliveryStatus.RETRY_SCHEDULED, DeliveryStatus.DELIVERED);
      assertThat(statuses.get(statuses.size() - 1)).isEqualTo(DeliveryStatus.DELIVERED);
    });
  }

  @Test
  void aPermanentFailureGoesToTheDlqWithoutHoldingBackTheOtherChannel() {
    ControlledNotifier webhook = new ControlledNotifier(ChannelType.WEBHOOK);
    ControlledNotifier email = new ControlledNotifier(ChannelType.EMAIL);
    RepAlert alert = alert("permanent-1", channel(ChannelType.WEBHOOK, "bad-hook"), channel(ChannelType.EMAIL, "rep@leadflow.de"));
    try (NotificationSink sink = new NotificationSink(config("sink-permanent"),
        Map.of(ChannelType.WEBHOOK, webhook, ChannelType.EMAIL, email), new SimpleMeterRegistry(), Clock.systemUTC())) {
      sink.start(TIMEOUT);
      publish(List.of(alert));
      await().atMost(TIMEOUT).until(() -> email.deliveredKeys.contains("permanent-1/EMAIL"));
      ConsumerRecord<byte[], byte[]> dead = KAFKA.readAll(Topics.NOTIFICATION_DLQ.name(), new ByteArrayDeserializer(),
              new ByteArrayDeserializer(), 1, TIMEOUT).stream()
          .filter(r -> "permanent-1/WEBHOOK".equals(new String(r.key()))).findFirst().orElseThrow();
      assertThat(TopologyTests.header(dead.headers(), NotificationSink.REASON_HEADER)).startsWith("permanent failure: 404");
      assertThat(TopologyTests.header(dead.headers(), "leadflow.channel")).isEqualTo("WEBHOOK");
      assertThat(TopologyTests.header(dead.headers(), "leadflow.status-code")).isEqualTo("404");
      assertThat(TopologyTests.header(dead.headers(), "leadflow.attempts")).isEqualTo("1");
      RepAlert kept = Topics.REP_ALERTS.valueSerde().deserializer().deserialize("t", dead.value());
      assertThat(kept).isEqualTo(alert);
    }
    assertThat(webhook.keys("permanent-")).isEmpty();
  }

  @Test
  void aCrashMidStreamLosesNothing() {
    ControlledNotifier webhook = new ControlledNotifier(ChannelType.WEBHOOK);
    webhook.down.set(true); // deliveries pile up in the retry topic when the sink crashes
    List<RepAlert> alerts = java.util.stream.IntStream.range(0, 50)
        .mapToObj(i -> alert("crash-" + i, channel(ChannelType.WEBHOOK, "https://crm.local/hook"))).toList();
    Map<ChannelType, Notifier> channels = Map.of(ChannelType.WEBHOOK, webhook);
    // Retries must outlast the outage before the crash: on a busy machine the first sink ran past the 8 s the short
    // backoff allows, and the deliveries rightly went to the DLQ instead of surviving the crash.
    LayeredConfig config = config("sink-crash", "300ms, 600ms, 1s, 2s, 4s, 8s, 8s, 8s, 8s, 8s");
    NotificationSink first = new NotificationSink(config, channels, new SimpleMeterRegistry(), Clock.systemUTC());
    first.start(TIMEOUT);
    publish(alerts.subList(0, 25));
    deliveriesOf("crash-", 10);
    first.halt();

    publish(alerts.subList(25, 50));
    webhook.down.set(false);
    try (NotificationSink second = new NotificationSink(config, channels, new SimpleMeterRegistry(), Clock.systemUTC())) {
      second.start(TIMEOUT);
      await().atMost(TIMEOUT).until(() -> webhook.distinctKeys("crash-").size() == 50);
    }
    Map<String, Long> perKey = webhook.keys("crash-").stream()
        .collect(Collectors.groupingBy(k -> k, ConcurrentHashMap::new, Collectors.counting()));
    assertThat(perKey).hasSize(50);
  }
}
