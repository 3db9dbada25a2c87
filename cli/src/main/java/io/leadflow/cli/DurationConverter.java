package io.leadflow.cli;

import io.leadflow.platform.config.LayeredConfig;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Accepts the same durations as config files: 30s, 2m, 1h, 250ms or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return LayeredConfig.defaults().with("option", value).duration("option");
  }
}
