package io.leadflow.sink;

import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;

/** Delivers one alert over one channel. Implementations talk to the outside world; the sink handles the rest. */
public interface Notifier {

  /**
   * @param idempotencyKey the same on every attempt for this (alert, channel), so receivers can drop duplicates
   * @throws Exception when the delivery did not happen
   */
  void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws Exception;
}
