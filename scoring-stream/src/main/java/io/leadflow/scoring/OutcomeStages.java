package io.leadflow.scoring;

import io.leadflow.avro.LeadStage;
import io.leadflow.avro.OutcomeType;
import java.util.Optional;

/**
 * What a CRM outcome does to a lead's stage (seed 003): accepted by sales is SAL, qualified (and anything past it)
 * is SQL; disqualified stops scoring from moving the lead; recycled sends it back to be scored afresh.
 * Contacted and lost leave the stage alone.
 */
public final class OutcomeStages {

  private OutcomeStages() {}

  public static Optional<LeadStage> after(LeadStage current, OutcomeType outcome) {
    return switch (outcome) {
      case ACCEPTED -> current == LeadStage.SQL ? Optional.empty() : Optional.of(LeadStage.SAL);
      case QUALIFIED, OPPORTUNITY, WON -> Optional.of(LeadStage.SQL);
      case DISQUALIFIED -> Optional.of(LeadStage.DISQUALIFIED);
      case RECYCLED -> Optional.of(LeadStage.RECYCLED);
      default -> Optional.empty();
    };
  }
}
