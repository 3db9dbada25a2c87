package io.leadflow.routing.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a rep may take a lead now: the skip logic of seed 002 ("Skip-Logik für Verfügbarkeit nutzen": vacation,
 * all-day meeting, over the capacity threshold, no login for 24 hours) plus seed 000 ("Urlaubs- und
 * Verfügbarkeitshandhabung": availability is checked at assignment time; an unavailable rep gets weight 0 for this
 * cycle). Pure function of its inputs, no clock and no Kafka, so live routing and simulate/backtest agree.
 *
 * <p>Checks run in this fixed order and the FIRST that fails is reported (the order of {@link SkipReason}):
 * <ol>
 *   <li>{@link SkipReason#INACTIVE} – {@code active} is false</li>
 *   <li>{@link SkipReason#UNAVAILABLE} – the manual switch {@code available} is false</li>
 *   <li>absences covering {@code at} (from inclusive, until exclusive); when several cover it, vacation wins over
 *       meeting over other: {@link SkipReason#VACATION}, {@link SkipReason#MEETING}, {@link SkipReason#ABSENT_OTHER}</li>
 *   <li>{@link SkipReason#NOT_LOGGED_IN} – last login strictly more than {@code loginTimeout} before {@code at}
 *       (exactly 24h ago still passes); an unknown last login passes</li>
 *   <li>{@link SkipReason#OUTSIDE_WORKING_HOURS} – only with {@code respectWorkingHours}</li>
 *   <li>{@link SkipReason#ACTIVE_LEAD_CAP} – active leads strictly above the cap (seed "&gt;50"): 50 passes, 51 is
 *       skipped</li>
 *   <li>{@link SkipReason#DAILY_CAP} – assigned today has reached the daily quota ({@code >= max})</li>
 *   <li>{@link SkipReason#WEEKLY_CAP} – assigned this week has reached the weekly quota ({@code >= max})</li>
 * </ol>
 * "Away" reasons come before capacity reasons so the reported reason says the rep is gone rather than busy.
 *
 * <p>The active cap is a threshold to be over, as the seed phrases it; the daily and weekly caps are quotas of leads to
 * hand out, so a rep never gets more than the quota. Counts are whatever the caller passes; live, the active load is
 * an eventually consistent table, so the active cap can overshoot by the assignments still in flight.
 */
public final class Eligibility {

  /** A reason the rep was passed over, with a detail such as {@code 52 active leads, cap 50}. */
  public record Skip(SkipReason reason, String detail) {
    public Skip {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** Human-readable, e.g. {@code too many active leads: 52 active leads, cap 50}. */
    public String describe() {
      return reason.describe(detail);
    }
  }

  private Eligibility() {}

  /** The first failing check, in the documented order, or empty when the rep may take a lead at {@code at}. */
  public static Optional<Skip> check(RepAvailability rep, Instant at, EligibilitySettings settings) {
    Objects.requireNonNull(rep, "rep");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(settings, "settings");

    if (!rep.active()) {
      return skip(SkipReason.INACTIVE, "rep " + rep.repId() + " is inactive");
    }
    if (!rep.available()) {
      return skip(SkipReason.UNAVAILABLE, "availability switched off");
    }
    Optional<Skip> absence = absenceAt(rep, at);
    if (absence.isPresent()) {
      return absence;
    }
    if (settings.loginCheckEnabled() && rep.lastLoginAt() != null
        && Duration.between(rep.lastLoginAt(), at).compareTo(settings.loginTimeout()) > 0) {
      return skip(SkipReason.NOT_LOGGED_IN,
          "last login " + rep.lastLoginAt() + ", over " + formatDuration(settings.loginTimeout()) + " ago");
    }
    if (settings.respectWorkingHours() && !rep.workingHours().isOpen(at, rep.zone())) {
      return skip(SkipReason.OUTSIDE_WORKING_HOURS, "outside " + rep.workingHours() + " " + rep.zone().getId());
    }
    int activeCap = rep.maxActiveLeads() != null ? rep.maxActiveLeads() : settings.defaultActiveLeadCap();
    if (rep.activeLeads() > activeCap) {
      return skip(SkipReason.ACTIVE_LEAD_CAP, rep.activeLeads() + " active leads, cap " + activeCap);
    }
    if (rep.maxLeadsPerDay() != null && rep.assignedToday() >= rep.maxLeadsPerDay()) {
      return skip(SkipReason.DAILY_CAP, rep.assignedToday() + " assigned today, cap " + rep.maxLeadsPerDay());
    }
    if (rep.maxLeadsPerWeek() != null && rep.assignedThisWeek() >= rep.maxLeadsPerWeek()) {
      return skip(SkipReason.WEEKLY_CAP,
          rep.assignedThisWeek() + " assigned this week, cap " + rep.maxLeadsPerWeek());
    }
    return Optional.empty();
  }

  /**
   * Whether the rep is away at {@code at} under the seed's {@link EligibilitySettings#defaults() default settings}.
   * Prefer {@link #isAbsent(RepAvailability, Instant, EligibilitySettings)} with the settings the router checks with.
   */
  public static boolean isAbsent(RepAvailability rep, Instant at) {
    return isAbsent(rep, at, EligibilitySettings.defaults());
  }

  /**
   * Whether the rep is away at {@code at}: the first failing check is one of unavailable, vacation, meeting, other
   * absence, not logged in or outside working hours ({@link SkipReason#meansAway()}). False for a rep that is merely
   * capped, and false for an inactive rep, who has left and will not come back.
   *
   * <p>The router uses this for seed 000's "Rep zurück aus Urlaub: Gewicht temporär erhöht zum Aufholen": when a rep
   * goes from away to not away it may apply a return-from-absence boost; a rep who was only at a cap has nothing to
   * catch up on. Because every away check runs before every cap check, a rep who is both away and capped counts as
   * away.
   */
  public static boolean isAbsent(RepAvailability rep, Instant at, EligibilitySettings settings) {
    return check(rep, at, settings).map(skip -> skip.reason().meansAway()).orElse(false);
  }

  private static Optional<Skip> absenceAt(RepAvailability rep, Instant at) {
    if (rep.absences().isEmpty()) {
      return Optional.empty(); // most reps, most of the time: no stream for them
    }
    // Enum order VACATION < MEETING < OTHER is the precedence; among absences of one kind the latest end is the
    // most useful "until".
    return rep.absences().stream()
        .filter(absence -> absence.covers(at))
        .min(Comparator.comparing(Absence::kind).thenComparing(Absence::until, Comparator.reverseOrder()))
        .map(Eligibility::absenceSkip);
  }

  private static Skip absenceSkip(Absence absence) {
    return switch (absence.kind()) {
      case VACATION -> new Skip(SkipReason.VACATION, "vacation until " + absence.until());
      case MEETING -> new Skip(SkipReason.MEETING, "all-day meeting until " + absence.until());
      case OTHER -> new Skip(SkipReason.ABSENT_OTHER, "absent until " + absence.until());
    };
  }

  private static Optional<Skip> skip(SkipReason reason, String detail) {
    return Optional.of(new Skip(reason, detail));
  }

  /** 24h, 1h30m, 45s: compact enough for a detail line. */
  static String formatDuration(Duration duration) {
    long hours = duration.toHours();
    int minutes = duration.toMinutesPart();
    int seconds = duration.toSecondsPart();
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append('h');
    }
    if (minutes > 0) {
      text.append(minutes).append('m');
    }
    if (seconds > 0 || text.length() == 0) {
      text.append(seconds).append('s');
    }
    return text.toString();
  }
}
