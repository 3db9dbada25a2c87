package io.leadflow.routing.rules;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@link Eligibility} needs to know about one rep at assignment time (seed 002 skip logic, seed 000 "check rep
 * availability at assignment time"). Plain values so the live processors and the offline simulate/backtest path can
 * both build it.
 *
 * @param available the rep's manual switch; false means "away" (not the same as {@code active}, which is false once
 *     the rep has left the company)
 * @param absences vacations, all-day meetings and other absences; null is read as none
 * @param timeZone IANA zone id the working hours are read in, e.g. {@code Europe/Berlin}; null or blank means UTC
 * @param workingHours null means always open
 * @param lastLoginAt null means unknown (no login feed), which never causes a skip
 * @param maxActiveLeads per-rep override of {@link EligibilitySettings#defaultActiveLeadCap()}, with the same
 *     threshold meaning (skipped when active leads exceed it); null uses the default
 * @param maxLeadsPerDay quota of leads assigned per day (skipped once {@code assignedToday} reaches it); null means none
 * @param maxLeadsPerWeek quota of leads assigned per week (skipped once {@code assignedThisWeek} reaches it); null
 *     means none
 */
public record RepAvailability(String repId, boolean active, boolean available, List<Absence> absences,
    String timeZone, WorkingHours workingHours, Instant lastLoginAt, long activeLeads, Integer maxActiveLeads,
    long assignedToday, Integer maxLeadsPerDay, long assignedThisWeek, Integer maxLeadsPerWeek) {

  /** Zone ids by name: {@code ZoneId.of} loads the zone's rules again every time, and every decision needs them. */
  private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

  public RepAvailability {
    Objects.requireNonNull(repId, "repId");
    absences = absences == null ? List.of() : List.copyOf(absences);
    workingHours = workingHours == null ? WorkingHours.ALWAYS : workingHours;
    // Fail when the rep record is built, not on some later lead: a bad zone is a data error.
    try {
      zoneOf(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("rep " + repId + ": unknown time zone '" + timeZone + "'", e);
    }
  }

  /** The zone working hours are evaluated in; UTC when none is set. */
  public ZoneId zone() {
    return zoneOf(timeZone);
  }

  private static ZoneId zoneOf(String timeZone) {
    if (timeZone == null || timeZone.isBlank()) {
      return ZoneOffset.UTC;
    }
    ZoneId zone = ZONES.get(timeZone);
    if (zone == null) {
      zone = ZoneId.of(timeZone.trim()); // an unknown zone throws here and is not kept
      ZONES.put(timeZone, zone);
    }
    return zone;
  }
}
