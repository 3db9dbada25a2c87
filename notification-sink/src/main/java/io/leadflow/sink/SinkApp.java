package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.platform.config.LayeredConfig;
import java.time.Clock;
import java.util.Map;

/** Config → channels → run. */
public final class SinkApp {

  private SinkApp() {}

  public static NotificationSink service(LayeredConfig config) {
    Map<ChannelType, Notifier> channels = Map.of(ChannelType.CONSOLE, new ConsoleNotifier());
    return new NotificationSink(config, new AlertHandler(channels, Clock.systemUTC()));
  }
}
