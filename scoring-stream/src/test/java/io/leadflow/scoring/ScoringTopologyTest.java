package io.leadflow.scoring;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.activity;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.TestRecords;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScoringTopologyTest {

  /** Defaults: 10 points per activity, MQL at 50. */
  private final ScoringConfig config = ScoringConfig.from(LayeredConfig.defaults());
  private TopologyTestDriver driver;
  private TestInputTopic<String, LeadEvent> leadEvents;
  private TestInputTopic<String, EnrichedLead> enriched;
  private TestOutputTopic<String, LeadScore> scores;
  private TestOutputTopic<String, LeadStageChange> stageChanges;

  @BeforeEach
  void setUp() {
    driver = new TopologyTestDriver(ScoringTopology.build(config), TopologyTests.props(config.applicationId(), Topics.SCORING_DLQ.name()));
    leadEvents = driver.createInputTopic(Topics.LEAD_EVENTS.name(), Topics.LEAD_EVENTS.keySerde().serializer(),
        Topics.LEAD_EVENTS.valueSerde().serializer());
    enriched = driver.createInputTopic(Topics.LEADS_ENRICHED.name(), Topics.LEADS_ENRICHED.keySerde().serializer(),
        Topics.LEADS_ENRICHED.valueSerde().serializer());
    scores = driver.createOutputTopic(Topics.LEAD_SCORES.name(), Topics.LEAD_SCORES.keySerde().deserializer(),
        Topics.LEAD_SCORES.valueSerde().deserializer());
    stageChanges = driver.createOutputTopic(Topics.LEAD_STAGE_CHANGES.name(),
        Topics.LEAD_STAGE_CHANGES.keySerde().deserializer(), Topics.LEAD_STAGE_CHANGES.valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  @Test
  void becomesMqlExactlyWhenActivityPointsReachTheThreshold() {
    enriched.pipeInput("lead-1", lead("lead-1"));
    for (int i = 0; i < 4; i++) {
      leadEvents.pipeInput("lead-1", activity("lead-1", "page_view", T0.plus(Duration.ofMinutes(i))));
    }
    assertThat(stageChanges.isEmpty()).as("40 points stay below the MQL threshold of 50").isTrue();

    leadEvents.pipeInput("lead-1", activity("lead-1", "demo_request", T0.plus(Duration.ofMinutes(5))));

    LeadStageChange change = stageChanges.readValue();
    assertThat(change.getFromStage()).isEqualTo(LeadStage.SUSPECT);
    assertThat(change.getToStage()).isEqualTo(LeadStage.MQL);
    assertThat(change.getTotalScore()).isEqualTo(50.0);
    assertThat(change.getOccurredAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(change.getLead().getCompanyName()).as("routing gets the lead snapshot").isEqualTo("Acme GmbH");
    assertThat(scores.readValuesToList()).extracting(LeadScore::getTotalScore).containsExactly(10.0, 20.0, 30.0, 40.0, 50.0);
  }

  @Test
  void emitsTheMqlTransitionOnlyOnce() {
    enriched.pipeInput("lead-2", lead("lead-2"));
    for (int i = 0; i < 8; i++) {
      leadEvents.pipeInput("lead-2", activity("lead-2", "page_view", T0.plus(Duration.ofMinutes(i))));
    }
    assertThat(stageChanges.readValuesToList()).hasSize(1);
  }

  /** Activities often overtake enrichment; routing must still learn who the lead is. */
  @Test
  void holdsTheTransitionUntilTheEnrichedProfileArrives() {
    for (int i = 0; i < 6; i++) {
      leadEvents.pipeInput("lead-3", activity("lead-3", "page_view", T0.plus(Duration.ofMinutes(i))));
    }
    assertThat(stageChanges.isEmpty()).isTrue();
    assertThat(scores.readValuesToList()).last().extracting(LeadScore::getStage).isEqualTo(LeadStage.MQL);

    enriched.pipeInput("lead-3", lead("lead-3"), T0.plus(Duration.ofMinutes(10)));

    LeadStageChange change = stageChanges.readValue();
    assertThat(change.getFromStage()).isEqualTo(LeadStage.SUSPECT);
    assertThat(change.getToStage()).isEqualTo(LeadStage.MQL);
    assertThat(change.getLead().getCompanyName()).isEqualTo("Acme GmbH");
    assertThat(change.getReason()).contains("profile arrived");
    enriched.pipeInput("lead-3", lead("lead-3"), T0.plus(Duration.ofMinutes(11)));
    assertThat(stageChanges.isEmpty()).as("announced once").isTrue();
  }

  @Test
  void ignoresProfileEventsWhichArriveEnrichedInstead() {
    leadEvents.pipeInput("lead-3", TestRecords.profile("lead-3", "a@acme.de", T0));
    assertThat(scores.isEmpty()).isTrue();
    assertThat(stageChanges.isEmpty()).isTrue();
  }

  @Test
  void ignoresActivitiesNotKeyedByTheirLeadId() {
    enriched.pipeInput("lead-4", lead("lead-4"));
    for (int i = 0; i < 6; i++) {
      leadEvents.pipeInput("not-lead-4", activity("lead-4", "page_view", T0.plus(Duration.ofMinutes(i))));
    }
    assertThat(scores.isEmpty()).as("the enrichment stream sends these to its DLQ").isTrue();
  }

  /** Enrichment may re-emit an older version of a lead later (it expired while pending); the newer one stays. */
  @Test
  void keepsTheNewestProfileVersion() {
    EnrichedLead newer = EnrichedLead.newBuilder(lead("lead-5")).setOccurredAt(T0.plusSeconds(60)).setCompanyName("Acme GmbH").build();
    EnrichedLead older = EnrichedLead.newBuilder(lead("lead-5")).setOccurredAt(T0).setCompanyName(null)
        .setStatus(io.leadflow.avro.EnrichmentStatus.UNKNOWN).build();
    enriched.pipeInput("lead-5", newer);
    enriched.pipeInput("lead-5", older);
    for (int i = 0; i < 5; i++) {
      leadEvents.pipeInput("lead-5", activity("lead-5", "page_view", T0.plus(Duration.ofMinutes(2 + i))));
    }
    assertThat(stageChanges.readValue().getLead().getCompanyName()).isEqualTo("Acme GmbH");
  }

  @Test
  void namesEveryProcessorAndStore() {
    String description = ScoringTopology.build(config).describe().toString();
    assertThat(description).contains("leads-enriched-source", "lead-activities-source", "score-lead",
        ScoringTopology.LEAD_SCORE_STATE_STORE, "lead-scores-sink", "lead-stage-changes-sink");
  }

  @Test
  void scoresEachLeadSeparately() {
    enriched.pipeInput("lead-a", lead("lead-a"));
    enriched.pipeInput("lead-b", lead("lead-b"));
    for (int i = 0; i < 5; i++) {
      leadEvents.pipeInput("lead-a", activity("lead-a", "page_view", T0.plus(Duration.ofMinutes(i))));
      leadEvents.pipeInput("lead-b", activity("lead-b", "page_view", T0.plus(Duration.ofMinutes(i))));
    }
    assertThat(stageChanges.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("lead-a", "lead-b");
  }

  private static EnrichedLead lead(String leadId) {
    return EnrichedLead.newBuilder()
        .setLeadId(leadId)
        .setOccurredAt(T0)
        .setProfile(LeadProfile.newBuilder().setEmail("ada@acme.de").build())
        .setDomain("acme.de")
        .setStatus(EnrichmentStatus.ENRICHED)
        .setCompanyName("Acme GmbH")
        .setEnrichedAt(T0)
        .build();
  }
}
