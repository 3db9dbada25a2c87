package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.Absence;
import io.leadflow.avro.AbsenceKind;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepWeight;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing topology against seed 000's worked examples (weighted distribution), seed 002's skip logic and SLA
 * re-routing, and DESIGN.md's absence policy; every figure is the seed's.
 */
class WeightedRoutingTopologyTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, Rep> reps;
  private TestInputTopic<String, io.leadflow.avro.LeadStageChange> stageChanges;
  private TestInputTopic<String, LeadOutcome> outcomes;
  private TestInputTopic<String, RepWeight> repWeights;
  private TestInputTopic<String, ConfigDocument> routingConfig;
  private TestOutputTopic<String, LeadAssignment> assignments;
  private TestOutputTopic<String, RepAlert> alerts;
  private TestOutputTopic<String, RepLoad> repLoad;

  /** A single general pool with the given settings; no hierarchy levels, so every lead goes to it. */
  private static String rules(String poolSettings) {
    return """
        version: test-1
        hierarchy: []
        pools:
          general: %s
        sla: {HIGH: 1h, NORMAL: 2h}
        max-reroutes: 1
        """.formatted(poolSettings);
  }

  private void start(String rulesYaml) {
    RoutingRules rules = RoutingRules.parse(rulesYaml.getBytes(StandardCharsets.UTF_8), "test rules");
    RoutingConfig config = new RoutingConfig("routing-stream", rules, Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofHours(1), Duration.ofDays(90), TimerMode.WALL_CLOCK);
    driver = new TopologyTestDriver(RoutingTopology.build(config),
        TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name()), T0);
    reps = TopologyTests.input(driver, Topics.REPS);
    stageChanges = TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES);
    outcomes = TopologyTests.input(driver, Topics.LEAD_OUTCOMES);
    repWeights = TopologyTests.input(driver, Topics.REP_WEIGHTS);
    routingConfig = TopologyTests.input(driver, Topics.ROUTING_CONFIG);
    assignments = TopologyTests.output(driver, Topics.LEAD_ASSIGNMENTS);
    alerts = TopologyTests.output(driver, Topics.REP_ALERTS);
    repLoad = TopologyTests.output(driver, Topics.REP_LOAD);
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
  }

  private void addRep(Rep rep) {
    reps.pipeInput(rep.getRepId(), rep, T0);
  }

  private static Rep weighted(String repId, double weight) {
    return Rep.newBuilder(rep(repId, "general")).setWeight(weight).build();
  }

  /** {@code count} MQLs, one a minute from {@code start}; returns the reps they went to, in order. */
  private List<String> route(String prefix, int count, Instant start) {
    for (int i = 0; i < count; i++) {
      String leadId = prefix + i;
      stageChanges.pipeInput(leadId, stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, start.plusSeconds(60L * i)));
    }
    return assignments.readValuesToList().stream().map(LeadAssignment::getRepId).toList();
  }

  private static Map<String, Long> perRep(List<String> repIds) {
    return repIds.stream().collect(Collectors.groupingBy(r -> r, TreeMap::new, Collectors.counting()));
  }

  @Test
  void seed000StaticWeightsThreeTwoTwoOne() {
    start(rules("{weight-model: static}"));
    addRep(weighted("rep-a", 3));
    addRep(weighted("rep-b", 2));
    addRep(weighted("rep-c", 2));
    addRep(weighted("rep-d", 1));

    Map<String, Long> counts = perRep(route("lead-", 100, T0));

    assertThat(counts.get("rep-a")).isBetween(37L, 38L);
    assertThat(counts.get("rep-b")).isEqualTo(25);
    assertThat(counts.get("rep-c")).isEqualTo(25);
    assertThat(counts.get("rep-d")).isBetween(12L, 13L);
  }

  @Test
  void seed000TiersThreeTwoOne() {
    start(rules("{weight-model: tier}"));
    String[] ids = {"t1-a", "t1-b", "t2-a", "t2-b", "t2-c", "t3-a", "t3-b"};
    int[] tiers = {1, 1, 2, 2, 2, 3, 3};
    for (int i = 0; i < ids.length; i++) {
      addRep(Rep.newBuilder(rep(ids[i], "general")).setTier(tiers[i]).build());
    }

    Map<String, Long> counts = perRep(route("lead-", 100, T0));

    Map<Integer, Double> expected = Map.of(1, 21.4, 2, 14.3, 3, 7.1);
    for (int i = 0; i < ids.length; i++) {
      assertThat((double) counts.get(ids[i])).as(ids[i]).isCloseTo(expected.get(tiers[i]), within(1.0));
    }
  }

  @Test
  void seed000FiveAesNormalizedWithFloor() {
    // 200 leads stay open in this example, more than the seed's active-lead cap of 50 for the top rep.
    start(rules("{weight-model: normalized, floor: 0.5}") + "skip: {active-lead-cap: 1000}\n");
    double[] rates = {0.40, 0.30, 0.25, 0.20, 0.10};
    double[] weights = {1.6, 1.2, 1.0, 0.8, 0.5};
    for (int i = 0; i < rates.length; i++) {
      addRep(Rep.newBuilder(rep("ae-" + i, "general")).setConversionRate(rates[i]).build());
    }

    List<LeadAssignment> made = routeAndKeep(200);
    Map<String, Long> counts = perRep(made.stream().map(LeadAssignment::getRepId).toList());

    for (int i = 0; i < rates.length; i++) {
      assertThat((double) counts.get("ae-" + i)).as("ae-" + i).isCloseTo(weights[i] / 5.1 * 200, within(1.0));
    }
    // The audit trail carries each candidate's effective weight and window count.
    LeadAssignment last = made.get(made.size() - 1);
    assertThat(last.getDecision().getWeightModel()).isEqualTo("normalized");
    assertThat(last.getDecision().getCandidates()).extracting(c -> c.getWeight())
        .containsExactly(1.6, 1.2, 1.0, 0.8, 0.5);
    assertThat(last.getDecision().getCandidates().stream().mapToLong(c -> c.getWindowCount()).sum()).isEqualTo(199);
    assertThat(last.getDecision().getLeadNumberInWindow()).isEqualTo(200);
    assertThat(last.getDecision().getConfigVersion()).isEqualTo("test-1");
  }

  private List<LeadAssignment> routeAndKeep(int count) {
    for (int i = 0; i < count; i++) {
      String leadId = "lead-" + i;
      stageChanges.pipeInput(leadId, stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, T0.plusSeconds(60L * i)));
    }
    return assignments.readValuesToList();
  }

  @Test
  void identicalInputGivesIdenticalAssignments() {
    List<List<String>> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      start(rules("{weight-model: static}"));
      addRep(weighted("rep-a", 2.5));
      addRep(weighted("rep-b", 1));
      addRep(weighted("rep-c", 0.7));
      runs.add(route("lead-", 60, T0));
      driver.close();
      driver = null;
    }
    assertThat(runs.get(0)).hasSize(60).isEqualTo(runs.get(1));
  }

  @Test
  void aRepOnVacationGetsNothingAndBoundedCatchUpAfterReturn() {
    start(rules("{weight-model: static, absence-policy: bounded, catch-up-limit: 3}"));
    Instant back = T0.plus(Duration.ofDays(1));
    addRep(Rep.newBuilder(weighted("rep-a", 1))
        .setAbsences(List.of(new Absence(T0.minus(Duration.ofDays(3)), back, AbsenceKind.VACATION))).build());
    addRep(weighted("rep-b", 1));

    List<String> during = route("away-", 20, T0);
    assertThat(during).containsOnly("rep-b").hasSize(20);

    List<String> after = route("back-", 20, back);
    assertThat(longestRunOf("rep-a", after)).as("catch-up run " + after).isBetween(2, 3);
    assertThat(perRep(after).get("rep-a")).isBetween(10L, 12L);
  }

  @Test
  void fullCatchUpPolicyLetsTheReturningRepCatchUpCompletely() {
    start(rules("{weight-model: static, absence-policy: full}"));
    Instant back = T0.plus(Duration.ofDays(1));
    addRep(Rep.newBuilder(weighted("rep-a", 1))
        .setAbsences(List.of(new Absence(T0.minus(Duration.ofDays(3)), back, AbsenceKind.VACATION))).build());
    addRep(weighted("rep-b", 1));

    route("away-", 20, T0);
    List<String> after = route("back-", 20, back);

    assertThat(after.subList(0, 20)).containsOnly("rep-a");
  }

  @Test
  void vacationSkipIsRecordedWithItsReason() {
    start(rules("{weight-model: static}"));
    addRep(Rep.newBuilder(weighted("rep-a", 1))
        .setAbsences(List.of(new Absence(T0.minusSeconds(60), T0.plus(Duration.ofDays(7)), AbsenceKind.VACATION))).build());
    addRep(weighted("rep-b", 1));
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.SUSPECT, LeadStage.MQL, T0));

    LeadAssignment assignment = assignments.readValue();
    assertThat(assignment.getRepId()).isEqualTo("rep-b");
    assertThat(assignment.getDecision().getSkipped()).singleElement()
        .satisfies(skip -> {
          assertThat(skip.getRepId()).isEqualTo("rep-a");
          assertThat(skip.getReason()).contains("vacation");
        });
  }

  @Test
  void aRepRecordWithABadTimeZoneIsSkippedWithTheReasonAndRoutingGoesOn() {
    start(rules("{weight-model: static}"));
    addRep(Rep.newBuilder(weighted("rep-a", 1)).setTimeZone("Mars/Olympus").build());
    addRep(weighted("rep-b", 1));
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.SUSPECT, LeadStage.MQL, T0));

    LeadAssignment assignment = assignments.readValue();
    assertThat(assignment.getRepId()).isEqualTo("rep-b");
    assertThat(assignment.getDecision().getSkipped()).singleElement()
        .satisfies(skip -> assertThat(skip.getReason()).contains("invalid rep record"));
  }

  @Test
  void aRepOverTheActiveLeadCapIsSkippedUntilALeadCloses() {
    start(rules("{weight-model: static}"));
    addRep(Rep.newBuilder(weighted("rep-a", 1)).setMaxActiveLeads(2).build());
    addRep(weighted("rep-b", 1));

    // Seed 002: skip reps with more than the cap; rep-a takes leads until it holds 3 (> 2).
    List<String> first = route("lead-", 10, T0);
    assertThat(perRep(first).get("rep-a")).isEqualTo(3);
    assertThat(repLoad.readKeyValuesToMap().get("rep-a").getActiveLeads()).isEqualTo(3);

    String closedLead = "lead-0";
    outcomes.pipeInput(closedLead, LeadOutcome.newBuilder().setOutcomeId("o-1").setLeadId(closedLead)
        .setRepId("rep-a").setType(OutcomeType.WON).setOccurredAt(T0.plus(Duration.ofHours(1))).build());
    List<String> next = route("more-", 2, T0.plus(Duration.ofHours(2)));
    assertThat(next).contains("rep-a");
  }

  @Test
  void aWeightFromRepWeightsOverridesTheModelLive() {
    start(rules("{weight-model: static}"));
    addRep(weighted("rep-a", 1));
    addRep(weighted("rep-b", 1));
    repWeights.pipeInput("rep-a", RepWeight.newBuilder().setRepId("rep-a").setWeight(3).setModel("admin")
        .setVersion("w-1").setComputedAt(T0).build());

    Map<String, Long> counts = perRep(route("lead-", 40, T0));

    assertThat(counts).containsEntry("rep-a", 30L).containsEntry("rep-b", 10L);
  }

  @Test
  void aNanOrNegativeWeightOnRepWeightsIsIgnoredAndThePoolKeepsRouting() {
    start(rules("{weight-model: static}"));
    addRep(weighted("rep-a", 1));
    addRep(weighted("rep-b", 1));
    addRep(weighted("rep-c", 2));
    // Before the fix a NaN here made the pool's weight sum NaN: no rep was a candidate, every lead waited forever.
    repWeights.pipeInput("rep-a", RepWeight.newBuilder().setRepId("rep-a").setWeight(Double.NaN).setModel("admin")
        .setVersion("bad-1").setComputedAt(T0).build());
    repWeights.pipeInput("rep-b", RepWeight.newBuilder().setRepId("rep-b").setWeight(-5).setModel("admin")
        .setVersion("bad-2").setComputedAt(T0).build());

    Map<String, Long> counts = perRep(route("lead-", 40, T0));

    assertThat(counts).as("the static weights 1:1:2 apply").containsEntry("rep-a", 10L).containsEntry("rep-b", 10L)
        .containsEntry("rep-c", 20L);
  }

  @Test
  void newRoutingRulesApplyFromTheNextLead() {
    start(rules("{weight-model: static}"));
    addRep(Rep.newBuilder(weighted("rep-a", 3)).setTier(3).build());
    addRep(Rep.newBuilder(weighted("rep-b", 1)).setTier(1).build());
    assertThat(perRep(route("before-", 40, T0))).containsEntry("rep-a", 30L);

    routingConfig.pipeInput(RoutingTopology.RULES_DOCUMENT, ConfigDocument.newBuilder().setName("routing")
        .setVersion("test-2").setYaml(rules("{weight-model: tier}").replace("test-1", "test-2"))
        .setAppliedAt(T0).build(), T0);
    for (int i = 0; i < 40; i++) {
      stageChanges.pipeInput("after-" + i, stageChange("after-" + i, LeadStage.SUSPECT, LeadStage.MQL,
          T0.plus(Duration.ofDays(40)).plusSeconds(60L * i)));
    }
    List<LeadAssignment> after = assignments.readValuesToList();
    assertThat(after).allSatisfy(a -> assertThat(a.getDecision().getConfigVersion()).isEqualTo("test-2"));
    assertThat(perRep(after.stream().map(LeadAssignment::getRepId).toList())).containsEntry("rep-b", 30L);
  }

  @Test
  void anUncontactedLeadIsReroutedToTheBackupAfterTheSla() {
    start(rules("{weight-model: static}"));
    addRep(Rep.newBuilder(weighted("rep-a", 1)).setBackupRepId("rep-backup").build());
    addRep(rep("rep-backup", "backups"));
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.SUSPECT, LeadStage.MQL, T0));
    stageChanges.pipeInput("lead-2", stageChange("lead-2", LeadStage.SUSPECT, LeadStage.MQL, T0));
    assertThat(assignments.readValuesToList()).extracting(LeadAssignment::getRepId).containsExactly("rep-a", "rep-a");
    alerts.readValuesToList();

    // lead-2 is contacted in time: its timer stops.
    outcomes.pipeInput("lead-2", LeadOutcome.newBuilder().setOutcomeId("o-2").setLeadId("lead-2").setRepId("rep-a")
        .setType(OutcomeType.CONTACTED).setOccurredAt(T0.plus(Duration.ofMinutes(30))).build());
    driver.advanceWallClockTime(Duration.ofMinutes(119));
    assertThat(assignments.isEmpty()).as("not due before 2 h").isTrue();
    driver.advanceWallClockTime(Duration.ofMinutes(2));

    LeadAssignment rerouted = assignments.readValue();
    assertThat(rerouted.getLeadId()).isEqualTo("lead-1");
    assertThat(rerouted.getRepId()).isEqualTo("rep-backup");
    assertThat(rerouted.getMethod()).isEqualTo(AssignmentMethod.SLA_REROUTE);
    assertThat(rerouted.getPreviousRepId()).isEqualTo("rep-a");
    assertThat(rerouted.getDecision().getFallback()).contains("not contacted within 2h");
    assertThat(alerts.readValue().getType()).isEqualTo(AlertType.ESCALATION);
    // Once is enough (max-reroutes 1), and lead-2 stays with rep-a.
    driver.advanceWallClockTime(Duration.ofHours(5));
    assertThat(assignments.isEmpty()).isTrue();
  }

  @Test
  void withoutABackupTheSlaReroutesToAnotherRepOfThePool() {
    start(rules("{weight-model: static}"));
    addRep(weighted("rep-a", 1));
    addRep(weighted("rep-b", 1));
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.SUSPECT, LeadStage.MQL, T0));
    assertThat(assignments.readValue().getRepId()).isEqualTo("rep-a");

    driver.advanceWallClockTime(Duration.ofHours(2).plusMinutes(1));

    LeadAssignment rerouted = assignments.readValue();
    assertThat(rerouted.getRepId()).isEqualTo("rep-b");
    assertThat(rerouted.getDecision().getSkipped()).anySatisfy(s -> assertThat(s.getRepId()).isEqualTo("rep-a"));
    // The load moved with the lead.
    Map<String, RepLoad> load = repLoad.readKeyValuesToMap();
    assertThat(load.get("rep-a").getActiveLeads()).isZero();
    assertThat(load.get("rep-b").getActiveLeads()).isEqualTo(1);
  }

  private static int longestRunOf(String repId, List<String> sequence) {
    int longest = 0;
    int run = 0;
    for (String r : sequence) {
      run = r.equals(repId) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
