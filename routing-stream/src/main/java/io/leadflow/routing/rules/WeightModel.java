package io.leadflow.routing.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The weight models of seed 000 ("Gewichtete Lead-Verteilung"). Each rep gets {@code weight / Σ weights} of
 * the leads; a model says how that weight is derived. Config names are kebab-case ({@link #configName()}).
 *
 * <p>Models marked performance-based derive the weight from the conversion rate; only they honour the seed's
 * probation ("Bewährungsfristen") and only under them does the floor lift a weight of 0 (see {@link WeightModels}).
 */
public enum WeightModel {
  /** Seed "Einfache Verhältnis-Gewichtung", static config file: the rep's own ratio weight, e.g. 3:2:2:1. */
  STATIC("static", false),
  /** Seed tiers: tier 1 (senior) = 3, tier 2 (standard) = 2, tier 3 (junior) = 1; mapping configurable. */
  TIER("tier", false),
  /** Seed "Normalisierte Gewichtung": rate / team average rate (40/25 = 1.6). */
  NORMALIZED("normalized", true),
  /** Seed "Begrenzte Gewichte": MIN(rate / average, 2.0). */
  CAPPED("capped", true),
  /** Seed "Begrenzte Skalierung": MIN(MAX(rate / average, 0.5), 2.0). */
  CLAMPED("clamped", true),
  /** Seed "Quadratwurzel-Skalierung": SQRT(rate / average); 4x performance gives 2x weight. */
  SQRT("sqrt", true),
  /** Seed "Perzentil-basiert": percentile rank / 50 (top → 2.0, median → 1.0, bottom 10% → 0.2). */
  PERCENTILE("percentile", true),
  /** Seed "Proportionale Gewichtung": rate / lowest rate in the team (40/10 = 4.0). */
  PROPORTIONAL("proportional", true),
  /** Seed "Gestaffelte Gewichtung": rate &gt; 30% → 3, 20–30% → 2, &lt; 20% → 1. */
  STEPPED("stepped", true),
  /** Seed "Verfügbare Stunden / FTE-Gewichtung": weight = FTE (1.0 / 0.5 / 0.75). */
  CAPACITY_FTE("fte", false),
  /** Seed pipeline load: 1 − active opps / threshold (50), with a minimum weight (0.3). */
  CAPACITY_LOAD("capacity", false),
  /** Seed "Komposit-Gewichtung": 0.5 × performance + 0.3 × capacity + 0.2 × experience. */
  COMPOSITE("composite", true);

  private final String configName;
  private final boolean performanceBased;

  WeightModel(String configName, boolean performanceBased) {
    this.configName = configName;
    this.performanceBased = performanceBased;
  }

  /** The kebab-case name used in config files and in audit records. */
  public String configName() {
    return configName;
  }

  /**
   * True when the weight comes from the conversion rate. Such models apply probation to new reps, and a weight
   * of 0 under them is a poor performer that the floor lifts; under the others a 0 means "no leads" and stays.
   */
  public boolean isPerformanceBased() {
    return performanceBased;
  }

  /**
   * The model with this config name (surrounding blanks and case ignored).
   *
   * @throws IllegalArgumentException for an unknown name; the message lists the valid names
   */
  public static WeightModel fromConfigName(String name) {
    if (name != null) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (WeightModel model : values()) {
        if (model.configName.equals(wanted)) {
          return model;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown weight model '" + name + "'; valid models: " + validNames());
  }

  private static String validNames() {
    return Arrays.stream(values()).map(WeightModel::configName).collect(Collectors.joining(", "));
  }
}
