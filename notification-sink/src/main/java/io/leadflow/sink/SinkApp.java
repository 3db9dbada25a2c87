package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.sink.channels.EmailNotifier;
import io.leadflow.sink.channels.EmailSettings;
import io.leadflow.sink.channels.HttpDelivery;
import io.leadflow.sink.channels.HttpPayloads;
import io.leadflow.sink.channels.HttpSettings;
import io.leadflow.sink.channels.MessageTemplates;
import io.leadflow.sink.channels.SlackNotifier;
import io.leadflow.sink.channels.SlackSettings;
import io.leadflow.sink.channels.SmsNotifier;
import io.leadflow.sink.channels.SmsSettings;
import io.leadflow.sink.channels.WebhookNotifier;
import io.leadflow.sink.channels.WebhookSettings;
import io.leadflow.avro.RepAlert;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** Config → channels → run. Only the channels in {@code sink.channels} are built; each checks its settings. */
public final class SinkApp {

  private SinkApp() {}

  public static NotificationSink service(LayeredConfig config) {
    return service(config, new SimpleMeterRegistry());
  }

  public static NotificationSink service(LayeredConfig config, MeterRegistry meters) {
    return new NotificationSink(config, channels(config), meters, Clock.systemUTC());
  }

  /** Fails fast, naming the setting, when an enabled channel lacks what it needs (a secret, a URL). */
  static Map<ChannelType, Notifier> channels(LayeredConfig config) {
    Map<ChannelType, Notifier> channels = new EnumMap<>(ChannelType.class);
    HttpDelivery http = new HttpDelivery(HttpSettings.from(config));
    HttpPayloads payloads = new TemplatePayloads();
    for (String name : config.list("sink.channels")) {
      ChannelType type;
      try {
        type = ChannelType.valueOf(name.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(config.origin("sink.channels") + ": field 'sink.channels': unknown channel '" + name
            + "'; use console, email, sms, slack or webhook");
      }
      channels.put(type, switch (type) {
        case CONSOLE -> new ConsoleNotifier();
        case EMAIL -> new EmailNotifier(EmailSettings.from(config));
        case SMS -> new SmsNotifier(payloads, SmsSettings.from(config), http);
        case SLACK -> new SlackNotifier(payloads, SlackSettings.from(config), http);
        case WEBHOOK -> new WebhookNotifier(payloads, WebhookSettings.from(config), http);
      });
    }
    return channels;
  }

  /** The HTTP channels' texts come from the message templates. */
  private static final class TemplatePayloads implements HttpPayloads {
    @Override
    public String slackText(RepAlert alert) {
      return MessageTemplates.slackText(alert);
    }

    @Override
    public String slackBlocks(RepAlert alert) {
      return MessageTemplates.slackBlocks(alert);
    }

    @Override
    public String sms(RepAlert alert) {
      return MessageTemplates.sms(alert);
    }

    @Override
    public String webhookJson(RepAlert alert) {
      return MessageTemplates.webhookJson(alert);
    }
  }
}
