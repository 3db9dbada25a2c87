package io.leadflow.sink;

import io.leadflow.platform.config.LayeredConfig;
import java.time.Duration;

/** Typed settings of the notification sink, parsed once at start-up. */
public record SinkConfig(String groupId, Duration pollTimeout) {

  public static SinkConfig from(LayeredConfig config) {
    return new SinkConfig(config.string("sink.group-id"), config.duration("sink.poll-timeout"));
  }
}
