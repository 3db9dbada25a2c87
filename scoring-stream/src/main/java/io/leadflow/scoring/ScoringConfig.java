package io.leadflow.scoring;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;

/** Typed settings of the scoring stream, parsed once at start-up. */
public record ScoringConfig(String applicationId, double activityPoints, double mqlThreshold) {

  public static ScoringConfig from(LayeredConfig config) {
    ScoringConfig parsed = new ScoringConfig(
        config.string("scoring.application-id"),
        config.decimal("scoring.activity-points"),
        config.decimal("scoring.mql-threshold"));
    for (String key : new String[] {"scoring.activity-points", "scoring.mql-threshold"}) {
      if (config.decimal(key) <= 0) {
        throw new ConfigException(config.origin(key) + ": field '" + key + "' must be positive, got " + config.decimal(key));
      }
    }
    return parsed;
  }
}
