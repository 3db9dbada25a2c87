package io.leadflow.ops.recalibrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.OutcomeType;
import io.leadflow.ops.recalibrate.RepPerformance.Assignment;
import io.leadflow.ops.recalibrate.RepPerformance.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RepPerformance}: latest assignment wins, outcomes join on the lead, the 90-day window's edges. */
class RecalibrationPerformanceTest {

  private static final Instant END = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant START = END.minus(Duration.ofDays(90));
  private static final Instant MID = END.minus(Duration.ofDays(30));

  @Test
  void countsLeadsOpportunitiesWinsAndClosedPerLead() {
    List<Assignment> assignments = List.of(
        new Assignment("l1", "a", MID), new Assignment("l2", "a", MID), new Assignment("l3", "a", MID),
        new Assignment("l4", "a", MID), new Assignment("l5", "b", MID));
    List<Outcome> outcomes = List.of(
        new Outcome("l1", OutcomeType.OPPORTUNITY, MID.plusSeconds(60)),
        new Outcome("l1", OutcomeType.WON, MID.plusSeconds(120)),
        new Outcome("l2", OutcomeType.OPPORTUNITY, MID.plusSeconds(60)),
        new Outcome("l2", OutcomeType.LOST, MID.plusSeconds(120)),
        new Outcome("l3", OutcomeType.CONTACTED, MID.plusSeconds(60)),
        new Outcome("l3", OutcomeType.DISQUALIFIED, MID.plusSeconds(120)),
        new Outcome("l5", OutcomeType.WON, MID.plusSeconds(60)));

    Map<String, RepPerformance> perf = RepPerformance.measure(assignments, outcomes, END, Duration.ofDays(90));

    RepPerformance a = perf.get("a");
    assertThat(a).isEqualTo(new RepPerformance("a", 4, 2, 1, 3));
    assertThat(a.leadToOpportunityRate()).isEqualTo(0.5);
    assertThat(a.opportunityToWinRate()).isEqualTo(0.5);
    assertThat(a.leadToCloseRate()).isEqualTo(0.25);
    assertThat(perf.get("b")).isEqualTo(new RepPerformance("b", 1, 1, 1, 1));
  }

  @Test
  void onlyTheLatestAssignmentCountsAndOutcomesGoToTheOwner() {
    List<Assignment> assignments = List.of(
        new Assignment("l1", "a", MID), new Assignment("l1", "b", MID.plusSeconds(3600)));
    List<Outcome> outcomes = List.of(new Outcome("l1", OutcomeType.OPPORTUNITY, MID.plusSeconds(7200)));

    Map<String, RepPerformance> perf = RepPerformance.measure(assignments, outcomes, END, Duration.ofDays(90));

    assertThat(perf).containsOnlyKeys("b");
    assertThat(perf.get("b")).isEqualTo(new RepPerformance("b", 1, 1, 0, 0));
  }

  @Test
  void assignmentsOutsideTheWindowAreIgnored() {
    List<Assignment> assignments = List.of(
        new Assignment("before", "a", START.minusMillis(1)),
        new Assignment("first", "a", START),
        new Assignment("last", "a", END.minusMillis(1)),
        new Assignment("atEnd", "a", END));

    Map<String, RepPerformance> perf = RepPerformance.measure(assignments, List.of(), END, Duration.ofDays(90));

    assertThat(perf.get("a").leads()).isEqualTo(2);
  }

  @Test
  void aReassignmentAfterTheWindowEndDoesNotMoveTheLead() {
    List<Assignment> assignments = List.of(new Assignment("l1", "a", MID), new Assignment("l1", "b", END.plusSeconds(1)));

    Map<String, RepPerformance> perf = RepPerformance.measure(assignments, List.of(), END, Duration.ofDays(90));

    assertThat(perf).containsOnlyKeys("a");
  }

  @Test
  void aLeadReassignedIntoTheWindowCountsForTheNewOwnerOnly() {
    List<Assignment> assignments = List.of(new Assignment("l1", "a", START.minusSeconds(10)), new Assignment("l1", "b", MID));

    Map<String, RepPerformance> perf = RepPerformance.measure(assignments, List.of(), END, Duration.ofDays(90));

    assertThat(perf).containsOnlyKeys("b");
  }

  @Test
  void outcomesOutsideTheWindowAreIgnored() {
    List<Assignment> assignments = List.of(new Assignment("l1", "a", START), new Assignment("l2", "a", MID),
        new Assignment("l3", "a", MID));
    List<Outcome> outcomes = List.of(
        new Outcome("l1", OutcomeType.OPPORTUNITY, START.minusMillis(1)),
        new Outcome("l2", OutcomeType.WON, END),
        new Outcome("l3", OutcomeType.OPPORTUNITY, END.minusMillis(1)),
        new Outcome("unknown-lead", OutcomeType.WON, MID));

    Map<String, RepPerformance> perf = RepPerformance.measure(assignments, outcomes, END, Duration.ofDays(90));

    assertThat(perf.get("a")).isEqualTo(new RepPerformance("a", 3, 1, 0, 0));
  }

  @Test
  void theWindowIsAnOption() {
    List<Assignment> assignments = List.of(new Assignment("l1", "a", END.minus(Duration.ofDays(31))),
        new Assignment("l2", "a", END.minus(Duration.ofDays(29))));

    assertThat(RepPerformance.measure(assignments, List.of(), END, Duration.ofDays(30)).get("a").leads()).isEqualTo(1);
  }

  @Test
  void ratesAreNullWithoutLeadsOrOpportunities() {
    RepPerformance none = new RepPerformance("x", 0, 0, 0, 0);
    assertThat(none.leadToOpportunityRate()).isNull();
    assertThat(none.opportunityToWinRate()).isNull();
    assertThat(none.leadToCloseRate()).isNull();
  }
}
