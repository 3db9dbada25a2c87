package io.leadflow.scoring;

import io.leadflow.avro.Activity;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;

/**
 * Engagement points and the MQL threshold (walking-skeleton rules: a flat number of points per activity).
 * No Kafka here: the same code serves the live stream and offline simulation.
 */
public final class LeadScorer {

  private final ScoringConfig config;

  public LeadScorer(ScoringConfig config) {
    this.config = config;
  }

  public double pointsFor(Activity activity) {
    return config.activityPoints();
  }

  /** The stage a lead should be in after an engagement change; stages above MQL are left to CRM outcomes. */
  public LeadStage stageFor(LeadScoreState state) {
    if (state.getStage() != LeadStage.SUSPECT && state.getStage() != LeadStage.PROSPECT) {
      return state.getStage();
    }
    return state.getEngagementPoints() >= config.mqlThreshold() ? LeadStage.MQL : state.getStage();
  }
}
