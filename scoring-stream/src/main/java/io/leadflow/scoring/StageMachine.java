package io.leadflow.scoring;

import io.leadflow.avro.LeadStage;

/**
 * Sales readiness from fit and total score (seed 003 stages, seed 004 MQL/HOT): up as soon as a threshold is
 * reached, down only once the score is a hysteresis band below it, so a lead near a threshold does not flap. SAL
 * and SQL come from CRM outcomes and are never changed by scores; neither is DISQUALIFIED.
 */
public final class StageMachine {

  private final ScoringRules.Thresholds thresholds;

  public StageMachine(ScoringRules.Thresholds thresholds) {
    this.thresholds = thresholds;
  }

  public LeadStage next(LeadStage current, double fit, double total) {
    if (current == LeadStage.SAL || current == LeadStage.SQL || current == LeadStage.DISQUALIFIED) {
      return current;
    }
    LeadStage reached = byScore(fit, total, 0);
    if (rank(reached) >= rank(current)) {
      return reached;
    }
    // Going down: only as far as the score is below each threshold by the hysteresis band.
    LeadStage held = byScore(fit, total, thresholds.hysteresis());
    return rank(held) < rank(current) ? held : current;
  }

  private LeadStage byScore(double fit, double total, double band) {
    if (total >= thresholds.hot() - band) {
      return LeadStage.HOT;
    }
    if (total >= thresholds.mql() - band) {
      return LeadStage.MQL;
    }
    return fit >= thresholds.prospectFit() - band ? LeadStage.PROSPECT : LeadStage.SUSPECT;
  }

  private static int rank(LeadStage stage) {
    return switch (stage) {
      case SUSPECT, RECYCLED -> 0;
      case PROSPECT -> 1;
      case MQL -> 2;
      case HOT -> 3;
      default -> 4;
    };
  }
}
