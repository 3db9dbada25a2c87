package io.leadflow.scoring;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.TimerMode;
import java.nio.file.Path;
import java.time.Duration;

/** Typed settings of the scoring stream, parsed once at start-up. */
public record ScoringConfig(String applicationId, ScoringRules rules, Duration decayCheckInterval, TimerMode timerMode) {

  /** {@code scoring.rules-file} if set, else the shipped best-practice rules (examples/scoring.yaml). */
  public static ScoringConfig from(LayeredConfig config) {
    ScoringRules rules = config.find("scoring.rules-file").map(Path::of).map(ScoringRules::read).orElseGet(ScoringRules::builtIn);
    return new ScoringConfig(config.string("scoring.application-id"), rules,
        config.duration("scoring.decay-check-interval"), TimerMode.from(config));
  }
}
