package io.leadflow.routing.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a rep back from absence is credited (DESIGN.md choice 5, seed 000 "Urlaubs- und Verfügbarkeitshandhabung").
 * While away, a rep's weight is 0, so the others' counts grow and the returning rep is behind their share; the
 * chairman rule would hand them every lead until they caught up. The policy decides how much of that gap is
 * forgiven by crediting the rep with leads they never got:
 *
 * <ul>
 *   <li>{@code none}: no catch-up; the whole gap is credited, the rep rejoins at their share;</li>
 *   <li>{@code bounded} (default): catch up at most {@code limit} leads; the rest is credited;</li>
 *   <li>{@code full}: nothing is credited; the rep gets leads until their count reaches their share (the seed's
 *       "Gewicht temporär erhöht zum Aufholen"), which can be a flood after a long vacation.</li>
 * </ul>
 */
public enum AbsencePolicy {
  NONE, BOUNDED, FULL;

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AbsencePolicy fromConfigName(String name) {
    for (AbsencePolicy policy : values()) {
      if (policy.configName().equals(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not an absence policy; use one of "
        + Arrays.stream(values()).map(AbsencePolicy::configName).collect(Collectors.joining(", ")));
  }

  /**
   * Leads to credit a returning rep so that at most the policy's catch-up remains.
   *
   * @param share the rep's share λ = w/Σw among the reps eligible now, below 1
   * @param totalCount the window counts of the eligible reps, the returning one included
   * @param repCount the returning rep's window count
   * @param limit the most leads a rep may catch up under {@code bounded}
   */
  public long credit(double share, long totalCount, long repCount, int limit) {
    if (this == FULL || share <= 0 || share >= 1) {
      return 0;
    }
    // Crediting x leads moves the rep from (λ·n − c) behind to (λ·(n + x) − (c + x)); it is level at
    // x = (λ·n − c) / (1 − λ), with n the lead number that comes next.
    double gap = (share * (totalCount + 1) - repCount) / (1 - share);
    long toTarget = (long) Math.floor(gap);
    long allowed = this == BOUNDED ? Math.max(0, limit) : 0;
    return Math.max(0, toTarget - allowed);
  }
}
