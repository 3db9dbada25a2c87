package io.leadflow.routing.rules;

/**
 * Why {@link Eligibility} passed over a rep (seed 002 skip logic: "Rotation geht zum nächsten verfügbaren Rep weiter").
 * The {@link #code()} is stable and meant for events, metrics and logs; the {@link #label()} is for people.
 * Constants are declared in the order {@link Eligibility#check} tests them.
 */
public enum SkipReason {
  /** Left the company (seed 002 fallback: "Account-Owner hat Firma verlassen"). */
  INACTIVE("inactive", "left the company", false),
  /** The rep's manual availability switch is off. */
  UNAVAILABLE("unavailable", "marked away", true),
  /** Seed 002: "Rep im Urlaub"; seed 000: weight 0 during vacation. */
  VACATION("vacation", "on vacation", true),
  /** Seed 002: "Rep in Ganztages-Meeting". */
  MEETING("meeting", "in an all-day meeting", true),
  ABSENT_OTHER("absent", "absent", true),
  /** Seed 002: "Rep hat sich seit 24 Stunden nicht eingeloggt". */
  NOT_LOGGED_IN("not-logged-in", "not logged in recently", true),
  OUTSIDE_WORKING_HOURS("outside-hours", "outside working hours", true),
  /** Seed 002: "Rep über Kapazitätsschwelle (&gt;50 aktive Leads)". */
  ACTIVE_LEAD_CAP("active-cap", "too many active leads", false),
  DAILY_CAP("daily-cap", "daily lead cap reached", false),
  WEEKLY_CAP("weekly-cap", "weekly lead cap reached", false);

  private final String code;
  private final String label;
  private final boolean away;

  SkipReason(String code, String label, boolean away) {
    this.code = code;
    this.label = label;
    this.away = away;
  }

  /** Short, stable identifier, e.g. {@code daily-cap}; never renamed, since stored events and dashboards use it. */
  public String code() {
    return code;
  }

  /** Human-readable text, e.g. {@code on vacation}. */
  public String label() {
    return label;
  }

  /**
   * True when the reason means the rep is away (and will come back), false when the rep is present but at capacity,
   * or gone for good ({@link #INACTIVE}). See {@link Eligibility#isAbsent}.
   */
  public boolean meansAway() {
    return away;
  }

  /** The label with the detail appended, e.g. {@code on vacation: vacation until 2026-12-04T00:00:00Z}. */
  public String describe(String detail) {
    return detail == null || detail.isBlank() ? label : label + ": " + detail;
  }
}
