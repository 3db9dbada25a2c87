package io.leadflow.routing;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepLoad;
import io.leadflow.routing.rules.RepFacts;
import io.leadflow.routing.rules.WeightSettings;

/** Maps rep records and a pool's settings to the inputs of the weight models. */
public final class PoolWeights {

  private PoolWeights() {}

  /**
   * Capacity models read the rep's active opportunities when the CRM sends them, else their active leads as
   * counted from assignments and closing outcomes.
   */
  static RepFacts facts(Rep rep, RepLoad load) {
    Integer active = rep.getActiveOpportunities() != null ? rep.getActiveOpportunities()
        : load == null ? Integer.valueOf(0) : Integer.valueOf((int) Math.min(Integer.MAX_VALUE, load.getActiveLeads()));
    // A rep record written past the loader's checks must not stop routing: out-of-range figures count as unknown.
    Double rate = rep.getConversionRate() != null && rep.getConversionRate() >= 0 && rep.getConversionRate() <= 1
        ? rep.getConversionRate() : null;
    return new RepFacts(rep.getRepId(), nonNegative(rep.getWeight()), rep.getTier(), rate, nonNegative(rep.getFte()),
        active == null || active < 0 ? null : active, rep.getTenureMonths(), rep.getStartDate());
  }

  /** Whether a rep-weights record can replace a computed weight: finite and 0 or more. */
  public static boolean usable(io.leadflow.avro.RepWeight weight) {
    return weight != null && Double.isFinite(weight.getWeight()) && weight.getWeight() >= 0;
  }

  private static double nonNegative(double value) {
    return value >= 0 && value != Double.POSITIVE_INFINITY ? value : 0; // NaN too
  }

  static WeightSettings settings(RoutingRules.PoolSettings pool) {
    WeightSettings settings = WeightSettings.defaults(pool.model()).withFloor(pool.floor());
    if (pool.probationDays() != null) {
      settings = settings.withProbationDays(pool.probationDays());
    }
    if (pool.capacityThreshold() != null) {
      settings = settings.withCapacity(pool.capacityThreshold(), settings.capacityFloor());
    }
    return settings;
  }
}
