package io.leadflow.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.Activity;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadStage;
import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.LeadEnricher;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.scoring.LeadScorer;
import io.leadflow.scoring.ScoringRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verifier must catch what it is there to catch: a lost lead, a duplicate, a wrong score. */
class FaultChecksTest {

  private static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");
  private static final int LEADS = 300;

  private final FaultWorkload workload = new FaultWorkload(7, T0);
  private final FaultChecks checks = new FaultChecks(workload,
      new LeadEnricher(EnrichmentConfig.from(LayeredConfig.defaults())), new LeadScorer(ScoringRules.builtIn()));

  @Test
  void recomputesFitAndDecayedEngagementWithTheShippedRules() {
    CompanyProfile company = CompanyProfile.newBuilder().setDomain("acme-fault.de").setName("Acme GmbH")
        .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setEmployeeCount(120).setCountry("DE").build())
        .setUpdatedAt(T0).build();
    LeadEvent profile = LeadEvent.newBuilder().setEventId("p").setLeadId("l1").setType(LeadEventType.PROFILE).setOccurredAt(T0)
        .setProfile(LeadProfile.newBuilder().setEmail("ada@acme-fault.de").setJobTitle("Head of IT").setLeadSource("referral").build())
        .build();
    List<LeadEvent> activities = new ArrayList<>();
    for (int i = 1; i <= 5; i++) { // email opens: 2 points each, capped at 6 a day
      activities.add(activity("l1", i, "email_open", T0.plusSeconds(i)));
    }
    activities.add(activity("l1", 6, "demo_request", T0.plusSeconds(6))); // 40, intent, 14-day half-life
    activities.add(activity("l1", 7, "demo_request", T0.plusSeconds(7))); // once only
    FaultWorkload.Lead lead = new FaultWorkload.Lead("l1", company, profile, activities);

    FaultChecks.Recomputed now = checks.recompute(lead, T0.plusSeconds(7));
    // Software 15 + Mid-Market 10 + DE 5 + "head" 10 + referral 5
    assertThat(now.fit()).isEqualTo(45.0);
    assertThat(now.engagement()).isCloseTo(46.0, within(0.01));
    // 14 days later the demo request is worth half, the opens (3-day half-life) 6 · 2^(-14/3)
    FaultChecks.Recomputed later = checks.recompute(lead, T0.plusSeconds(7).plus(java.time.Duration.ofDays(14)));
    assertThat(later.engagement()).isCloseTo(20 + 6 * Math.pow(2, -14.0 / 3), within(0.01));
  }

  @Test
  void outputsThatMatchTheRecomputationPass() {
    FaultChecks.Result result = checks.check(LEADS, faithfulOutputs());
    assertThat(result.passed()).as(result.examples().toString()).isTrue();
    assertThat(result.reachedRouting()).isPositive();
    assertThat(result.dueByRecomputation()).isBetween(LEADS / 10, LEADS / 3); // about one lead in five is engaged
  }

  @Test
  void aRoutedLeadWithoutAssignmentIsLost() {
    FaultChecks.Observed observed = faithfulOutputs();
    String victim = observed.reachedRouting.iterator().next();
    observed.assignmentsPerLead.remove(victim);
    FaultChecks.Result result = checks.check(LEADS, observed);
    assertThat(result.lost()).isEqualTo(1);
    assertThat(result.passed()).isFalse();
  }

  @Test
  void aLeadScoringAboveMqlThatNeverReachedRoutingIsLostToo() {
    FaultChecks.Observed observed = faithfulOutputs();
    String victim = observed.reachedRouting.iterator().next();
    observed.reachedRouting.remove(victim);
    observed.assignmentsPerLead.remove(victim);
    assertThat(checks.check(LEADS, observed).lost()).isEqualTo(1);
  }

  @Test
  void aSecondAssignmentIsADuplicate() {
    FaultChecks.Observed observed = faithfulOutputs();
    observed.assignment(observed.reachedRouting.iterator().next());
    FaultChecks.Result result = checks.check(LEADS, observed);
    assertThat(result.duplicates()).isEqualTo(1);
    assertThat(result.passed()).isFalse();
  }

  @Test
  void anActivityCountedTwiceIsAScoreMismatch() {
    FaultChecks.Observed observed = faithfulOutputs();
    String leadId = FaultWorkload.leadId(7, 3);
    LeadScore last = observed.lastScore.get(leadId);
    observed.score(leadId, LeadScore.newBuilder(last).setEngagementScore(last.getEngagementScore() + 2).build());
    FaultChecks.Result result = checks.check(LEADS, observed);
    assertThat(result.scoreMismatches()).isEqualTo(1);
    assertThat(result.passed()).isFalse();
  }

  @Test
  void dlqRecordsAndHungPartitionsFailTheRun() {
    FaultChecks.Observed observed = faithfulOutputs();
    observed.dlqRecords = 1;
    observed.hungPartitions.add("lead-assignments-2");
    FaultChecks.Result result = checks.check(LEADS, observed);
    assertThat(result.hungPartitions()).isEqualTo(1);
    assertThat(result.passed()).isFalse();
  }

  /** What a correct pipeline would have written: each lead's score after its last event, one assignment per MQL lead. */
  private FaultChecks.Observed faithfulOutputs() {
    FaultChecks.Observed observed = new FaultChecks.Observed();
    for (int i = 0; i < LEADS; i++) {
      FaultWorkload.Lead lead = workload.lead(i);
      FaultChecks.Recomputed score = checks.recompute(lead, lead.lastEventAt());
      observed.score(lead.leadId(), LeadScore.newBuilder().setLeadId(lead.leadId()).setFitScore(score.fit())
          .setEngagementScore(score.engagement()).setTotalScore(score.total()).setStage(LeadStage.PROSPECT)
          .setFitRulesFired(List.of()).setSignals(List.of()).setScoredAt(lead.lastEventAt()).setConfigVersion("t").build());
      if (score.total() >= 50) {
        observed.stageChange(lead.leadId(), LeadStage.MQL);
        observed.assignment(lead.leadId());
      }
    }
    return observed;
  }

  private static LeadEvent activity(String leadId, int n, String type, Instant at) {
    return LeadEvent.newBuilder().setEventId(leadId + "-" + n).setLeadId(leadId).setType(LeadEventType.ACTIVITY).setOccurredAt(at)
        .setActivity(Activity.newBuilder().setType(type).setUrl("https://x.test/" + type).build()).build();
  }
}
