package io.leadflow.routing.rules;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What the weight models of seed 000 need to know about one rep. Nullable figures may be missing; a model that
 * needs a missing figure gives the rep the standard weight 1.0 and says so in the explanation (e.g. "no
 * conversion rate: standard 1.0"), and the rep is left out of the team figures (average, rank, lowest) for that
 * figure. Under the composite model a missing factor counts as 1.0 (team average) for that factor only.
 *
 * @param repId the rep
 * @param staticWeight the configured ratio weight (model {@code static}); 0 means "no leads"
 * @param tier 1 = senior/top, 2 = standard, 3 = junior (model {@code tier}); null = no tier
 * @param conversionRate lead-to-opportunity rate, 0..1 (performance models); null = not measured
 * @param fte full-time equivalent, 1.0 = 40 h/week (model {@code fte})
 * @param activeOpportunities the rep's open pipeline (models {@code capacity}, {@code composite}); null = unknown
 * @param tenureMonths experience (model {@code composite}); null = derived from {@code startDate} when present
 * @param startDate first working day; drives the seed's 90-day probation; null = no probation
 */
public record RepFacts(
    String repId,
    double staticWeight,
    Integer tier,
    Double conversionRate,
    double fte,
    Integer activeOpportunities,
    Integer tenureMonths,
    LocalDate startDate) {

  public RepFacts {
    Objects.requireNonNull(repId, "repId");
    requireNonNegative("staticWeight", staticWeight);
    requireNonNegative("fte", fte);
    if (conversionRate != null && !(conversionRate >= 0 && conversionRate <= 1)) {
      throw new IllegalArgumentException(repId + ": conversionRate must be within 0..1, was " + conversionRate);
    }
    if (activeOpportunities != null && activeOpportunities < 0) {
      throw new IllegalArgumentException(repId + ": activeOpportunities must be >= 0, was " + activeOpportunities);
    }
    if (tenureMonths != null && tenureMonths < 0) {
      throw new IllegalArgumentException(repId + ": tenureMonths must be >= 0, was " + tenureMonths);
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
  }
}
