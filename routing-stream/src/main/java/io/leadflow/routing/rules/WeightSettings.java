package io.leadflow.routing.rules;

import java.util.Map;
import java.util.Objects;

/**
 * Every tunable of the seed 000 weight models. {@link #defaults(WeightModel)} gives the seed's figures; the
 * {@code with…} methods change one group of settings.
 *
 * @param model the model to compute
 * @param floor minimum weight applied last ("Kein Rep unter 0,5x", the seed's example uses 0.5); null = no floor.
 *     It never lifts a 0 from a non-performance model (static 0, tier mapped to 0, FTE 0, full capacity without a
 *     capacity floor): there a 0 means "no leads", not "poor performer"
 * @param cap upper bound of model {@code capped} (seed: 2.0)
 * @param clampMin lower bound of model {@code clamped} (seed: 0.5)
 * @param clampMax upper bound of model {@code clamped} (seed: 2.0)
 * @param tierWeights tier → weight for model {@code tier} (seed: 1 → 3, 2 → 2, 3 → 1)
 * @param capacityThreshold active opportunities at which a rep is full, model {@code capacity} (seed: 50)
 * @param capacityFloor minimum weight of model {@code capacity} so a full rep still gets some flow (seed: 0.3);
 *     0 disables it, and a rep at or over the threshold then gets 0
 * @param steppedUpperThreshold a rate strictly above this gets {@code steppedHighWeight} (seed: 0.30)
 * @param steppedLowerThreshold a rate from this up to and including the upper threshold gets {@code
 *     steppedMidWeight}, below it {@code steppedLowWeight} (seed: 0.20; "20-30%" includes both ends)
 * @param steppedHighWeight seed: 3
 * @param steppedMidWeight seed: 2
 * @param steppedLowWeight seed: 1
 * @param compositePerformanceCoefficient seed: 0.5 (the three need not sum to 1)
 * @param compositeCapacityCoefficient seed: 0.3
 * @param compositeExperienceCoefficient seed: 0.2
 * @param compositeFactorCap upper bound of each composite factor (default 2.0, the seed's "no more than 2x
 *     average"); it also bounds the capacity factor of a rep with no open opportunities, which would be infinite
 * @param probationDays new reps get the standard weight 1.0 under performance models for this many days from
 *     their start date (seed: 90); 0 disables probation
 */
public record WeightSettings(
    WeightModel model,
    Double floor,
    double cap,
    double clampMin,
    double clampMax,
    Map<Integer, Double> tierWeights,
    int capacityThreshold,
    double capacityFloor,
    double steppedUpperThreshold,
    double steppedLowerThreshold,
    double steppedHighWeight,
    double steppedMidWeight,
    double steppedLowWeight,
    double compositePerformanceCoefficient,
    double compositeCapacityCoefficient,
    double compositeExperienceCoefficient,
    double compositeFactorCap,
    int probationDays) {

  public WeightSettings {
    Objects.requireNonNull(model, "model");
    if (floor != null) {
      requireNonNegative("floor", floor);
    }
    requirePositive("cap", cap);
    requireNonNegative("clampMin", clampMin);
    requireNonNegative("clampMax", clampMax);
    if (clampMin > clampMax) {
      throw new IllegalArgumentException("clampMin " + clampMin + " must not exceed clampMax " + clampMax);
    }
    tierWeights = Map.copyOf(Objects.requireNonNull(tierWeights, "tierWeights"));
    tierWeights.forEach((tier, weight) -> requireNonNegative("tier " + tier + " weight", weight));
    if (capacityThreshold <= 0) {
      throw new IllegalArgumentException("capacityThreshold must be > 0, was " + capacityThreshold);
    }
    if (!(capacityFloor >= 0 && capacityFloor <= 1)) {
      throw new IllegalArgumentException("capacityFloor must be within 0..1, was " + capacityFloor);
    }
    if (!(steppedLowerThreshold >= 0 && steppedLowerThreshold <= steppedUpperThreshold && steppedUpperThreshold <= 1)) {
      throw new IllegalArgumentException("stepped thresholds need 0 <= lower <= upper <= 1, were "
          + steppedLowerThreshold + " and " + steppedUpperThreshold);
    }
    requireNonNegative("steppedHighWeight", steppedHighWeight);
    requireNonNegative("steppedMidWeight", steppedMidWeight);
    requireNonNegative("steppedLowWeight", steppedLowWeight);
    requireNonNegative("compositePerformanceCoefficient", compositePerformanceCoefficient);
    requireNonNegative("compositeCapacityCoefficient", compositeCapacityCoefficient);
    requireNonNegative("compositeExperienceCoefficient", compositeExperienceCoefficient);
    requirePositive("compositeFactorCap", compositeFactorCap);
    if (probationDays < 0) {
      throw new IllegalArgumentException("probationDays must be >= 0, was " + probationDays);
    }
  }

  /** The seed's figures for {@code model}; no floor (set the seed's 0.5 with {@link #withFloor}). */
  public static WeightSettings defaults(WeightModel model) {
    return new WeightSettings(model, null, 2.0, 0.5, 2.0, Map.of(1, 3.0, 2, 2.0, 3, 1.0), 50, 0.3,
        0.30, 0.20, 3.0, 2.0, 1.0, 0.5, 0.3, 0.2, 2.0, 90);
  }

  public WeightSettings withModel(WeightModel newModel) {
    return new WeightSettings(newModel, floor, cap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, probationDays);
  }

  /** @param newFloor null for no floor */
  public WeightSettings withFloor(Double newFloor) {
    return new WeightSettings(model, newFloor, cap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, probationDays);
  }

  public WeightSettings withCap(double newCap) {
    return new WeightSettings(model, floor, newCap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, probationDays);
  }

  public WeightSettings withClamp(double newMin, double newMax) {
    return new WeightSettings(model, floor, cap, newMin, newMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, probationDays);
  }

  public WeightSettings withTierWeights(Map<Integer, Double> newTierWeights) {
    return new WeightSettings(model, floor, cap, clampMin, clampMax, newTierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, probationDays);
  }

  public WeightSettings withCapacity(int newThreshold, double newCapacityFloor) {
    return new WeightSettings(model, floor, cap, clampMin, clampMax, tierWeights, newThreshold,
        newCapacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, probationDays);
  }

  public WeightSettings withStepped(double lowerThreshold, double upperThreshold,
      double lowWeight, double midWeight, double highWeight) {
    return new WeightSettings(model, floor, cap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, upperThreshold, lowerThreshold, highWeight, midWeight, lowWeight,
        compositePerformanceCoefficient, compositeCapacityCoefficient, compositeExperienceCoefficient,
        compositeFactorCap, probationDays);
  }

  public WeightSettings withCompositeCoefficients(double performance, double capacity, double experience) {
    return new WeightSettings(model, floor, cap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, performance, capacity, experience, compositeFactorCap, probationDays);
  }

  public WeightSettings withCompositeFactorCap(double newFactorCap) {
    return new WeightSettings(model, floor, cap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, newFactorCap, probationDays);
  }

  /** @param days 0 disables probation */
  public WeightSettings withProbationDays(int days) {
    return new WeightSettings(model, floor, cap, clampMin, clampMax, tierWeights, capacityThreshold,
        capacityFloor, steppedUpperThreshold, steppedLowerThreshold, steppedHighWeight, steppedMidWeight,
        steppedLowWeight, compositePerformanceCoefficient, compositeCapacityCoefficient,
        compositeExperienceCoefficient, compositeFactorCap, days);
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
    }
  }
}
