package io.leadflow.ops.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RoutingDecision;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportTest {

  static final Instant MON = Instant.parse("2026-11-16T09:00:00Z"); // ISO week 2026-W47
  static final Instant NEXT_MON = MON.plus(Duration.ofDays(7));     // 2026-W48
  static int ids;

  static LeadAssignment assignment(String lead, String rep, Instant at, Duration latency, AssignmentMethod method,
      Priority priority, Double weight, String fallback) {
    List<Candidate> candidates = weight == null ? List.of() : List.of(new Candidate(rep, weight, 3L));
    return LeadAssignment.newBuilder().setAssignmentId("a-" + ids++).setLeadId(lead).setRepId(rep).setPoolId("dach")
        .setMethod(method).setPriority(priority).setStage(LeadStage.MQL)
        .setDecision(RoutingDecision.newBuilder().setRuleMatched("territory").setPoolId("dach")
            .setCandidates(candidates).setFallback(fallback).build())
        .setEventTime(at.minus(latency)).setAssignedAt(at).build();
  }

  static LeadAssignment assignment(String lead, String rep, Instant at) {
    return assignment(lead, rep, at, Duration.ofSeconds(1), AssignmentMethod.WEIGHTED, Priority.NORMAL, 1.0, null);
  }

  static LeadOutcome outcome(String lead, OutcomeType type, Instant at) {
    return LeadOutcome.newBuilder().setOutcomeId("o-" + ids++).setLeadId(lead).setType(type).setOccurredAt(at).build();
  }

  @Test
  void leadsPerRepWithStandardDeviationAndGini() {
    List<LeadAssignment> log = new ArrayList<>();
    int lead = 0;
    for (int rep = 1; rep <= 4; rep++) {
      for (int i = 0; i < rep * 10; i++) {
        log.add(assignment("l" + lead++, "r" + rep, MON.plusSeconds(i)));
      }
    }
    KpiReport r = KpiReport.compute(log, List.of(), ReportOptions.defaults());

    // r1..r4 hold 10, 20, 30, 40: mean 25; deviations −15, −5, 5, 15 → squares 225+25+25+225 = 500, /4 = 125,
    // std dev √125 ≈ 11.180. Gini over 10,20,30,40 (n = 4, Σ = 100): Σ(2i−n−1)·x_i = −3·10 −1·20 +1·30 +3·40
    // = 100, / (4·100) = 0.25.
    assertThat(r.leadsPerRep()).containsEntry("r1", 10L).containsEntry("r4", 40L);
    assertThat(r.spread().mean()).isEqualTo(25.0);
    assertThat(r.spread().standardDeviation()).isCloseTo(Math.sqrt(125), within(1e-9));
    assertThat(r.spread().gini()).isCloseTo(0.25, within(1e-9));
    assertThat(r.leadsPerRepPerWeek()).containsOnlyKeys("2026-W47");
    assertThat(r.leadsPerRepPerDay().get(java.time.LocalDate.parse("2026-11-16"))).containsEntry("r3", 30L);
  }

  @Test
  void latencyResponseConversionAndFallback() {
    List<LeadAssignment> log = new ArrayList<>();
    List<LeadOutcome> outcomes = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      // latency i seconds; first response i minutes after assignment; lead 1..2 HIGH
      Instant at = MON.plus(Duration.ofHours(i));
      log.add(assignment("l" + i, "r1", at, Duration.ofSeconds(i), i <= 4 ? AssignmentMethod.WEIGHTED
          : AssignmentMethod.TERRITORY, i <= 2 ? Priority.HIGH : Priority.NORMAL, i == 10 ? null : 1.0,
          i == 10 ? "no-territory" : null));
      Duration response = i == 2 ? Duration.ofMinutes(90) : Duration.ofMinutes(i);
      outcomes.add(outcome("l" + i, OutcomeType.CONTACTED, at.plus(response)));
      outcomes.add(outcome("l" + i, OutcomeType.QUALIFIED, at.plus(response).plusSeconds(1)));
    }
    outcomes.add(outcome("l1", OutcomeType.OPPORTUNITY, MON.plus(Duration.ofDays(2))));
    outcomes.add(outcome("l5", OutcomeType.WON, MON.plus(Duration.ofDays(2))));
    KpiReport r = KpiReport.compute(log, outcomes, ReportOptions.defaults());

    // Latencies 1..10 s, nearest rank: p50 = 5th = 5 s, p90 = 9th = 9 s, p99 = ⌈9.9⌉ = 10th = 10 s, max 10 s.
    assertThat(r.assignmentLatency().p50()).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.assignmentLatency().p90()).isEqualTo(Duration.ofSeconds(9));
    assertThat(r.assignmentLatency().p99()).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.assignmentLatency().max()).isEqualTo(Duration.ofSeconds(10));
    // Responses 1, 90, 3, 4, …, 10 min: sorted 1,3,4,5,6,7,8,9,10,90 → p50 = 5th = 6 min, p90 = 9th = 10 min.
    assertThat(r.responseTime().p50()).isEqualTo(Duration.ofMinutes(6));
    assertThat(r.responseTime().p90()).isEqualTo(Duration.ofMinutes(10));
    assertThat(r.responseTime().max()).isEqualTo(Duration.ofMinutes(90));
    // HIGH: l1 (1 min) and l2 (90 min) → 1 of 2 over one hour.
    assertThat(r.highPriority().leads()).isEqualTo(2);
    assertThat(r.highPriority().overLimit()).isEqualTo(1);
    assertThat(r.highPriority().shareOverLimit()).isEqualTo(0.5);
    // WEIGHTED l1..l4: l1 converted → 1/4; TERRITORY l5..l10: l5 (WON) → 1/6.
    assertThat(r.conversionByMethod().get("WEIGHTED")).isEqualTo(new KpiReport.Conversion(4, 1, 0.25));
    assertThat(r.conversionByMethod().get("TERRITORY").converted()).isEqualTo(1);
    assertThat(r.conversionByMethod().get("TERRITORY").leads()).isEqualTo(6);
    // weight 1.0 → mid (l1..l9, l1 and l5 converted), l10 without candidates → direct.
    assertThat(r.conversionByTier().get("mid")).isEqualTo(new KpiReport.Conversion(9, 2, 2.0 / 9));
    assertThat(r.conversionByTier().get("direct").leads()).isEqualTo(1);
    // one fallback in 10 assignments.
    assertThat(r.fallbacks()).isEqualTo(1);
    assertThat(r.fallbackRate()).isEqualTo(0.1);
  }

  @Test
  void weightTiers() {
    ReportOptions o = ReportOptions.defaults();
    assertThat(o.tier(1.5)).isEqualTo("high");
    assertThat(o.tier(1.49)).isEqualTo("mid");
    assertThat(o.tier(0.8)).isEqualTo("mid");
    assertThat(o.tier(0.79)).isEqualTo("low");
    assertThat(o.tier(null)).isEqualTo("direct");
  }

  @Test
  void disqualificationSpikeIsFlaggedFromFiveLeadsAtMoreThanTwiceTheEarlierShare() {
    List<LeadAssignment> log = new ArrayList<>();
    List<LeadOutcome> outcomes = new ArrayList<>();
    // spiky: earlier 10 leads, 1 DQ (10 %); this week 5 leads, 2 DQ (40 % > 2 × 10 %) → flagged.
    // few: earlier 10 leads, 1 DQ; this week 4 leads, all DQ → not flagged (fewer than 5 leads).
    // steady: earlier 10 leads, 2 DQ (20 %); this week 5 leads, 2 DQ (40 % = 2 ×, not more) → not flagged.
    addCohort(log, outcomes, "spiky", MON, 10, 1);
    addCohort(log, outcomes, "spiky", NEXT_MON, 5, 2);
    addCohort(log, outcomes, "few", MON, 10, 1);
    addCohort(log, outcomes, "few", NEXT_MON, 4, 4);
    addCohort(log, outcomes, "steady", MON, 10, 2);
    addCohort(log, outcomes, "steady", NEXT_MON, 5, 2);
    KpiReport r = KpiReport.compute(log, outcomes, ReportOptions.defaults());

    assertThat(r.disqualificationSpikes()).filteredOn(KpiReport.DisqualificationSpike::flagged)
        .extracting(KpiReport.DisqualificationSpike::repId).containsExactly("spiky");
    KpiReport.DisqualificationSpike spiky = r.disqualificationSpikes().stream()
        .filter(s -> s.repId().equals("spiky")).findFirst().orElseThrow();
    assertThat(spiky.week()).isEqualTo("2026-W48");
    assertThat(spiky.weekShare()).isEqualTo(0.4);
    assertThat(spiky.earlierShare()).isEqualTo(0.1);
    assertThat(r.flags()).anyMatch(f -> f.startsWith("disqualification spike: spiky"));
  }

  private static void addCohort(List<LeadAssignment> log, List<LeadOutcome> outcomes, String rep, Instant week,
      int leads, int disqualified) {
    for (int i = 0; i < leads; i++) {
      String lead = rep + "-" + week.getEpochSecond() + "-" + i;
      log.add(assignment(lead, rep, week.plusSeconds(i)));
      outcomes.add(outcome(lead, i < disqualified ? OutcomeType.DISQUALIFIED : OutcomeType.CONTACTED,
          week.plusSeconds(3600 + i)));
    }
  }

  @Test
  void contactActivityConcentratedOnFewLeadsIsFlaggedAboveHalf() {
    List<LeadAssignment> log = new ArrayList<>();
    List<LeadOutcome> outcomes = new ArrayList<>();
    // focused: 10 leads, top 10 % = 1 lead with 10 contacts, 4 others 1 each → 10/14 = 71 % → flagged.
    // spread: 10 leads, 1 lead with 6 contacts, 9 others 1 each → 6/15 = 40 % → not flagged.
    contacts(log, outcomes, "focused", new int[] {10, 1, 1, 1, 1, 0, 0, 0, 0, 0});
    contacts(log, outcomes, "spread", new int[] {6, 1, 1, 1, 1, 1, 1, 1, 1, 1});
    KpiReport r = KpiReport.compute(log, outcomes, ReportOptions.defaults());

    assertThat(r.contactConcentration()).filteredOn(KpiReport.ContactConcentration::flagged)
        .extracting(KpiReport.ContactConcentration::repId).containsExactly("focused");
    KpiReport.ContactConcentration spread = r.contactConcentration().get(1);
    assertThat(spread.repId()).isEqualTo("spread");
    assertThat(spread.share()).isEqualTo(0.4);
    assertThat(spread.topLeads()).isEqualTo(1);
  }

  private static void contacts(List<LeadAssignment> log, List<LeadOutcome> outcomes, String rep, int[] perLead) {
    for (int i = 0; i < perLead.length; i++) {
      log.add(assignment(rep + i, rep, MON));
      for (int c = 0; c < perLead[i]; c++) {
        outcomes.add(outcome(rep + i, OutcomeType.CONTACTED, MON.plusSeconds(60 + c)));
      }
    }
  }

  @Test
  void dealVelocitySlowingIsFlaggedAtFiftyPercentMore() {
    List<LeadAssignment> log = new ArrayList<>();
    List<LeadOutcome> outcomes = new ArrayList<>();
    // Period = W48 (7 days), previous = W47. slow: median 2 days → 4 days (+100 %) → flagged.
    // fine: 2 days → 2.5 days (+25 %) → not flagged.
    deal(log, outcomes, "slow", "s1", MON, Duration.ofDays(2));
    deal(log, outcomes, "slow", "s2", NEXT_MON, Duration.ofDays(4));
    deal(log, outcomes, "fine", "f1", MON, Duration.ofDays(2));
    deal(log, outcomes, "fine", "f2", NEXT_MON, Duration.ofHours(60));
    KpiReport r = KpiReport.compute(log, outcomes,
        ReportOptions.defaults().withPeriod(NEXT_MON, NEXT_MON.plus(Duration.ofDays(7))));

    assertThat(r.dealVelocity()).filteredOn(KpiReport.DealVelocity::flagged)
        .extracting(KpiReport.DealVelocity::scope).containsExactly("slow");
    // team: previous 2 d, 2 d → median 2 d; now 60 h, 4 d → nearest-rank median 60 h (+25 %) → not flagged.
    KpiReport.DealVelocity team = r.dealVelocity().stream().filter(v -> v.scope().equals("team")).findFirst().orElseThrow();
    assertThat(team.median()).isEqualTo(Duration.ofHours(60));
    assertThat(team.previousMedian()).isEqualTo(Duration.ofDays(2));
    assertThat(team.flagged()).isFalse();
  }

  private static void deal(List<LeadAssignment> log, List<LeadOutcome> outcomes, String rep, String lead,
      Instant at, Duration toOpportunity) {
    log.add(assignment(lead, rep, at));
    outcomes.add(outcome(lead, OutcomeType.OPPORTUNITY, at.plus(toOpportunity)));
  }

  @Test
  void renderersShowTheFiguresAndTheHtmlParsesAsXml() throws Exception {
    List<LeadAssignment> log = List.of(assignment("l1", "rep-anna", MON), assignment("l2", "rep-ben", MON),
        assignment("l3", "rep-ben", MON.plusSeconds(5)));
    KpiReport r = KpiReport.compute(log, List.of(outcome("l1", OutcomeType.CONTACTED, MON.plusSeconds(120))),
        ReportOptions.defaults());

    String text = TextReport.render(r);
    assertThat(text).contains("rep-anna").contains("rep-ben").contains("Gini").contains("no gaming signal flagged");
    assertThat(text).containsPattern("rep-ben\\s+2");

    String html = HtmlReport.render(r);
    assertThat(html).contains("<svg").contains("rep-anna").contains("rep-ben").doesNotContain("<script")
        .doesNotContain("http://cdn").doesNotContain("<link");
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
        html.replace("<!DOCTYPE html>", "").getBytes(StandardCharsets.UTF_8)));
    assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(2);
  }
}
