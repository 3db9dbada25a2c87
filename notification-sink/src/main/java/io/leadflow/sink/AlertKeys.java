package io.leadflow.sink;

import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;

/** Identifies one delivery: the same on every attempt, so receivers can drop duplicates. */
public final class AlertKeys {

  private AlertKeys() {}

  /** {@code <alertId>/<CHANNEL>}, e.g. {@code assignment:lead-42@rep-anna/WEBHOOK}. */
  public static String idempotencyKey(RepAlert alert, NotificationChannel channel) {
    return alert.getAlertId() + "/" + channel.getType();
  }
}
