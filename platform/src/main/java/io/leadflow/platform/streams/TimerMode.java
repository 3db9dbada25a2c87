package io.leadflow.platform.streams;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import org.apache.kafka.streams.processor.PunctuationType;

/**
 * What drives timers (expiry, decay, escalation, SLA): the wall clock when live, stream time when replaying a log
 * in simulate or backtest, so that a replay fires the same timers at the same event times (DESIGN.md choice 2).
 */
public enum TimerMode {
  WALL_CLOCK(PunctuationType.WALL_CLOCK_TIME),
  STREAM_TIME(PunctuationType.STREAM_TIME);

  public static final String SETTING = "timers.mode";

  private final PunctuationType punctuationType;

  TimerMode(PunctuationType punctuationType) {
    this.punctuationType = punctuationType;
  }

  public PunctuationType punctuationType() {
    return punctuationType;
  }

  public static TimerMode from(LayeredConfig config) {
    String value = config.string(SETTING);
    return switch (value) {
      case "wall-clock" -> WALL_CLOCK;
      case "stream-time" -> STREAM_TIME;
      default -> throw new ConfigException(config.origin(SETTING) + ": field '" + SETTING
          + "': expected wall-clock or stream-time, got '" + value + "'");
    };
  }
}
