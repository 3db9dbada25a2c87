package io.leadflow.sink.channels;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.Secret;

/**
 * Settings of the WEBHOOK channel. An empty secret is allowed here so that a sink that sends no webhooks needs
 * none; {@link WebhookNotifier} refuses to be built without a valid one, so the sink fails at start-up, not on the
 * first webhook.
 *
 * @param secret the Standard Webhooks signing secret ({@code sink.webhook.secret}, env
 *     {@code LEADFLOW_SINK_WEBHOOK_SECRET}); prints as {@code ***}
 */
public record WebhookSettings(Secret secret) {

  public static final String SECRET_KEY = "sink.webhook.secret";

  public WebhookSettings {
    secret = secret == null ? Secret.of("") : secret;
  }

  public static WebhookSettings from(LayeredConfig config) {
    return new WebhookSettings(Secret.of(config.find(SECRET_KEY).map(String::strip).orElse("")));
  }
}
