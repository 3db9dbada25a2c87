package io.leadflow.routing.rules;

import java.util.Objects;

/**
 * One rep's weight as a seed 000 model computed it; the rep then gets {@code weight / Σ weights} of the leads.
 *
 * @param explanation short human-readable derivation for the audit trail, e.g. "normalized 0.40/0.25=1.60" or
 *     "probation (day 12 of 90): 1.0"
 */
public record ComputedWeight(String repId, double weight, String explanation) {

  public ComputedWeight {
    Objects.requireNonNull(repId, "repId");
    Objects.requireNonNull(explanation, "explanation");
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(repId + ": weight must be a finite number >= 0, was " + weight);
    }
  }
}
