package io.leadflow.ops.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.avro.SkippedRep;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplainTest {

  static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void tracesScoresStagesTheRoutingDecisionReroutesAndOutcomes() {
    LeadScore score = LeadScore.newBuilder().setLeadId("lead-1").setFitScore(40).setEngagementScore(35)
        .setTotalScore(75).setStage(LeadStage.MQL).setFitRulesFired(List.of("industry-software", "size-50-500"))
        .setScoredAt(T).setConfigVersion("scoring-v3").build();
    LeadStageChange change = LeadStageChange.newBuilder().setLeadId("lead-1").setFromStage(LeadStage.PROSPECT)
        .setToStage(LeadStage.MQL).setReason("score 75 >= mql-threshold 60").setTotalScore(75).setOccurredAt(T)
        .setConfigVersion("scoring-v3").build();
    LeadAssignment first = LeadAssignment.newBuilder().setAssignmentId("a1").setLeadId("lead-1").setRepId("rep-b")
        .setPoolId("dach").setMethod(AssignmentMethod.WEIGHTED).setPriority(Priority.HIGH).setStage(LeadStage.MQL)
        .setDecision(RoutingDecision.newBuilder().setRuleMatched("territory:dach").setPoolId("dach")
            .setWeightModel("performance").setLeadNumberInWindow(7)
            .setCandidates(List.of(new Candidate("rep-a", 1.6, 4L), new Candidate("rep-b", 1.0, 1L)))
            .setSkipped(List.of(new SkippedRep("rep-c", "absent")))
            .setConfigVersion("routing-v5").build())
        .setEventTime(T).setAssignedAt(T.plusMillis(250)).build();
    LeadAssignment reroute = LeadAssignment.newBuilder(first).setAssignmentId("a2").setRepId("rep-a")
        .setMethod(AssignmentMethod.SLA_REROUTE).setPreviousRepId("rep-b")
        .setDecision(RoutingDecision.newBuilder(first.getDecision()).setFallback("sla-reroute").build())
        .setAssignedAt(T.plusSeconds(3600)).build();
    LeadAssignment other = LeadAssignment.newBuilder(first).setLeadId("lead-2").setRepId("rep-z").build();
    LeadOutcome won = LeadOutcome.newBuilder().setOutcomeId("o1").setLeadId("lead-1").setRepId("rep-a")
        .setType(OutcomeType.WON).setAmount(12000.0).setOccurredAt(T.plusSeconds(86_400)).build();

    LeadExplanation e = LeadExplanation.of("lead-1", List.of(change), List.of(score), List.of(reroute, first, other),
        List.of(won));
    String text = e.toString();

    assertThat(text).contains("total 75.0 = fit 40.0 + engagement 35.0  band MQL  (config scoring-v3)");
    assertThat(text).contains("fit rules fired: industry-software, size-50-500");
    assertThat(text).contains("PROSPECT -> MQL  score 75.0  reason: score 75 >= mql-threshold 60  (rules scoring-v3)");
    assertThat(text).contains("-> rep-b  method WEIGHTED  priority HIGH  (event 2026-11-20T10:00:00Z, latency 250ms)");
    assertThat(text).contains("rule territory:dach, pool dach, weight model performance, lead #7 in window, config routing-v5");
    assertThat(e.lines()).contains("      candidates (* = chosen):", "      * rep-b        weight 1.00  window count 1",
        "        rep-a        weight 1.60  window count 4", "      skipped rep-c: absent",
        "      re-routed from rep-b (SLA_REROUTE)", "      fallback: sla-reroute");
    assertThat(text).contains("WON  by rep-a  amount 12000.00  (23h59m after first assignment)");
    assertThat(text).doesNotContain("rep-z");
    // the first assignment comes before the re-route
    assertThat(text.indexOf("-> rep-b")).isLessThan(text.indexOf("-> rep-a"));
    assertThat(e.isEmpty()).isFalse();
    assertThat(LeadExplanation.of("nobody", List.of(change), List.of(score), List.of(first), List.of(won)).isEmpty())
        .isTrue();
  }
}
