package io.leadflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.DeliveryStatus;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.RepAlert;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertHandlerTest {

  private static final Instant NOW = Instant.parse("2026-01-05T09:00:02Z");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final List<String> delivered = new ArrayList<>();

  private final Notifier recording = notifier((alert, channel, key) -> delivered.add(channel.getType() + " " + key));
  private final Notifier failing = notifier((alert, channel, key) -> {
    throw new IllegalStateException("endpoint down");
  });

  /** The delivery half of {@link Notifier}, which is no longer a functional interface since it names its channel. */
  private interface Delivery {
    void deliver(RepAlert alert, NotificationChannel channel, String key) throws DeliveryException;
  }

  private static Notifier notifier(Delivery delivery) {
    return new Notifier() {
      @Override
      public ChannelType channel() {
        return ChannelType.CONSOLE; // the handler picks notifiers by its map key, not by this
      }

      @Override
      public void deliver(RepAlert alert, NotificationChannel channel, String key) throws DeliveryException {
        delivery.deliver(alert, channel, key);
      }
    };
  }

  private static RepAlert alert(ChannelType... channels) {
    return RepAlert.newBuilder()
        .setAlertId("assignment:lead-1@general#1")
        .setType(AlertType.ASSIGNMENT)
        .setRepId("rep-a")
        .setLeadId("lead-1")
        .setChannels(java.util.Arrays.stream(channels)
            .map(c -> NotificationChannel.newBuilder().setType(c).setAddress("addr").build()).toList())
        .setCreatedAt(Instant.parse("2026-01-05T09:00:00Z"))
        .build();
  }

  @Test
  void deliversToEveryChannelWithAStableIdempotencyKey() {
    AlertHandler handler = new AlertHandler(Map.of(ChannelType.CONSOLE, recording, ChannelType.SLACK, recording), clock);

    List<NotificationDelivery> first = handler.handle(alert(ChannelType.CONSOLE, ChannelType.SLACK));
    List<NotificationDelivery> again = handler.handle(alert(ChannelType.CONSOLE, ChannelType.SLACK));

    assertThat(delivered).containsExactly(
        "CONSOLE assignment:lead-1@general#1/CONSOLE", "SLACK assignment:lead-1@general#1/SLACK",
        "CONSOLE assignment:lead-1@general#1/CONSOLE", "SLACK assignment:lead-1@general#1/SLACK");
    assertThat(first).extracting(NotificationDelivery::getStatus).containsOnly(DeliveryStatus.DELIVERED);
    assertThat(first).extracting(NotificationDelivery::getIdempotencyKey)
        .isEqualTo(again.stream().map(NotificationDelivery::getIdempotencyKey).toList());
    assertThat(first.get(0).getAttemptedAt()).isEqualTo(NOW);
  }

  @Test
  void aFailingChannelDoesNotStopTheOthers() {
    AlertHandler handler = new AlertHandler(Map.of(ChannelType.WEBHOOK, failing, ChannelType.CONSOLE, recording), clock);

    List<NotificationDelivery> result = handler.handle(alert(ChannelType.WEBHOOK, ChannelType.CONSOLE));

    assertThat(result).extracting(NotificationDelivery::getChannel, NotificationDelivery::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple(ChannelType.WEBHOOK, DeliveryStatus.FAILED),
        org.assertj.core.groups.Tuple.tuple(ChannelType.CONSOLE, DeliveryStatus.DELIVERED));
    assertThat(result.get(0).getError()).isEqualTo("IllegalStateException: endpoint down");
  }

  @Test
  void reportsChannelsThatAreNotEnabled() {
    AlertHandler handler = new AlertHandler(Map.of(ChannelType.CONSOLE, recording), clock);

    NotificationDelivery sms = handler.handle(alert(ChannelType.SMS)).get(0);

    assertThat(sms.getStatus()).isEqualTo(DeliveryStatus.FAILED);
    assertThat(sms.getError()).isEqualTo("channel SMS is not enabled");
    assertThat(delivered).isEmpty();
  }
}
