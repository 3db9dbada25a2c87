package io.leadflow.routing.rules;

import java.time.Duration;

/**
 * Tunables of the skip rules in seed 002 ("Skip-Logik für Verfügbarkeit nutzen").
 *
 * @param loginTimeout a rep whose last login is longer ago than this is skipped (seed: 24 hours); null or zero turns
 *     the check off
 * @param defaultActiveLeadCap capacity threshold for reps without their own {@code maxActiveLeads}. The seed says
 *     "Rep über Kapazitätsschwelle (&gt;50 aktive Leads)" and we read it literally: a rep is skipped only when their
 *     active leads EXCEED the threshold, so with 50 a rep holding exactly 50 still gets one more (and then holds 51,
 *     which is skipped). Zero means only reps without active leads qualify.
 * @param respectWorkingHours whether reps outside their working hours are skipped
 */
public record EligibilitySettings(Duration loginTimeout, int defaultActiveLeadCap, boolean respectWorkingHours) {

  /** Seed 002: 24 hours since last login. */
  public static final Duration SEED_LOGIN_TIMEOUT = Duration.ofHours(24);
  /** Seed 002: skip above 50 active leads. */
  public static final int SEED_ACTIVE_LEAD_CAP = 50;

  public EligibilitySettings {
    if (loginTimeout != null && loginTimeout.isNegative()) {
      throw new IllegalArgumentException("loginTimeout must not be negative: " + loginTimeout);
    }
    if (defaultActiveLeadCap < 0) {
      throw new IllegalArgumentException("defaultActiveLeadCap must not be negative: " + defaultActiveLeadCap);
    }
  }

  /** The seed's values: 24h login timeout, skip above 50 active leads, working hours respected. */
  public static EligibilitySettings defaults() {
    return new EligibilitySettings(SEED_LOGIN_TIMEOUT, SEED_ACTIVE_LEAD_CAP, true);
  }

  public boolean loginCheckEnabled() {
    return loginTimeout != null && !loginTimeout.isZero();
  }
}
