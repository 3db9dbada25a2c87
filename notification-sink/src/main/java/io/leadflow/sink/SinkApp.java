package io.leadflow.sink;

import io.leadflow.avro.ChannelType;
import io.leadflow.platform.config.LayeredConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;

/** Config → channels → run. */
public final class SinkApp {

  private SinkApp() {}

  public static NotificationSink service(LayeredConfig config) {
    return service(config, new SimpleMeterRegistry());
  }

  public static NotificationSink service(LayeredConfig config, MeterRegistry meters) {
    Map<ChannelType, Notifier> channels = Map.of(ChannelType.CONSOLE, new ConsoleNotifier());
    return new NotificationSink(config, channels, meters, Clock.systemUTC());
  }
}
