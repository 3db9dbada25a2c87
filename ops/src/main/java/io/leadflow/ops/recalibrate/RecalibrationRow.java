package io.leadflow.ops.recalibrate;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One rep in a recalibration: what they have now, what they get, and why.
 *
 * @param currentWeight the rep's weight in rep-weights, or their static {@code Rep.weight} without one
 * @param targetWeight what the model (or the guardrail that applied) asks for, before the maximum change
 * @param newWeight what the rep gets: equals {@code currentWeight} for removed reps
 * @param rateNow lead → opportunity rate in the window; null without leads
 * @param ratePrevious the rate the previous cycle recorded ({@code inputs["rate"]}); null if unknown
 * @param performance the window's counts (zero for a rep without leads)
 * @param explanation the derivation, e.g. "clamped 0.40/0.25=1.60" or "below min sample (40 < 100): kept"
 */
public record RecalibrationRow(String repId, double currentWeight, double targetWeight, double newWeight,
    Double rateNow, Double ratePrevious, RepPerformance performance, Set<RecalibrationFlag> flags,
    String explanation) {

  public RecalibrationRow {
    Objects.requireNonNull(repId, "repId");
    Objects.requireNonNull(performance, "performance");
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    Objects.requireNonNull(explanation, "explanation");
  }

  /** newWeight − currentWeight. */
  public double change() {
    return newWeight - currentWeight;
  }

  public boolean has(RecalibrationFlag flag) {
    return flags.contains(flag);
  }

  /** Relative move of the rate since the previous cycle ((now − previous) / previous); null if either is unknown. */
  public Double rateMove() {
    if (rateNow == null || ratePrevious == null || ratePrevious == 0) {
      return null;
    }
    return (rateNow - ratePrevious) / ratePrevious;
  }
}
