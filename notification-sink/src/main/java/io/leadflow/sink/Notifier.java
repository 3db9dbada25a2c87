package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;

/**
 * Delivers one alert over one channel. Implementations talk to the outside world and say how an attempt failed;
 * the sink decides about retries, the DLQ, rate limits and offsets. An implementation may be called from several
 * threads at once.
 */
public interface Notifier {

  ChannelType channel();

  /**
   * @param idempotencyKey the same on every attempt for this (alert, channel), so receivers can drop duplicates;
   *     sent with every attempt where the channel can carry it
   * @throws DeliveryException when the delivery did not happen, saying whether a retry can help
   */
  void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws DeliveryException;
}
