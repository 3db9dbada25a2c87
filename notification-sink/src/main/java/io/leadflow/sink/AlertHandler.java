package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.DeliveryStatus;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.RepAlert;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fans one alert out to its channels and reports one delivery record per attempt. No Kafka here. */
public final class AlertHandler {

  private final Map<ChannelType, Notifier> notifiers;
  private final Clock clock;

  public AlertHandler(Map<ChannelType, Notifier> notifiers, Clock clock) {
    this.notifiers = Map.copyOf(notifiers);
    this.clock = clock;
  }

  public static String idempotencyKey(RepAlert alert, NotificationChannel channel) {
    return alert.getAlertId() + "/" + channel.getType();
  }

  public List<NotificationDelivery> handle(RepAlert alert) {
    List<NotificationDelivery> deliveries = new ArrayList<>();
    for (NotificationChannel channel : alert.getChannels()) {
      deliveries.add(deliver(alert, channel));
    }
    return deliveries;
  }

  private NotificationDelivery deliver(RepAlert alert, NotificationChannel channel) {
    String key = idempotencyKey(alert, channel);
    NotificationDelivery.Builder delivery = NotificationDelivery.newBuilder()
        .setAlertId(alert.getAlertId())
        .setIdempotencyKey(key)
        .setChannel(channel.getType())
        .setRepId(alert.getRepId())
        .setAttempt(1)
        .setAlertCreatedAt(alert.getCreatedAt());
    Notifier notifier = notifiers.get(channel.getType());
    if (notifier == null) {
      return delivery.setStatus(DeliveryStatus.FAILED).setError("channel " + channel.getType() + " is not enabled")
          .setAttemptedAt(clock.instant()).build();
    }
    try {
      notifier.deliver(alert, channel, key);
      delivery.setStatus(DeliveryStatus.DELIVERED);
    } catch (Exception e) {
      delivery.setStatus(DeliveryStatus.FAILED).setError(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return delivery.setAttemptedAt(clock.instant()).build();
  }
}
