package io.leadflow.sink.channels;

import io.leadflow.avro.ChannelType;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.sink.DeliveryException;
import io.leadflow.sink.Notifier;
import io.leadflow.sink.Secret;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * POSTs {@link HttpPayloads#webhookJson} to the rep's CRM or webhook URL (the channel's address), signed as a
 * Standard Webhook. {@code webhook-id} and {@code Idempotency-Key} are the alert's idempotency key, the same on every
 * attempt, so receivers drop duplicates; {@code webhook-timestamp} is the time of the attempt, so a retry is signed
 * afresh and passes the receiver's replay check.
 *
 * <p>Construction fails without a valid {@code sink.webhook.secret}: a sink that serves WEBHOOK channels refuses to
 * start rather than send unsigned requests, while a sink that builds no WebhookNotifier needs no secret.
 */
public final class WebhookNotifier implements Notifier {

  private final HttpPayloads payloads;
  private final Secret secret;
  private final HttpDelivery http;
  private final Clock clock;

  public WebhookNotifier(HttpPayloads payloads, WebhookSettings settings, HttpDelivery http) {
    this(payloads, settings, http, Clock.systemUTC());
  }

  /** @param clock the source of {@code webhook-timestamp} */
  public WebhookNotifier(HttpPayloads payloads, WebhookSettings settings, HttpDelivery http, Clock clock) {
    if (settings.secret().isEmpty()) {
      throw new ConfigException(WebhookSettings.SECRET_KEY + " is empty: set LEADFLOW_SINK_WEBHOOK_SECRET to a "
          + WebhookSignature.SECRET_PREFIX + "<base64> signing secret to send WEBHOOK alerts");
    }
    try {
      WebhookSignature.key(settings.secret());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(WebhookSettings.SECRET_KEY + ": " + e.getMessage());
    }
    this.payloads = payloads;
    this.secret = settings.secret();
    this.http = http;
    this.clock = clock;
  }

  @Override
  public ChannelType channel() {
    return ChannelType.WEBHOOK;
  }

  @Override
  public void deliver(RepAlert alert, NotificationChannel channel, String idempotencyKey) throws DeliveryException {
    // The address may carry a token: it is never quoted.
    URI url = HttpDelivery.httpUrl(channel.getAddress()).orElseThrow(() -> DeliveryException.permanent(
        "webhook address of rep " + alert.getRepId() + " is not an absolute http(s) URL", null, null));
    String body = payloads.webhookJson(alert);
    long timestamp = clock.instant().getEpochSecond();
    http.post("webhook", url, body, Map.of(
        "content-type", "application/json",
        "webhook-id", idempotencyKey,
        "webhook-timestamp", Long.toString(timestamp),
        "webhook-signature", WebhookSignature.sign(secret, idempotencyKey, timestamp, body),
        "Idempotency-Key", idempotencyKey));
  }
}
