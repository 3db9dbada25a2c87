package io.leadflow.sink.channels;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.Secret;
import java.net.URI;

/**
 * Settings of the SLACK channel. The incoming-webhook URL is the credential (anyone holding it can post to the
 * channel), so it is a {@link Secret} and never printed; an empty one is allowed unless Slack is used, see
 * {@link SlackNotifier}.
 *
 * @param webhookUrl {@code sink.slack.webhook-url}, env {@code LEADFLOW_SINK_SLACK_WEBHOOK__URL}
 */
public record SlackSettings(Secret webhookUrl) {

  public static final String WEBHOOK_URL_KEY = "sink.slack.webhook-url";

  public SlackSettings {
    webhookUrl = webhookUrl == null ? Secret.of("") : webhookUrl;
  }

  public static SlackSettings from(LayeredConfig config) {
    Secret url = Secret.of(config.find(WEBHOOK_URL_KEY).map(String::strip).orElse(""));
    if (!url.isEmpty() && HttpDelivery.httpUrl(url.reveal()).isEmpty()) {
      // The value itself is a credential: name only where it came from.
      throw new ConfigException(config.origin(WEBHOOK_URL_KEY) + ": field '" + WEBHOOK_URL_KEY
          + "': expected an absolute http(s) URL");
    }
    return new SlackSettings(url);
  }

  URI uri() {
    return HttpDelivery.httpUrl(webhookUrl.reveal()).orElseThrow(() -> new ConfigException(
        WEBHOOK_URL_KEY + " is empty or not an http(s) URL: set LEADFLOW_SINK_SLACK_WEBHOOK__URL to the Slack"
            + " incoming-webhook URL to send Slack alerts"));
  }
}
