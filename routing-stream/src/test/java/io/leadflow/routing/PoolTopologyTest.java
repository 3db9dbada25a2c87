package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AccountMatch;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolCommandType;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolEventType;
import io.leadflow.avro.PoolLead;
import io.leadflow.avro.PoolLeadState;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.avro.Segment;
import io.leadflow.platform.observability.Meters;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pull pool of seed 001 end to end through the routing topology: each "Done when" point of issue 6. */
class PoolTopologyTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, Rep> reps;
  private TestInputTopic<String, LeadStageChange> stageChanges;
  private TestInputTopic<String, LeadOutcome> outcomes;
  private TestInputTopic<String, PoolCommand> commands;
  private TestOutputTopic<String, LeadAssignment> assignments;
  private TestOutputTopic<String, RepAlert> alerts;
  private TestOutputTopic<String, PoolEvent> events;
  private TestOutputTopic<Bytes, Bytes> dlq;
  private final AtomicInteger commandIds = new AtomicInteger();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** One general pool with the given pull settings; no hierarchy levels, so every lead goes to it. */
  private static String rules(String pull) {
    return """
        version: pool-test
        hierarchy: []
        pools:
          general:
            weight-model: static
            pull: %s
        """.formatted(pull);
  }

  private void start(String rulesYaml, TimerMode mode) {
    RoutingRules rules = RoutingRules.parse(rulesYaml.getBytes(StandardCharsets.UTF_8), "test rules");
    RoutingConfig config = new RoutingConfig("routing-stream", rules, Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofHours(1), Duration.ofDays(90), mode, Duration.ofSeconds(30));
    Properties props = TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name());
    Meters.putInto(props, registry);
    driver = new TopologyTestDriver(RoutingTopology.build(config), props, T0);
    reps = TopologyTests.input(driver, Topics.REPS);
    stageChanges = TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES);
    outcomes = TopologyTests.input(driver, Topics.LEAD_OUTCOMES);
    commands = TopologyTests.input(driver, Topics.POOL_COMMANDS);
    assignments = TopologyTests.output(driver, Topics.LEAD_ASSIGNMENTS);
    alerts = TopologyTests.output(driver, Topics.REP_ALERTS);
    events = TopologyTests.output(driver, Topics.LEAD_POOL_EVENTS);
    dlq = TopologyTests.output(driver, Topics.ROUTING_DLQ);
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

  private void lead(String leadId, double score, Instant at) {
    lead(leadId, score, at, null);
  }

  private void lead(String leadId, double score, Instant at, AccountMatch account) {
    EnrichedLead lead = EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(at)
        .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@example.de").setLeadSource("webinar").build())
        .setCompanyName("Company " + leadId)
        .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setEmployeeCount(120).build())
        .setSegment(Segment.MID_MARKET).setAccount(account).setEnrichedAt(at).build();
    stageChanges.pipeInput(leadId, LeadStageChange.newBuilder(stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, at))
        .setTotalScore(score).setLead(lead).build());
  }

  private void command(PoolCommandType type, String repId, String leadId, Instant at) {
    commands.pipeInput("general", PoolCommand.newBuilder().setCommandId("cmd-" + commandIds.incrementAndGet())
        .setType(type).setPoolId("general").setRepId(repId).setLeadId(leadId).setIssuedAt(at).build(), at);
  }

  private void claim(String repId, String leadId) {
    command(PoolCommandType.CLAIM, repId, leadId, T0);
  }

  private void contacted(String leadId, String repId, Instant at) {
    outcomes.pipeInput(leadId, LeadOutcome.newBuilder().setOutcomeId("o-" + leadId).setLeadId(leadId).setRepId(repId)
        .setType(OutcomeType.CONTACTED).setOccurredAt(at).build());
  }

  private void outcome(String leadId, OutcomeType type, Instant at) {
    outcomes.pipeInput(leadId, LeadOutcome.newBuilder().setOutcomeId("o-" + leadId + "-" + commandIds.incrementAndGet())
        .setLeadId(leadId).setType(type).setOccurredAt(at).build());
  }

  @Test
  void poolSourceStatsCountAssignmentsLatencyAndEachFunnelStepOncePerClaimSource() {
    start(rules("{push-threshold: 75}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-b", "general"));
    lead("hot", 90, T0);
    lead("warm-1", 50, T0.plusSeconds(1));
    lead("warm-2", 40, T0.plusSeconds(2));
    driver.advanceWallClockTime(Duration.ofMinutes(5)); // the claims come five minutes after the leads
    claim("rep-a", "warm-1");
    command(PoolCommandType.TAKE_NEXT, "rep-b", null, T0);
    List<LeadAssignment> made = assignments.readValuesToList();
    assertThat(made).extracting(LeadAssignment::getLeadId).containsExactly("hot", "warm-1", "warm-2");

    Instant later = T0.plus(Duration.ofMinutes(10));
    outcome("warm-1", OutcomeType.OPPORTUNITY, later);
    outcome("warm-1", OutcomeType.OPPORTUNITY, later.plusSeconds(1)); // reported twice: counts once
    outcome("warm-2", OutcomeType.CONTACTED, later);
    outcome("warm-2", OutcomeType.LOST, later.plusSeconds(1));
    outcome("hot", OutcomeType.WON, later);
    outcome("never-assigned", OutcomeType.WON, later); // no assignment: nothing to count

    KeyValueStore<String, io.leadflow.avro.PoolSourceStats> store =
        driver.getKeyValueStore(RoutingTopology.POOL_SOURCE_STATS_STORE);
    java.util.Map<String, io.leadflow.avro.SourceStats> sources = store.get("general").getSources();
    assertThat(sources).containsOnlyKeys("push", "claim", "take-next");
    io.leadflow.avro.SourceStats claimed = sources.get("claim");
    assertThat(List.of(claimed.getAssigned(), claimed.getContacted(), claimed.getQualified(), claimed.getOpportunity(),
        claimed.getWon(), claimed.getLost())).containsExactly(1L, 1L, 1L, 1L, 0L, 0L);
    io.leadflow.avro.SourceStats taken = sources.get("take-next");
    assertThat(List.of(taken.getAssigned(), taken.getContacted(), taken.getOpportunity(), taken.getLost()))
        .containsExactly(1L, 1L, 0L, 1L);
    io.leadflow.avro.SourceStats pushed = sources.get("push");
    assertThat(List.of(pushed.getAssigned(), pushed.getContacted(), pushed.getOpportunity(), pushed.getWon()))
        .containsExactly(1L, 1L, 1L, 1L);
    // Latency is lead event → assignment of each source's own assignment record.
    for (LeadAssignment assignment : made) {
      String source = assignment.getLeadId().equals("hot") ? "push"
          : assignment.getDecision().getRuleMatched().equals("pool-take-next") ? "take-next" : "claim";
      io.leadflow.avro.SourceStats figures = sources.get(source);
      assertThat(figures.getLatencyMaxMillis()).as(source)
          .isEqualTo(assignment.getAssignedAt().toEpochMilli() - assignment.getEventTime().toEpochMilli());
      assertThat(io.leadflow.routing.rules.LatencyHistogram.count(figures.getLatencyBuckets())).isEqualTo(1);
    }
    assertThat(sources.get("claim").getLatencyMaxMillis()).as("waited in the pool")
        .isGreaterThanOrEqualTo(Duration.ofMinutes(4).toMillis());
  }

  @Test
  void anEscalatedLeadCountsAsEscalationAndItsLaterOutcomeToo() {
    start(rules("{push-threshold: 75, escalation: {auto-assign-after: 30m, manager-review-after: 'off'}}"),
        TimerMode.STREAM_TIME);
    addRep(rep("rep-a", "general"));
    lead("warm", 50, T0);
    lead("tick", 50, T0.plus(Duration.ofMinutes(31))); // moves stream time past the escalation
    LeadAssignment escalated = assignments.readValuesToList().stream()
        .filter(a -> a.getMethod() == AssignmentMethod.ESCALATION).findFirst().orElseThrow();
    outcome(escalated.getLeadId(), OutcomeType.QUALIFIED, T0.plus(Duration.ofMinutes(40)));
    KeyValueStore<String, io.leadflow.avro.PoolSourceStats> store =
        driver.getKeyValueStore(RoutingTopology.POOL_SOURCE_STATS_STORE);
    io.leadflow.avro.SourceStats figures = store.get("general").getSources().get("escalation");
    assertThat(figures.getAssigned()).isEqualTo(1);
    assertThat(figures.getQualified()).isEqualTo(1);
    assertThat(figures.getLatencyMaxMillis()).isGreaterThanOrEqualTo(Duration.ofMinutes(30).toMillis());
  }

  private List<PoolEvent> events(PoolEventType type) {
    return events.readValuesToList().stream().filter(e -> e.getType() == type).toList();
  }

  @Test
  void pushesHotLeadsAndStrategicAccountsAndPoolsWarmLeads() {
    start(rules("{push-threshold: 75}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));

    lead("hot", 82, T0);
    lead("warm", 60, T0.plusSeconds(1));
    lead("strategic", 40, T0.plusSeconds(2),
        AccountMatch.newBuilder().setAccountId("acc-1").setType(AccountType.UNKNOWN).setStrategic(true).build());
    lead("at-threshold", 75, T0.plusSeconds(3));

    List<LeadAssignment> pushed = assignments.readValuesToList();
    assertThat(pushed).extracting(LeadAssignment::getLeadId).containsExactly("hot", "strategic", "at-threshold");
    assertThat(pushed).extracting(LeadAssignment::getMethod).containsOnly(AssignmentMethod.WEIGHTED);
    List<PoolEvent> entered = events.readValuesToList();
    assertThat(entered).extracting(PoolEvent::getLeadId).containsExactly("warm");
    assertThat(entered.get(0).getType()).isEqualTo(PoolEventType.ENTERED);
    assertThat(entered.get(0).getReason()).isEqualTo("score 60 below the push threshold 75");

    KeyValueStore<String, PoolLead> store = driver.getKeyValueStore(RoutingTopology.POOL_LEADS_STORE);
    PoolLead preview = store.get(PoolProcessor.leadKey("general", "warm"));
    assertThat(preview.getState()).isEqualTo(PoolLeadState.OPEN);
    assertThat(preview.getCompanyName()).isEqualTo("Company warm");
    assertThat(preview.getIndustry()).isEqualTo("Software");
    assertThat(preview.getEmployeeCount()).isEqualTo(120);
    assertThat(preview.getSource()).isEqualTo("webinar");
    assertThat(preview.getScore()).isEqualTo(60.0);
  }

  @Test
  void poolWithoutPullSettingsPushesEverything() {
    start("""
        version: push-only
        hierarchy: []
        pools:
          general: {weight-model: static}
        """, TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    lead("warm", 10, T0);
    assertThat(assignments.readValue().getLeadId()).isEqualTo("warm");
    assertThat(events.isEmpty()).isTrue();
  }

  @Test
  void poolGaugesShowUnclaimedLeadsAndTheOldestOnesAgeOnEachPoolCheck() {
    start(rules("{mode: pool}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    for (int i = 1; i <= 3; i++) {
      lead("lead-" + i, 50, T0.plusSeconds(i));
      driver.advanceWallClockTime(Duration.ofSeconds(1)); // entered at T0, T0+1s, T0+2s of the timer clock
    }
    command(PoolCommandType.CLAIM, "rep-a", "lead-1", T0);
    assertThat(assignments.readValue().getLeadId()).isEqualTo("lead-1");

    driver.advanceWallClockTime(Duration.ofSeconds(29)); // T0+32s: the check at T0+30s has run
    assertThat(registry.get("leadflow.pool.size").tag("pool", "general").gauge().value()).isEqualTo(2.0);
    assertThat(registry.get("leadflow.pool.oldest.age").tag("pool", "general").gauge().value()).isEqualTo(31.0); // lead-2, entered at T0+1s

    command(PoolCommandType.CLAIM, "rep-a", "lead-2", T0);
    command(PoolCommandType.CLAIM, "rep-a", "lead-3", T0);
    driver.advanceWallClockTime(Duration.ofSeconds(30));
    assertThat(registry.get("leadflow.pool.size").tag("pool", "general").gauge().value()).isZero();
  }

  @Test
  void queueModeGivesTheOldestLeadAndNobodySkipsAhead() {
    start(rules("{mode: queue}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-b", "general"));
    for (int i = 1; i <= 3; i++) {
      lead("lead-" + i, 50, T0.plusSeconds(i));
      driver.advanceWallClockTime(Duration.ofSeconds(1)); // entry order is the timer clock's
    }
    events.readValuesToList();

    command(PoolCommandType.TAKE_NEXT, "rep-a", null, T0);
    claim("rep-b", "lead-3");
    command(PoolCommandType.TAKE_NEXT, "rep-b", null, T0);

    List<PoolEvent> seen = events.readValuesToList();
    assertThat(seen).extracting(PoolEvent::getType, PoolEvent::getLeadId, PoolEvent::getRepId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "lead-1", "rep-a"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "lead-3", "rep-b"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "lead-2", "rep-b"));
    assertThat(seen.get(1).getReason()).contains("queue mode").contains("lead-2");
    List<LeadAssignment> claimed = assignments.readValuesToList();
    assertThat(claimed).extracting(LeadAssignment::getLeadId, LeadAssignment::getRepId).containsExactly(
        org.assertj.core.groups.Tuple.tuple("lead-1", "rep-a"), org.assertj.core.groups.Tuple.tuple("lead-2", "rep-b"));
    assertThat(claimed).extracting(LeadAssignment::getMethod).containsOnly(AssignmentMethod.CLAIM);
    assertThat(claimed.get(0).getDecision().getRuleMatched()).isEqualTo("pool-take-next");
    assertThat(claimed.get(0).getDecision().getPoolId()).isEqualTo("general");
  }

  @Test
  void ofTwoSimultaneousClaimsExactlyOneWins() {
    start(rules("{mode: pool}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-b", "general"));
    lead("lead-1", 50, T0);
    events.readValuesToList();

    claim("rep-b", "lead-1");
    claim("rep-a", "lead-1");

    List<PoolEvent> seen = events.readValuesToList();
    assertThat(seen).extracting(PoolEvent::getType).containsExactly(PoolEventType.CLAIMED, PoolEventType.CLAIM_REJECTED);
    assertThat(seen.get(0).getRepId()).isEqualTo("rep-b");
    assertThat(seen.get(1).getRepId()).isEqualTo("rep-a");
    assertThat(seen.get(1).getReason()).isEqualTo("lead lead-1 is already claimed by another rep");
    assertThat(seen.get(1).getCommandId()).isEqualTo("cmd-2");
    List<LeadAssignment> made = assignments.readValuesToList();
    assertThat(made).hasSize(1);
    assertThat(made.get(0).getRepId()).isEqualTo("rep-b");
    assertThat(alerts.readValuesToList()).extracting(RepAlert::getRepId).containsExactly("rep-b");
  }

  @Test
  void aLockLapsesWhenTheRepDoesNotActAndTheLeadReturnsToThePool() {
    start(rules("{lock: 15m, escalation: {auto-assign-after: 'off', manager-review-after: 'off'}}"),
        TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-b", "general"));
    lead("lead-1", 50, T0);
    lead("lead-2", 50, T0);
    claim("rep-a", "lead-1");
    claim("rep-b", "lead-2");
    contacted("lead-2", "rep-b", T0.plusSeconds(60)); // rep-b acts in time
    events.readValuesToList();
    alerts.readValuesToList();

    driver.advanceWallClockTime(Duration.ofMinutes(14));
    assertThat(events.isEmpty()).as("still locked at 14 min").isTrue();
    driver.advanceWallClockTime(Duration.ofMinutes(1).plusSeconds(30));

    List<PoolEvent> lapsed = events.readValuesToList();
    assertThat(lapsed).extracting(PoolEvent::getType, PoolEvent::getLeadId, PoolEvent::getRepId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PoolEventType.LOCK_EXPIRED, "lead-1", "rep-a"));
    RepAlert alert = alerts.readValue();
    assertThat(alert.getType()).isEqualTo(AlertType.CLAIM_EXPIRY);
    assertThat(alert.getRepId()).isEqualTo("rep-a");
    KeyValueStore<String, PoolLead> store = driver.getKeyValueStore(RoutingTopology.POOL_LEADS_STORE);
    assertThat(store.get(PoolProcessor.leadKey("general", "lead-1")).getState()).isEqualTo(PoolLeadState.OPEN);
    assertThat(store.get(PoolProcessor.leadKey("general", "lead-2"))).as("contacted: left the pool").isNull();

    assignments.readValuesToList();
    claim("rep-b", "lead-1");
    LeadAssignment reclaimed = assignments.readValue();
    assertThat(reclaimed.getRepId()).isEqualTo("rep-b");
    assertThat(reclaimed.getPreviousRepId()).isEqualTo("rep-a");
  }

  @Test
  void aRepCanReleaseOnlyWhatTheyHold() {
    start(rules("{}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-b", "general"));
    lead("lead-1", 50, T0);
    claim("rep-a", "lead-1");
    events.readValuesToList();

    command(PoolCommandType.RELEASE, "rep-b", "lead-1", T0);
    command(PoolCommandType.RELEASE, "rep-a", "lead-1", T0);

    List<PoolEvent> seen = events.readValuesToList();
    assertThat(seen).extracting(PoolEvent::getType).containsExactly(PoolEventType.CLAIM_REJECTED, PoolEventType.RELEASED);
    assertThat(seen.get(0).getReason()).isEqualTo("release refused: you do not hold lead lead-1");
  }

  @Test
  void theHoardingLimitStopsClaimsUntilALeadIsContacted() {
    start(rules("{hoarding-limit: 2}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    for (int i = 1; i <= 4; i++) {
      lead("lead-" + i, 50, T0.plusSeconds(i));
    }
    events.readValuesToList();

    claim("rep-a", "lead-1");
    claim("rep-a", "lead-2");
    claim("rep-a", "lead-3");
    List<PoolEvent> seen = events.readValuesToList();
    assertThat(seen).extracting(PoolEvent::getType)
        .containsExactly(PoolEventType.CLAIMED, PoolEventType.CLAIMED, PoolEventType.CLAIM_REJECTED);
    assertThat(seen.get(2).getReason()).startsWith("hoarding limit: you hold 2 claimed leads not yet contacted (limit 2)");

    contacted("lead-1", "rep-a", T0.plusSeconds(30));
    claim("rep-a", "lead-3");
    assertThat(events.readValuesToList()).extracting(PoolEvent::getType).containsExactly(PoolEventType.CLAIMED);
  }

  @Test
  void escalatesUnclaimedLeadsAfter30And60MinutesOfStreamTime() {
    start(rules("{escalation: {auto-assign-after: 30m, manager-review-after: 60m, manager: rep-m}}"),
        TimerMode.STREAM_TIME);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-m"));
    lead("lead-1", 50, T0);
    lead("later", 50, T0.plus(Duration.ofMinutes(29)));
    assertThat(assignments.isEmpty()).isTrue();
    events.readValuesToList();

    lead("tick-30", 50, T0.plus(Duration.ofMinutes(30))); // stream time reaches 30 min
    List<PoolEvent> seen = events(PoolEventType.ESCALATED_AUTO_ASSIGN);
    assertThat(seen).extracting(PoolEvent::getLeadId).containsExactly("lead-1");
    assertThat(seen.get(0).getReason()).isEqualTo("unclaimed in pool general for 30 min");
    LeadAssignment escalated = assignments.readValue();
    assertThat(escalated.getLeadId()).isEqualTo("lead-1");
    assertThat(escalated.getRepId()).isEqualTo("rep-a");
    assertThat(escalated.getMethod()).isEqualTo(AssignmentMethod.ESCALATION);
    assertThat(escalated.getDecision().getRuleMatched()).isEqualTo("pool-escalation");
    assertThat(escalated.getDecision().getLeadNumberInWindow()).as("counted by the chairman rule").isEqualTo(1);
    assertThat(alerts.readValue().getType()).isEqualTo(AlertType.ESCALATION);

    lead("tick-60", 50, T0.plus(Duration.ofMinutes(60)));
    List<PoolEvent> later = events.readValuesToList();
    assertThat(later).filteredOn(e -> e.getType() == PoolEventType.ESCALATED_MANAGER_REVIEW)
        .extracting(PoolEvent::getLeadId, PoolEvent::getRepId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("lead-1", "rep-m"));
    assertThat(later).filteredOn(e -> e.getType() == PoolEventType.ESCALATED_AUTO_ASSIGN)
        .extracting(PoolEvent::getLeadId).containsExactly("later", "tick-30");
    List<RepAlert> reviewAlerts = alerts.readValuesToList().stream()
        .filter(a -> a.getType() == AlertType.MANAGER_REVIEW).toList();
    assertThat(reviewAlerts).extracting(RepAlert::getRepId, RepAlert::getLeadId)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("rep-m", "lead-1"));
  }

  @Test
  void anEscalationThatFallsDueDuringALockWaitsForTheLockToEnd() {
    start(rules("{lock: 45m, escalation: {auto-assign-after: 30m, manager-review-after: 'off'}}"), TimerMode.STREAM_TIME);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-b", "general"));
    lead("lead-1", 50, T0);
    command(PoolCommandType.CLAIM, "rep-a", "lead-1", T0.plus(Duration.ofMinutes(1)));
    assignments.readValuesToList();
    events.readValuesToList();

    lead("tick-31", 50, T0.plus(Duration.ofMinutes(31)));
    assertThat(events(PoolEventType.ESCALATED_AUTO_ASSIGN)).as("locked: no escalation").isEmpty();

    lead("tick-47", 50, T0.plus(Duration.ofMinutes(47))); // the lock (claimed at 1 min) lapsed at 46 min
    lead("tick-48", 50, T0.plus(Duration.ofMinutes(48)));
    List<PoolEvent> seen = events.readValuesToList().stream()
        .filter(e -> e.getLeadId().equals("lead-1")).toList();
    assertThat(seen).extracting(PoolEvent::getType)
        .containsExactly(PoolEventType.LOCK_EXPIRED, PoolEventType.ESCALATED_AUTO_ASSIGN);
    LeadAssignment escalated = assignments.readValuesToList().stream()
        .filter(a -> a.getLeadId().equals("lead-1")).findFirst().orElseThrow();
    assertThat(escalated.getMethod()).isEqualTo(AssignmentMethod.ESCALATION);
    assertThat(escalated.getPreviousRepId()).isEqualTo("rep-a");
  }

  @Test
  void aContactedEscalationNeedsNoManagerReview() {
    start(rules("{escalation: {auto-assign-after: 30m, manager-review-after: 60m, manager: rep-m}}"),
        TimerMode.STREAM_TIME);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-m"));
    lead("lead-1", 50, T0);
    lead("tick-30", 50, T0.plus(Duration.ofMinutes(30)));
    contacted("lead-1", "rep-a", T0.plus(Duration.ofMinutes(40)));
    events.readValuesToList();

    lead("tick-60", 50, T0.plus(Duration.ofMinutes(61)));
    assertThat(events.readValuesToList()).filteredOn(e -> e.getType() == PoolEventType.ESCALATED_MANAGER_REVIEW)
        .extracting(PoolEvent::getLeadId).doesNotContain("lead-1");
  }

  @Test
  void accessFollowsPerformance() {
    start(rules("""
        {push-threshold: 80, access: {new-rep-days: 90, full: {tiers: [1]}, filtered: {tiers: [2]},
          filter: {max-score: 50}}}"""), TimerMode.WALL_CLOCK);
    addRep(Rep.newBuilder(rep("rep-top", "general")).setTier(1).build());
    addRep(Rep.newBuilder(rep("rep-mid", "general")).setTier(2).build());
    addRep(Rep.newBuilder(rep("rep-low", "general")).setTier(3).build());
    addRep(Rep.newBuilder(rep("rep-new", "general")).setTier(1)
        .setStartDate(LocalDate.ofInstant(T0, java.time.ZoneOffset.UTC).minusDays(10)).build());
    lead("good", 70, T0);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    lead("plain", 40, T0.plusSeconds(1));
    events.readValuesToList();

    claim("rep-mid", "good");
    command(PoolCommandType.TAKE_NEXT, "rep-mid", null, T0);
    claim("rep-low", "good");
    claim("rep-new", "good");
    claim("rep-top", "good");

    List<PoolEvent> seen = events.readValuesToList();
    assertThat(seen).extracting(PoolEvent::getType, PoolEvent::getLeadId, PoolEvent::getRepId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "good", "rep-mid"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "plain", "rep-mid"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "good", "rep-low"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "good", "rep-new"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "good", "rep-top"));
    assertThat(seen.get(0).getReason()).isEqualTo("lead good is outside your filtered view: score 70 is above 50");
    assertThat(seen.get(2).getReason()).startsWith("no pull access in this pool (below the access rules");
    assertThat(seen.get(3).getReason()).startsWith("no pull access in this pool (new rep: started");
  }

  @Test
  void theDiversityRuleIsEnforcedAndTheSkipLimitReportedFromTheRepsClaims() {
    start(rules("""
        {skip-limit: 1, skip-limit-mode: report,
          diversity: {below-score: 50, min-share: 0.3, grace-claims: 1, mode: enforce}}"""), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    lead("low-1", 40, T0);
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    lead("high-1", 70, T0.plusSeconds(1));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    lead("high-2", 70, T0.plusSeconds(2));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    lead("high-3", 70, T0.plusSeconds(3));
    events.readValuesToList();

    claim("rep-a", "high-1"); // first claim of the day: grace; passes over low-1 (1st skip)
    claim("rep-a", "high-2"); // 0 of 2 low: refused
    claim("rep-a", "low-1");  // the oldest: not a skip
    claim("rep-a", "high-3"); // 1 of 3 low (33 %): allowed; passes over high-2 (1st skip in a row again)
    claim("rep-a", "high-2"); // the oldest now: 1 of 4 low (25 %): refused

    List<PoolEvent> seen = events.readValuesToList();
    assertThat(seen).extracting(PoolEvent::getType, PoolEvent::getLeadId).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "high-1"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "high-2"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "low-1"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIMED, "high-3"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "high-2"));
    assertThat(seen.get(0).getReason()).isNull();
    assertThat(seen.get(1).getReason())
        .isEqualTo("diversity: at least 30% of your claims today must score below 50; with this one 0 of 2 would");
    assertThat(seen.get(4).getReason()).startsWith("diversity:").endsWith("1 of 4 would");

    claim("rep-a", "high-2"); // still refused; nothing else to take
    events.readValuesToList();
    lead("high-4", 70, T0.plusSeconds(5));
    lead("low-2", 30, T0.plusSeconds(6));
    events.readValuesToList();
    claim("rep-a", "low-2"); // passes over high-2 and high-4: a 2nd skip in a row, over the limit of 1: reported
    PoolEvent reported = events.readValue();
    assertThat(reported.getType()).isEqualTo(PoolEventType.CLAIMED);
    assertThat(reported.getReason()).startsWith("reported: skip limit: 1 claims in a row passed over older leads");
  }

  @Test
  void rejectsClaimsForUnknownRepsPoolsAndLeadsWithAReason() {
    start(rules("{}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    addRep(rep("rep-x", "other"));
    lead("lead-1", 50, T0);
    events.readValuesToList();

    claim("ghost", "lead-1");
    claim("rep-x", "lead-1");
    claim("rep-a", "no-such-lead");
    commands.pipeInput("elsewhere", PoolCommand.newBuilder().setCommandId("c-e").setType(PoolCommandType.CLAIM)
        .setPoolId("elsewhere").setRepId("rep-a").setLeadId("lead-1").setIssuedAt(T0).build(), T0);

    assertThat(events.readValuesToList()).extracting(PoolEvent::getType, PoolEvent::getReason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "unknown rep ghost"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "rep rep-x is not a member of pool general"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "lead no-such-lead is not in pool general"),
        org.assertj.core.groups.Tuple.tuple(PoolEventType.CLAIM_REJECTED, "pool elsewhere is not a pull pool"));
    assertThat(assignments.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void malformedCommandsGoToTheDlqWithTheReasonAndTheStreamGoesOn() {
    start(rules("{}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    lead("lead-1", 50, T0);
    commands.pipeInput("other-pool", PoolCommand.newBuilder().setCommandId("c-1").setType(PoolCommandType.CLAIM)
        .setPoolId("general").setRepId("rep-a").setLeadId("lead-1").setIssuedAt(T0).build(), T0);
    commands.pipeInput("general", PoolCommand.newBuilder().setCommandId("c-2").setType(PoolCommandType.CLAIM)
        .setPoolId("general").setRepId("rep-a").setLeadId(null).setIssuedAt(T0).build(), T0);
    driver.createInputTopic(Topics.POOL_COMMANDS.name(), new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())
        .pipeInput("general", "not avro".getBytes(StandardCharsets.UTF_8), T0);

    // Undecodable bytes are skipped here too; TopologyTestDriver does not copy them to the DLQ (a real broker does,
    // as EnrichmentDlqIT shows for the shared handler).
    List<TestRecord<Bytes, Bytes>> dead = dlq.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(dead).allSatisfy(r ->
        assertThat(TopologyTests.header(r.headers(), "__streams.errors.topic")).isEqualTo(Topics.POOL_COMMANDS.name()));
    assertThat(TopologyTests.header(dead.get(0).headers(), "__streams.errors.message"))
        .contains("malformed pool command: record key 'other-pool' is not the command's poolId 'general'");
    assertThat(TopologyTests.header(dead.get(1).headers(), "__streams.errors.message"))
        .contains("malformed pool command: CLAIM needs a leadId");

    claim("rep-a", "lead-1");
    assertThat(assignments.readValue().getRepId()).as("the stream goes on").isEqualTo("rep-a");
  }

  @Test
  void storesAnswerWhatIsInAPoolByPrefix() {
    start(rules("{}"), TimerMode.WALL_CLOCK);
    addRep(rep("rep-a", "general"));
    lead("lead-1", 50, T0);
    lead("lead-2", 40, T0.plusSeconds(1));
    claim("rep-a", "lead-2");

    KeyValueStore<String, PoolLead> store = driver.getKeyValueStore(RoutingTopology.POOL_LEADS_STORE);
    List<KeyValue<String, PoolLead>> inPool = new ArrayList<>();
    try (KeyValueIterator<String, PoolLead> it = store.prefixScan("general" + AssignRepProcessor.KEY_SEPARATOR,
        new org.apache.kafka.common.serialization.StringSerializer())) {
      it.forEachRemaining(inPool::add);
    }
    assertThat(inPool).extracting(kv -> kv.value.getLeadId(), kv -> kv.value.getState()).containsExactly(
        org.assertj.core.groups.Tuple.tuple("lead-1", PoolLeadState.OPEN),
        org.assertj.core.groups.Tuple.tuple("lead-2", PoolLeadState.LOCKED));
    KeyValueStore<String, io.leadflow.avro.PoolRepState> repState =
        driver.getKeyValueStore(RoutingTopology.POOL_REP_STATE_STORE);
    assertThat(repState.get(PoolProcessor.leadKey("general", "rep-a")).getHeldLeadIds()).containsExactly("lead-2");
  }
}
