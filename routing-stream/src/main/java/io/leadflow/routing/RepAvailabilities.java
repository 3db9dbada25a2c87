package io.leadflow.routing;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepLoad;
import io.leadflow.routing.rules.Absence;
import io.leadflow.routing.rules.AbsenceKind;
import io.leadflow.routing.rules.RepAvailability;
import io.leadflow.routing.rules.WorkingHours;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** Maps a rep record and their load to the input of the eligibility rules. */
final class RepAvailabilities {

  private RepAvailabilities() {}

  /** Day and week counts only count when they are of the decision's UTC day and week. */
  static RepAvailability of(Rep rep, RepLoad load, Instant at) {
    LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
    long activeLeads = load == null ? 0 : load.getActiveLeads();
    long today = load != null && day.equals(load.getDay()) ? load.getAssignedToday() : 0;
    long thisWeek = load != null && weekStart(day).equals(load.getWeekStart()) ? load.getAssignedThisWeek() : 0;
    return new RepAvailability(rep.getRepId(), rep.getActive(), rep.getAvailable(),
        rep.getAbsences().isEmpty() ? List.of()
            : rep.getAbsences().stream().map(a -> new Absence(a.getFrom(), a.getUntil(), kind(a.getKind()))).toList(),
        rep.getTimeZone(), WorkingHours.parse(rep.getWorkingHours()), rep.getLastLoginAt(), activeLeads,
        rep.getMaxActiveLeads(), today, rep.getMaxLeadsPerDay(), thisWeek, rep.getMaxLeadsPerWeek());
  }

  static LocalDate weekStart(LocalDate day) {
    return day.minusDays(day.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue());
  }

  private static AbsenceKind kind(io.leadflow.avro.AbsenceKind kind) {
    return switch (kind) {
      case VACATION -> AbsenceKind.VACATION;
      case MEETING -> AbsenceKind.MEETING;
      case OTHER -> AbsenceKind.OTHER;
    };
  }
}
