package io.leadflow.routing.rules;

import java.time.Instant;
import java.util.Objects;

/**
 * A period in which a rep takes no leads, from an HR system or a calendar (seed 002 skip logic: vacation, all-day
 * meeting; seed 000: weight 0 while on vacation). Covers [{@code from}, {@code until}): from inclusive, until exclusive,
 * so back-to-back absences do not overlap and a vacation "until Monday 00:00" lets the rep take leads at 00:00.
 */
public record Absence(Instant from, Instant until, AbsenceKind kind) {

  public Absence {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(kind, "kind");
    if (until.isBefore(from)) {
      throw new IllegalArgumentException("absence until " + until + " is before its start " + from);
    }
  }

  public boolean covers(Instant at) {
    return !at.isBefore(from) && at.isBefore(until);
  }
}
