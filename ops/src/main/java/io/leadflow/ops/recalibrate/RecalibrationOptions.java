package io.leadflow.ops.recalibrate;

import io.leadflow.routing.rules.WeightModel;
import io.leadflow.routing.rules.WeightSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of one recalibration cycle.
 *
 * @param settings the seed 000 model and its figures (floor, cap, clamp, probation days, …); the model must be
 *     performance based (normalized, capped, clamped, sqrt, percentile, proportional, stepped, composite)
 * @param window the rolling window the rates are measured over (seed: 90 days)
 * @param minSample leads a rep needs in the window before their weight is recomputed (seed: "über 100+ Leads pro
 *     Rep gemessen"); below it the current weight is kept
 * @param maxChange the largest move per cycle
 * @param probation what a rep on probation (start date fewer than {@code settings.probationDays()} days ago) gets
 * @param rateTrigger relative move of a rep's rate since the previous cycle that flags a trigger (seed: 20 % →
 *     0.2)
 */
public record RecalibrationOptions(WeightSettings settings, Duration window, int minSample, MaxChange maxChange,
    Probation probation, double rateTrigger) {

  /** What a rep on probation gets. */
  public enum Probation {
    /** The standard weight 1.0 (seed "Neue Reps bekommen Standard-Allokation für erste 90 Tage"). */
    STANDARD,
    /** Their current weight, unchanged. */
    KEEP
  }

  public RecalibrationOptions {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(maxChange, "maxChange");
    Objects.requireNonNull(probation, "probation");
    if (!settings.model().isPerformanceBased()) {
      throw new IllegalArgumentException("recalibration needs a performance model (normalized, capped, clamped, "
          + "sqrt, percentile, proportional, stepped, composite), not " + settings.model().configName());
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    if (minSample < 0) {
      throw new IllegalArgumentException("minSample must be >= 0, was " + minSample);
    }
    if (!(rateTrigger > 0)) {
      throw new IllegalArgumentException("rateTrigger must be > 0, was " + rateTrigger);
    }
  }

  /** Seed 000 defaults: clamped 0.5–2.0, 90 days, 100 leads, ±0.3 per cycle, probation standard, 20 % trigger. */
  public static RecalibrationOptions defaults() {
    return new RecalibrationOptions(WeightSettings.defaults(WeightModel.CLAMPED), RepPerformance.DEFAULT_WINDOW, 100,
        MaxChange.absolute(0.3), Probation.STANDARD, 0.2);
  }

  public RecalibrationOptions withSettings(WeightSettings newSettings) {
    return new RecalibrationOptions(newSettings, window, minSample, maxChange, probation, rateTrigger);
  }

  public RecalibrationOptions withModel(WeightModel model) {
    return withSettings(settings.withModel(model));
  }

  public RecalibrationOptions withWindow(Duration newWindow) {
    return new RecalibrationOptions(settings, newWindow, minSample, maxChange, probation, rateTrigger);
  }

  public RecalibrationOptions withMinSample(int newMinSample) {
    return new RecalibrationOptions(settings, window, newMinSample, maxChange, probation, rateTrigger);
  }

  public RecalibrationOptions withMaxChange(MaxChange newMaxChange) {
    return new RecalibrationOptions(settings, window, minSample, newMaxChange, probation, rateTrigger);
  }

  public RecalibrationOptions withProbation(Probation newProbation) {
    return new RecalibrationOptions(settings, window, minSample, maxChange, newProbation, rateTrigger);
  }

  public RecalibrationOptions withRateTrigger(double newTrigger) {
    return new RecalibrationOptions(settings, window, minSample, maxChange, probation, newTrigger);
  }
}
