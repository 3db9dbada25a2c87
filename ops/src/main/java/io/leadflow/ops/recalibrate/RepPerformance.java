package io.leadflow.ops.recalibrate;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.OutcomeType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One rep's measured performance over a rolling window (seed 000 "Dynamische Gewichtsanpassung": the figures
 * behind the monthly or quarterly recalibration). Pure: no Kafka, no clock.
 *
 * <p>How it is measured ({@link #measure}):
 *
 * <ul>
 *   <li>The window is {@code [end − window, end)}: an assignment or outcome at exactly {@code end − window}
 *       counts, one at {@code end} does not.
 *   <li>Only the <b>latest</b> assignment of a lead counts (largest {@code assignedAt} before {@code end}; on a
 *       tie the one later in the input list): a lead re-routed from A to B is B's lead. The lead is counted when
 *       that latest assignment lies inside the window.
 *   <li>Outcomes join on {@code leadId} and count for the rep who owns the lead by that latest assignment (the
 *       outcome's own {@code repId} is ignored). Only outcomes whose {@code occurredAt} lies inside the window
 *       count. Per lead, not per outcome: a lead with OPPORTUNITY and then WON is one opportunity and one win.
 *   <li>opportunity = the lead has an OPPORTUNITY or WON outcome; win = a WON outcome; closed = a WON, LOST or
 *       DISQUALIFIED outcome.
 * </ul>
 *
 * @param leads leads whose latest assignment to this rep lies in the window
 * @param opportunities of those, leads with an OPPORTUNITY or WON outcome in the window
 * @param wins of those, leads with a WON outcome in the window
 * @param closed of those, leads with a WON, LOST or DISQUALIFIED outcome in the window
 */
public record RepPerformance(String repId, int leads, int opportunities, int wins, int closed) {

  /** The default window of the seed: 90 days. */
  public static final Duration DEFAULT_WINDOW = Duration.ofDays(90);

  public RepPerformance {
    Objects.requireNonNull(repId, "repId");
    if (leads < 0 || opportunities < 0 || wins < 0 || closed < 0 || opportunities > leads || wins > leads
        || closed > leads) {
      throw new IllegalArgumentException(repId + ": inconsistent counts " + leads + "/" + opportunities + "/" + wins
          + "/" + closed);
    }
  }

  /** Lead → opportunity (the seed's conversion rate); null without leads. */
  public Double leadToOpportunityRate() {
    return leads == 0 ? null : (double) opportunities / leads;
  }

  /** Opportunity → win; null without opportunities. */
  public Double opportunityToWinRate() {
    return opportunities == 0 ? null : (double) wins / opportunities;
  }

  /**
   * Lead → close in the seed's sense ("Rep schließt 12% der Leads ab (30% × 40%)"): won leads / leads; null
   * without leads.
   */
  public Double leadToCloseRate() {
    return leads == 0 ? null : (double) wins / leads;
  }

  /** The minimal assignment fact: who owns which lead since when. */
  public record Assignment(String leadId, String repId, Instant assignedAt) {
    public Assignment {
      Objects.requireNonNull(leadId, "leadId");
      Objects.requireNonNull(repId, "repId");
      Objects.requireNonNull(assignedAt, "assignedAt");
    }

    public static Assignment of(LeadAssignment avro) {
      return new Assignment(avro.getLeadId(), avro.getRepId(), avro.getAssignedAt());
    }
  }

  /** The minimal outcome fact. */
  public record Outcome(String leadId, OutcomeType type, Instant occurredAt) {
    public Outcome {
      Objects.requireNonNull(leadId, "leadId");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(occurredAt, "occurredAt");
    }

    public static Outcome of(LeadOutcome avro) {
      return new Outcome(avro.getLeadId(), avro.getType(), avro.getOccurredAt());
    }
  }

  /** {@link #measure} over the Avro records of lead-assignments and lead-outcomes. */
  public static Map<String, RepPerformance> measureAvro(List<LeadAssignment> assignments, List<LeadOutcome> outcomes,
      Instant end, Duration window) {
    return measure(assignments.stream().map(Assignment::of).toList(), outcomes.stream().map(Outcome::of).toList(),
        end, window);
  }

  /**
   * Performance per rep over {@code [end − window, end)}, keyed and sorted by rep id. Reps without a lead in the
   * window do not appear.
   */
  public static Map<String, RepPerformance> measure(Collection<Assignment> assignments, Collection<Outcome> outcomes,
      Instant end, Duration window) {
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
    Instant start = end.minus(window);
    Map<String, Assignment> latest = new HashMap<>();
    for (Assignment a : assignments) {
      if (!a.assignedAt().isBefore(end)) {
        continue;
      }
      Assignment known = latest.get(a.leadId());
      if (known == null || !a.assignedAt().isBefore(known.assignedAt())) {
        latest.put(a.leadId(), a);
      }
    }
    Set<String> opportunity = new HashSet<>();
    Set<String> won = new HashSet<>();
    Set<String> closed = new HashSet<>();
    for (Outcome o : outcomes) {
      if (!inWindow(o.occurredAt(), start, end)) {
        continue;
      }
      switch (o.type()) {
        case WON -> {
          opportunity.add(o.leadId());
          won.add(o.leadId());
          closed.add(o.leadId());
        }
        case OPPORTUNITY -> opportunity.add(o.leadId());
        case LOST, DISQUALIFIED -> closed.add(o.leadId());
        default -> { }
      }
    }
    Map<String, int[]> counts = new TreeMap<>();
    for (Assignment a : latest.values()) {
      if (!inWindow(a.assignedAt(), start, end)) {
        continue;
      }
      int[] c = counts.computeIfAbsent(a.repId(), id -> new int[4]);
      c[0]++;
      if (opportunity.contains(a.leadId())) {
        c[1]++;
      }
      if (won.contains(a.leadId())) {
        c[2]++;
      }
      if (closed.contains(a.leadId())) {
        c[3]++;
      }
    }
    Map<String, RepPerformance> out = new TreeMap<>();
    counts.forEach((rep, c) -> out.put(rep, new RepPerformance(rep, c[0], c[1], c[2], c[3])));
    return out;
  }

  private static boolean inWindow(Instant t, Instant start, Instant end) {
    return !t.isBefore(start) && t.isBefore(end);
  }

}
