package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTopologyTest {

  private final RoutingConfig config = RoutingConfig.from(LayeredConfig.defaults());
  private TopologyTestDriver driver;
  private TestInputTopic<String, Rep> reps;
  private TestInputTopic<String, LeadStageChange> stageChanges;
  private TestOutputTopic<String, LeadAssignment> assignments;
  private TestOutputTopic<String, RepAlert> alerts;
  private TestOutputTopic<Bytes, Bytes> dlq;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(RoutingTopology.build(config), TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name()));
    reps = TopologyTests.input(driver, Topics.REPS);
    stageChanges = TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES);
    assignments = TopologyTests.output(driver, Topics.LEAD_ASSIGNMENTS);
    alerts = TopologyTests.output(driver, Topics.REP_ALERTS);
    dlq = TopologyTests.output(driver, Topics.ROUTING_DLQ);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private void mql(String leadId, int minute) {
    stageChanges.pipeInput(leadId, stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, T0.plus(Duration.ofMinutes(minute))));
  }

  @Test
  void assignsMqlsRoundRobinInRepIdOrder() {
    reps.pipeInput("rep-c", rep("rep-c", "general"));
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    reps.pipeInput("rep-b", rep("rep-b", "general"));

    for (int i = 1; i <= 6; i++) {
      mql("lead-" + i, i);
    }

    List<LeadAssignment> made = assignments.readValuesToList();
    assertThat(made).extracting(LeadAssignment::getLeadId).containsExactly("lead-1", "lead-2", "lead-3", "lead-4", "lead-5", "lead-6");
    assertThat(made).extracting(LeadAssignment::getRepId).containsExactly("rep-a", "rep-b", "rep-c", "rep-a", "rep-b", "rep-c");
    LeadAssignment first = made.get(0);
    assertThat(first.getPoolId()).isEqualTo("general");
    assertThat(first.getDecision().getRuleMatched()).isEqualTo("general");
    assertThat(first.getDecision().getCandidates()).extracting(c -> c.getRepId()).containsExactly("rep-a", "rep-b", "rep-c");
    assertThat(first.getEventTime()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
  }

  @Test
  void carriesTheLeadSnapshotIntoTheAssignmentAndTheAlert() {
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    EnrichedLead lead = EnrichedLead.newBuilder()
        .setLeadId("lead-1").setOccurredAt(T0).setProfile(LeadProfile.newBuilder().setEmail("a@acme.de").build())
        .setCompanyName("Acme GmbH").setEnrichedAt(T0).build();
    stageChanges.pipeInput("lead-1",
        LeadStageChange.newBuilder(stageChange("lead-1", LeadStage.SUSPECT, LeadStage.MQL, T0)).setLead(lead).build());

    assertThat(assignments.readValue().getLead()).isEqualTo(lead);
    assertThat(alerts.readValue().getCompanyName()).isEqualTo("Acme GmbH");
  }

  @Test
  void sendsOneAssignmentAlertToTheChosenRep() {
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    mql("lead-1", 1);

    var alert = alerts.readKeyValue();
    assertThat(alert.key).isEqualTo("rep-a");
    assertThat(alert.value.getType()).isEqualTo(AlertType.ASSIGNMENT);
    assertThat(alert.value.getLeadId()).isEqualTo("lead-1");
    assertThat(alert.value.getChannels()).hasSize(1);
    assertThat(alerts.isEmpty()).isTrue();
  }

  @Test
  void neverReassignsALeadThatIsRescored() {
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    reps.pipeInput("rep-b", rep("rep-b", "general"));
    mql("lead-1", 1);
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.MQL, LeadStage.HOT, T0.plus(Duration.ofMinutes(2))));
    mql("lead-1", 3);

    assertThat(assignments.readValuesToList()).extracting(LeadAssignment::getRepId).containsExactly("rep-a");
  }

  @Test
  void routesHotLeadsWithHighPriority() {
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.PROSPECT, LeadStage.HOT, T0));

    assertThat(assignments.readValue().getPriority()).isEqualTo(Priority.HIGH);
  }

  @Test
  void ignoresStagesThatDoNotTriggerRouting() {
    reps.pipeInput("rep-a", rep("rep-a", "general"));
    stageChanges.pipeInput("lead-1", stageChange("lead-1", LeadStage.SUSPECT, LeadStage.PROSPECT, T0));

    assertThat(assignments.isEmpty()).isTrue();
  }

  @Test
  void skipsRepsThatAreAwayInactiveOrInAnotherPool() {
    reps.pipeInput("rep-a", Rep.newBuilder(rep("rep-a", "general")).setAvailable(false).build());
    reps.pipeInput("rep-b", Rep.newBuilder(rep("rep-b", "general")).setActive(false).build());
    reps.pipeInput("rep-c", rep("rep-c", "enterprise"));
    reps.pipeInput("rep-d", rep("rep-d", "general"));
    mql("lead-1", 1);
    mql("lead-2", 2);

    assertThat(assignments.readValuesToList()).extracting(LeadAssignment::getRepId).containsExactly("rep-d", "rep-d");
  }

  @Test
  void holdsARequestThatNoRepCanTakeAndAssignsItOnceARepIsAvailable() {
    reps.pipeInput("rep-a", Rep.newBuilder(rep("rep-a", "general")).setAvailable(false).build());
    mql("lead-1", 1);
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(assignments.isEmpty()).as("nobody available").isTrue();
    assertThat(dlq.isEmpty()).isTrue();

    reps.pipeInput("rep-a", rep("rep-a", "general"));
    driver.advanceWallClockTime(Duration.ofSeconds(30));

    LeadAssignment assignment = assignments.readValue();
    assertThat(assignment.getLeadId()).isEqualTo("lead-1");
    assertThat(assignment.getRepId()).isEqualTo("rep-a");
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(assignments.isEmpty()).as("assigned once").isTrue();
  }

  @Test
  void namesEveryProcessorStoreAndRepartitionTopic() {
    String description = RoutingTopology.build(config).describe().toString();
    for (String name : List.of("lead-stage-changes-source", "request-route", "lead-assignments-source",
        "lead-outcomes-source", "track-ownership", "sum-rep-load", "rep-load-sink", "new-and-rerouted-requests",
        RoutingTopology.ROUTING_REQUESTS_BY_POOL, RoutingTopology.REP_LOAD_DELTAS_BY_REP, "assign-rep",
        "lead-assignments-sink", "rep-alerts-sink", RoutingTopology.ROUTED_LEADS_STORE,
        RoutingTopology.POOL_REP_COUNTS_STORE, RoutingTopology.POOL_REP_WINDOW_COUNTS_STORE,
        RoutingTopology.POOL_REP_AWAY_STORE, RoutingTopology.WAITING_FOR_REP_STORE,
        RoutingTopology.LEAD_OWNERSHIP_STORE, RoutingTopology.SLA_DUE_STORE, RoutingTopology.REP_LOAD_TOTALS_STORE,
        RoutingTopology.REPS_STORE, RoutingTopology.REP_WEIGHTS_STORE, RoutingTopology.REP_LOAD_STORE,
        RoutingTopology.ROUTING_CONFIG_STORE, "pool-commands-source", "pool-command-input", "pool-request-input",
        "requests-and-pool-commands", "pull-pool", "pushed-only", "claims-only", "pushed-and-claimed",
        "pool-events-only", "pool-alerts-only", "lead-pool-events-sink", "pool-alerts-sink",
        RoutingTopology.POOL_LEADS_STORE, RoutingTopology.POOL_QUEUE_STORE, RoutingTopology.POOL_DUE_STORE,
        RoutingTopology.POOL_REP_STATE_STORE, RoutingTopology.POOL_SOURCE_STATS_STORE,
        RoutingTopology.POOL_STATS_DELTAS_BY_POOL, "pool-stats-changes-only", "pool-stats-change",
        "sum-pool-source-stats")) {
      assertThat(description).contains(name);
    }
    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
  }
}
