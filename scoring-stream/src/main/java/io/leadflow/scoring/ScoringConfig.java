package io.leadflow.scoring;

import io.leadflow.platform.config.LayeredConfig;

/** Typed settings of the scoring stream, parsed once at start-up. */
public record ScoringConfig(String applicationId, double activityPoints, double mqlThreshold) {

  public ScoringConfig {
    if (mqlThreshold <= 0) {
      throw new IllegalArgumentException("scoring.mql-threshold must be positive, got " + mqlThreshold);
    }
  }

  public static ScoringConfig from(LayeredConfig config) {
    return new ScoringConfig(
        config.string("scoring.application-id"),
        config.decimal("scoring.activity-points"),
        config.decimal("scoring.mql-threshold"));
  }
}
