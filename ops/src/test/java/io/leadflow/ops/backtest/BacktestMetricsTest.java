package io.leadflow.ops.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.Absence;
import io.leadflow.avro.AbsenceKind;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.ops.simulate.EventKind;
import io.leadflow.ops.simulate.SimulationEvent;
import io.leadflow.ops.simulate.SimulationFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Violations, time to assignment, targets and rates on a small log checked by hand. */
class BacktestMetricsTest {

  private static final Instant MON = Instant.parse("2026-11-02T09:00:00Z"); // Monday

  private static LeadAssignment assignment(String lead, String rep, Instant eventTime, Instant assignedAt, double weightA,
      double weightB) {
    return LeadAssignment.newBuilder().setAssignmentId("a-" + lead).setLeadId(lead).setRepId(rep).setPoolId("general")
        .setMethod(AssignmentMethod.ROUND_ROBIN).setPriority(Priority.NORMAL).setStage(LeadStage.MQL).setTotalScore(60)
        .setDecision(RoutingDecision.newBuilder().setRuleMatched("general-pool").setPoolId("general").setWeightModel("static")
            .setLeadNumberInWindow(1).setCandidates(List.of(new Candidate("a", weightA, 0L), new Candidate("b", weightB, 0L)))
            .setSkipped(List.of()).setConfigVersion("test").build())
        .setEventTime(eventTime).setAssignedAt(assignedAt).build();
  }

  @Test
  void countsCapAndAvailabilityViolationsAndTimeToAssignment() {
    // Rep a: at most 2 a day and 4 a week. Rep b: on vacation Tuesday 12:00–14:00, switched unavailable Thursday 10:00.
    Rep a = SimulationFixtures.rep("a", 1, null).setTier(1).setMaxLeadsPerDay(2).setMaxLeadsPerWeek(4).build();
    Rep b = SimulationFixtures.rep("b", 1, null).setTier(1).setAbsences(List.of(new Absence(
        MON.plusSeconds(27 * 3600), MON.plusSeconds(29 * 3600), AbsenceKind.VACATION))).build();
    Rep bAway = Rep.newBuilder(b).setAvailable(false).build();
    List<SimulationEvent> log = List.of(SimulationEvent.of(EventKind.REP, MON.plusSeconds(73 * 3600).toEpochMilli(), bAway, 1));

    List<LeadAssignment> assignments = new ArrayList<>();
    // Monday: a gets 3 (1 over the day cap); waits of 0 s, 60 s and 120 s.
    for (int i = 0; i < 3; i++) {
      Instant at = MON.plusSeconds(600L * i);
      assignments.add(assignment("m" + i, "a", at.minusSeconds(60L * i), at, 1, 1));
    }
    // Tuesday: a gets 2 (week total 5: 1 over the week cap, none over the day cap); b gets one at 13:00 (absent).
    assignments.add(assignment("t0", "a", MON.plusSeconds(86400), MON.plusSeconds(86400), 1, 1));
    assignments.add(assignment("t1", "a", MON.plusSeconds(86400 + 60), MON.plusSeconds(86400 + 60), 1, 1));
    assignments.add(assignment("t2", "b", MON.plusSeconds(27 * 3600), MON.plusSeconds(28 * 3600), 1, 1));
    // Wednesday 11:00 b is fine; Thursday 11:00 b is unavailable (rep event in the log at 10:00).
    assignments.add(assignment("w0", "b", MON.plusSeconds(50 * 3600), MON.plusSeconds(50 * 3600), 1, 1));
    assignments.add(assignment("th0", "b", MON.plusSeconds(74 * 3600), MON.plusSeconds(74 * 3600), 1, 1));
    // Next Monday: a's week starts over.
    assignments.add(assignment("n0", "a", MON.plusSeconds(7 * 86400), MON.plusSeconds(7 * 86400), 3, 1));

    PolicyResult r = Backtest.evaluate("hand", assignments, Set.of("m0", "x-never-assigned"),
        new RepTimeline(List.of(a, b), log), Map.of("a", 0.5));

    assertThat(r.leadsAssigned()).isEqualTo(9);
    assertThat(r.unassignedLeads()).isEqualTo(1);
    assertThat(r.dailyCapViolations()).isEqualTo(1);
    assertThat(r.weeklyCapViolations()).isEqualTo(1);
    assertThat(r.availabilityViolations()).isEqualTo(2);
    // Waits: 0, 60, 120, 0, 0, 3600, 0, 0, 0 seconds.
    assertThat(r.timeToAssignment().p50()).isEqualTo(0);
    assertThat(r.timeToAssignment().p90()).isEqualTo(3600); // nearest rank: the 9th of 9
    assertThat(r.timeToAssignment().max()).isEqualTo(3600);
    assertThat(r.timeToAssignment().mean()).isCloseTo(3780 / 9.0, within(1e-9));
    // a: 6 leads, b: 3. Targets: 8 decisions at 1:1 → 4 each, one at 3:1 → 0.75/0.25.
    PolicyResult.RepRow rowA = r.reps().get(0);
    PolicyResult.RepRow rowB = r.reps().get(1);
    assertThat(rowA.leads()).isEqualTo(6);
    assertThat(rowA.targetLeads()).isCloseTo(4.75, within(1e-9));
    assertThat(rowB.targetLeads()).isCloseTo(4.25, within(1e-9));
    assertThat(rowA.share()).isCloseTo(6 / 9.0, within(1e-9));
    assertThat(rowB.availabilityViolations()).isEqualTo(2);
    // Rates: only a's is known (0.5 → 3 opportunities); b's is unknown and counts nothing.
    assertThat(rowA.expectedOpportunities()).isCloseTo(3.0, within(1e-9));
    assertThat(rowB.conversionRate()).isNull();
    assertThat(r.expectedOpportunities()).isCloseTo(3.0, within(1e-9));
    // Spread of 6 and 3: mean 4.5, std dev 1.5, Gini (−1·3 + 1·6) / (2·9) = 1/6; one tier.
    assertThat(r.standardDeviation()).isCloseTo(1.5, within(1e-9));
    assertThat(r.gini()).isCloseTo(1 / 6.0, within(1e-9));
    assertThat(r.standardDeviationByTier()).containsOnlyKeys("1");
  }

  @Test
  void measuresConversionFromOutcomesPerLeadNotPerEvent() {
    List<SimulationEvent> log = List.of(
        SimulationFixtures.outcome("l1", "a", OutcomeType.CONTACTED, MON, 1),
        SimulationFixtures.outcome("l1", "a", OutcomeType.OPPORTUNITY, MON.plusSeconds(1), 2),
        SimulationFixtures.outcome("l1", "a", OutcomeType.WON, MON.plusSeconds(2), 3),
        SimulationFixtures.outcome("l2", "a", OutcomeType.DISQUALIFIED, MON.plusSeconds(3), 4),
        SimulationFixtures.outcome("l3", "a", OutcomeType.CONTACTED, MON.plusSeconds(4), 5),
        SimulationFixtures.outcome("l4", "b", OutcomeType.WON, MON.plusSeconds(5), 6));
    assertThat(Backtest.conversionRates(log)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 1 / 3.0, "b", 1.0));
  }
}
