package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AccountMatch;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.Rep;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipped rules (examples/routing.yaml) through the whole topology: each level lands where it should. */
class HierarchyRoutingTopologyTest {

  private final RoutingConfig config = RoutingConfig.from(LayeredConfig.defaults());
  private TopologyTestDriver driver;
  private TestInputTopic<String, Rep> reps;
  private TestInputTopic<String, LeadStageChange> stageChanges;
  private TestOutputTopic<String, LeadAssignment> assignments;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(RoutingTopology.build(config),
        TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name()), T0);
    reps = TopologyTests.input(driver, Topics.REPS);
    stageChanges = TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES);
    assignments = TopologyTests.output(driver, Topics.LEAD_ASSIGNMENTS);
    reps.pipeInput("rep-anna", rep("rep-anna", "general", "enterprise", "dach"));
    reps.pipeInput("rep-ben", rep("rep-ben", "general"));
    reps.pipeInput("rep-gone", Rep.newBuilder(rep("rep-gone", "general")).setActive(false).setManagerRepId("rep-max").build());
    reps.pipeInput("rep-max", rep("rep-max", "management"));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private LeadAssignment route(String leadId, String country, String region, String industry, Segment segment,
      AccountMatch account) {
    EnrichedLead lead = EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(T0)
        .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@example.de").build())
        .setFirmographics(Firmographics.newBuilder().setCountry(country).setRegion(region).setIndustry(industry).build())
        .setSegment(segment).setAccount(account).setEnrichedAt(T0).build();
    stageChanges.pipeInput(leadId,
        LeadStageChange.newBuilder(stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, T0)).setLead(lead).build());
    return assignments.readValue();
  }

  @Test
  void customerAccountGoesToItsOwner() {
    LeadAssignment a = route("l1", "FR", "FR", "Retail", Segment.SMB, new AccountMatch("acc-1", AccountType.CUSTOMER, "rep-ben", false));
    assertThat(a.getRepId()).isEqualTo("rep-ben");
    assertThat(a.getMethod()).isEqualTo(AssignmentMethod.ACCOUNT_OWNER);
    assertThat(a.getPoolId()).isEqualTo(RouteResolver.DIRECT_POOL);
  }

  @Test
  void accountOwnerWhoLeftHandsToTheManagerAndTheFallbackIsCounted() {
    LeadAssignment a = route("l2", "FR", "FR", "Retail", Segment.SMB, new AccountMatch("acc-2", AccountType.CUSTOMER, "rep-gone", false));
    assertThat(a.getRepId()).isEqualTo("rep-max");
    assertThat(a.getDecision().getFallback()).isEqualTo("owner-left:manager");
    assertThat(a.getDecision().getSkipped()).extracting(s -> s.getRepId()).contains("rep-gone");
    assertThat(fallbackTotal("owner-left:manager")).isEqualTo(1.0);
  }

  @Test
  void dachCompanyGoesToTheDachTerritoryPool() {
    LeadAssignment a = route("l3", "DE", "DACH", "Software", Segment.SMB, null);
    assertThat(a.getPoolId()).isEqualTo("dach");
    assertThat(a.getMethod()).isEqualTo(AssignmentMethod.TERRITORY);
    assertThat(a.getRepId()).isEqualTo("rep-anna");
    assertThat(a.getDecision().getWeightModel()).isEqualTo("tier");
  }

  @Test
  void enterpriseSegmentOutsideAnyTerritoryGoesToTheEnterpriseTeam() {
    LeadAssignment a = route("l4", "FR", "FR", "Retail", Segment.ENTERPRISE, null);
    assertThat(a.getPoolId()).isEqualTo("enterprise");
    assertThat(a.getMethod()).isEqualTo(AssignmentMethod.SEGMENT);
  }

  @Test
  void noMatchGoesToTheGeneralPoolAsANoTerritoryFallback() {
    LeadAssignment a = route("l5", "FR", "FR", "Retail", Segment.SMB, null);
    assertThat(a.getPoolId()).isEqualTo("general");
    assertThat(a.getDecision().getFallback()).isEqualTo("no-territory");
    assertThat(a.getDecision().getCandidates()).extracting(c -> c.getRepId()).containsExactly("rep-anna", "rep-ben");
    assertThat(a.getDecision().getSkipped()).extracting(s -> s.getRepId()).containsExactly("rep-gone");
    assertThat(fallbackTotal("no-territory")).isEqualTo(1.0);
  }

  private double fallbackTotal(String fallback) {
    return driver.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("fallback-total")
            && fallback.equals(e.getKey().tags().get(RoutingMetrics.SCOPE + "-id")))
        .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .findFirst().orElse(0.0);
  }

}
