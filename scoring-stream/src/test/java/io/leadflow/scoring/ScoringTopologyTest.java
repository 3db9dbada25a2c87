package io.leadflow.scoring;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.activity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.TestRecords;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shipped rules (examples/scoring.yaml): MQL at 50, HOT at 80, hysteresis 5; demo request 40 (once),
 * pricing page 20 (cap 40 a day), form 25, page view 10 (cap 30 a day), careers -15, press -10; intent signals
 * halve in 14 days, content in 7, negative in 30; fit: industry 15, segment 10, core region 5, decision maker 10.
 */
class ScoringTopologyTest {

  private final ScoringConfig config = ScoringConfig.from(LayeredConfig.defaults());
  private TopologyTestDriver driver;
  private TestInputTopic<String, LeadEvent> leadEvents;
  private TestInputTopic<String, EnrichedLead> enriched;
  private TestInputTopic<String, LeadOutcome> outcomes;
  private TestOutputTopic<String, LeadScore> scores;
  private TestOutputTopic<String, LeadStageChange> stageChanges;

  @BeforeEach
  void setUp() {
    // The decay timer runs on the wall clock by default: start it at the events' time.
    driver = new TopologyTestDriver(ScoringTopology.build(config), TopologyTests.props(config.applicationId(), Topics.SCORING_DLQ.name()), T0);
    leadEvents = TopologyTests.input(driver, Topics.LEAD_EVENTS);
    enriched = TopologyTests.input(driver, Topics.LEADS_ENRICHED);
    outcomes = TopologyTests.input(driver, Topics.LEAD_OUTCOMES);
    scores = TopologyTests.output(driver, Topics.LEAD_SCORES);
    stageChanges = TopologyTests.output(driver, Topics.LEAD_STAGE_CHANGES);
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  /** A lead that matches no fit rule. */
  private static EnrichedLead plainLead(String leadId) {
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

  /** Software (15), Mid-Market (10), Germany (5), Head of Sales (10): fit 40. */
  private static EnrichedLead fittingLead(String leadId) {
    return EnrichedLead.newBuilder(plainLead(leadId))
        .setProfile(LeadProfile.newBuilder().setEmail("ada@acme.de").setJobTitle("Head of Sales").build())
        .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setEmployeeCount(120).setCountry("DE").build())
        .setSegment(Segment.MID_MARKET)
        .build();
  }

  private void act(String leadId, String type, Instant at) {
    leadEvents.pipeInput(leadId, activity(leadId, type, at));
  }

  private void visit(String leadId, String url, Instant at) {
    LeadEvent event = activity(leadId, "page_view", at);
    event.getActivity().setUrl(url);
    leadEvents.pipeInput(leadId, event);
  }

  @Test
  void aBurstOfStrongSignalsMakesALeadMql() {
    enriched.pipeInput("lead-1", plainLead("lead-1"));
    act("lead-1", "demo_request", T0.plusSeconds(60));
    assertThat(stageChanges.isEmpty()).as("40 is below the MQL threshold of 50").isTrue();

    act("lead-1", "pricing_page", T0.plusSeconds(120));

    LeadStageChange change = stageChanges.readValue();
    assertThat(change.getFromStage()).isEqualTo(LeadStage.SUSPECT);
    assertThat(change.getToStage()).isEqualTo(LeadStage.MQL);
    // 40 decayed over one minute of a 14-day half-life, plus 20.
    double expected = 40 * Math.pow(2, -60.0 / Duration.ofDays(14).toSeconds()) + 20;
    assertThat(change.getTotalScore()).isCloseTo(expected, within(1e-9));
    assertThat(change.getLead().getCompanyName()).isEqualTo("Acme GmbH");
    assertThat(change.getConfigVersion()).isEqualTo("best-practice-2026-11");
  }

  /** Seed 004: many small actions over a long time must not make a lead sales-ready. */
  @Test
  void theSamePointsSpreadThinlyOverMonthsDoNot() {
    enriched.pipeInput("lead-1", plainLead("lead-1"));
    double expected = 0;
    for (int month = 0; month < 6; month++) {
      act("lead-1", "form_submit", T0.plus(Duration.ofDays(30L * month)));
      expected = expected * Math.pow(2, -30.0 / 14) + 25; // the intent signal halves every 14 days
    }

    LeadScoreState state = driver.<String, LeadScoreState>getKeyValueStore(ScoringTopology.LEAD_SCORE_STATE_STORE).get("lead-1");
    assertThat(new LeadScorer(config.rules()).totalAt(state, T0.plus(Duration.ofDays(150)))).isCloseTo(expected, within(1e-9));
    assertThat(expected).as("150 points in all, but never 50 at once").isLessThan(50);
    assertThat(stageChanges.isEmpty()).isTrue();

    // The same six forms in one afternoon: MQL at the second (50), HOT at the fourth (100).
    enriched.pipeInput("lead-2", plainLead("lead-2"));
    for (int i = 0; i < 6; i++) {
      act("lead-2", "form_submit", T0.plus(Duration.ofMinutes(i)));
    }
    assertThat(stageChanges.readValuesToList()).extracting(LeadStageChange::getToStage).containsExactly(LeadStage.MQL, LeadStage.HOT);
  }

  @Test
  void careersAndPressPagesLowerTheScoreWithHysteresis() {
    enriched.pipeInput("lead-1", fittingLead("lead-1"));
    act("lead-1", "pricing_page", T0);                              // 40 + 20 = 60: MQL
    visit("lead-1", "https://acme.de/careers/java", T0.plusSeconds(1)); // 60 - 15 = 45: still MQL (within 5 of 50)
    visit("lead-1", "https://acme.de/presse/2026", T0.plusSeconds(2));  // 45 - 10 = 35: Prospect (fit 40)

    assertThat(stageChanges.readValuesToList()).extracting(LeadStageChange::getFromStage, LeadStageChange::getToStage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LeadStage.SUSPECT, LeadStage.PROSPECT),
            org.assertj.core.groups.Tuple.tuple(LeadStage.PROSPECT, LeadStage.MQL),
            org.assertj.core.groups.Tuple.tuple(LeadStage.MQL, LeadStage.PROSPECT));
    List<LeadScore> history = scores.readValuesToList();
    assertThat(history).extracting(s -> Math.round(s.getTotalScore())).containsExactly(40L, 60L, 45L, 35L);
    assertThat(history.get(3).getSignals()).extracting(s -> s.getSignal()).containsExactly("intent", "negative");
  }

  /** lead-scores gets a record when the total enters another band of 10 points, or the stage changes. */
  @Test
  void publishesAScoreOnlyWhenItsBandOrStageChanges() {
    enriched.pipeInput("lead-1", plainLead("lead-1"));                  // 0: band 0
    act("lead-1", "email_open", T0);                                    // 2: band 0, not published
    act("lead-1", "email_open", T0.plusSeconds(1));                     // 4
    act("lead-1", "pricing_page", T0.plusSeconds(2));                   // 24: band 2
    act("lead-1", "form_submit", T0.plusSeconds(3));                    // 49: band 4
    act("lead-1", "email_open", T0.plusSeconds(4));                     // 51: band 5 and MQL

    assertThat(scores.readValuesToList()).extracting(score -> Math.round(score.getTotalScore()))
        .containsExactly(0L, 24L, 49L, 51L);
  }

  @Test
  void aFittingIndustryAndSizeRaiseTheScore() {
    enriched.pipeInput("lead-1", fittingLead("lead-1"));

    LeadScore score = scores.readValue();
    assertThat(score.getFitScore()).isEqualTo(40.0);
    assertThat(score.getFitRulesFired()).containsExactly("target-industry", "mid-market-or-enterprise", "core-region", "decision-maker");
    assertThat(score.getStage()).isEqualTo(LeadStage.PROSPECT);
    assertThat(stageChanges.readValue().getToStage()).isEqualTo(LeadStage.PROSPECT);
  }

  @Test
  void onceOnlyRulesAndDailyCapsHold() {
    enriched.pipeInput("lead-1", plainLead("lead-1"));
    act("lead-1", "demo_request", T0);
    act("lead-1", "demo_request", T0);          // once only: +0
    for (int i = 0; i < 3; i++) {
      act("lead-1", "pricing_page", T0);         // 20, 20, then the cap of 40 a day: +0
    }
    List<LeadScore> sameDay = scores.readValuesToList();
    assertThat(sameDay.get(sameDay.size() - 1).getTotalScore()).isEqualTo(80.0);

    act("lead-1", "pricing_page", T0.plus(Duration.ofDays(1)));   // a new day: +20 on top of the decayed 80
    double expected = 80 * Math.pow(2, -1.0 / 14) + 20;
    assertThat(scores.readValuesToList().get(0).getTotalScore()).isCloseTo(expected, within(1e-9));
  }

  /** Activities often overtake enrichment; routing must still learn who the lead is. */
  @Test
  void holdsTheTransitionUntilTheEnrichedProfileArrives() {
    act("lead-3", "demo_request", T0);
    act("lead-3", "form_submit", T0.plusSeconds(1));
    assertThat(stageChanges.isEmpty()).isTrue();
    assertThat(scores.readValuesToList()).last().extracting(LeadScore::getStage).isEqualTo(LeadStage.MQL);

    enriched.pipeInput("lead-3", plainLead("lead-3"));

    LeadStageChange change = stageChanges.readValue();
    assertThat(change.getFromStage()).isEqualTo(LeadStage.SUSPECT);
    assertThat(change.getToStage()).isEqualTo(LeadStage.MQL);
    assertThat(change.getLead().getCompanyName()).isEqualTo("Acme GmbH");
    assertThat(change.getReason()).startsWith("profile");
    enriched.pipeInput("lead-3", plainLead("lead-3"));
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
    enriched.pipeInput("lead-4", plainLead("lead-4"));
    scores.readValuesToList();
    leadEvents.pipeInput("not-lead-4", activity("lead-4", "demo_request", T0));
    assertThat(scores.isEmpty()).as("the enrichment stream sends these to its DLQ").isTrue();
  }

  /** Enrichment may re-emit an older version of a lead later (it expired while pending); the newer one stays. */
  @Test
  void keepsTheNewestProfileVersion() {
    EnrichedLead newer = EnrichedLead.newBuilder(plainLead("lead-5")).setOccurredAt(T0.plusSeconds(60)).build();
    EnrichedLead older = EnrichedLead.newBuilder(plainLead("lead-5")).setOccurredAt(T0).setCompanyName(null)
        .setStatus(EnrichmentStatus.UNKNOWN).build();
    enriched.pipeInput("lead-5", newer);
    enriched.pipeInput("lead-5", older);
    act("lead-5", "demo_request", T0.plusSeconds(120));
    act("lead-5", "form_submit", T0.plusSeconds(121));

    assertThat(stageChanges.readValue().getLead().getCompanyName()).isEqualTo("Acme GmbH");
  }

  @Test
  void scoresEachLeadSeparately() {
    enriched.pipeInput("lead-a", plainLead("lead-a"));
    enriched.pipeInput("lead-b", plainLead("lead-b"));
    for (String lead : List.of("lead-a", "lead-b")) {
      act(lead, "demo_request", T0);
      act(lead, "pricing_page", T0);
    }
    assertThat(stageChanges.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("lead-a", "lead-b");
  }

  /** Seed 004: interest that fades takes the lead back down, at the time the half-life math predicts. */
  @Test
  void anIdleMqlIsDowngradedWhenTheHalfLifeMathSaysSo() {
    enriched.pipeInput("lead-1", plainLead("lead-1"));
    act("lead-1", "demo_request", T0);
    act("lead-1", "pricing_page", T0);                                   // 60 intent points: MQL
    assertThat(stageChanges.readValuesToList()).extracting(LeadStageChange::getToStage).containsExactly(LeadStage.MQL);

    // MQL holds down to 45 (50 minus the hysteresis of 5): 60 · 2^(-t / 14 days) = 45.
    Duration predicted = Duration.ofMillis(Math.round(Duration.ofDays(14).toMillis() * Math.log(60.0 / 45) / Math.log(2)));
    driver.advanceWallClockTime(predicted.minusMinutes(2));
    assertThat(stageChanges.isEmpty()).as("still MQL two minutes before").isTrue();
    driver.advanceWallClockTime(Duration.ofMinutes(3));

    LeadStageChange down = stageChanges.readValue();
    assertThat(down.getFromStage()).isEqualTo(LeadStage.MQL);
    assertThat(down.getToStage()).isEqualTo(LeadStage.SUSPECT);
    assertThat(down.getReason()).startsWith("decay");
    assertThat(Duration.between(T0.plus(predicted), down.getOccurredAt()))
        .as("within one check interval of the prediction").isBetween(Duration.ZERO, Duration.ofMinutes(1));
    assertThat(down.getTotalScore()).isLessThan(45.0).isGreaterThan(44.9);
  }

  @Test
  void hotDecaysToMqlFirstAndDecayNeverTouchesSal() {
    enriched.pipeInput("lead-1", fittingLead("lead-1"));
    act("lead-1", "demo_request", T0);                                   // fit 40 + 40 = 80: HOT
    enriched.pipeInput("lead-2", fittingLead("lead-2"));
    act("lead-2", "demo_request", T0);
    outcome("lead-2", OutcomeType.ACCEPTED, T0);                         // SAL
    stageChanges.readValuesToList();

    driver.advanceWallClockTime(Duration.ofDays(3));                     // HOT holds to 75: 40 + 40·2^(-t/14d) = 75 at 2.7 days
    assertThat(stageChanges.readValuesToList()).extracting(LeadStageChange::getLeadId, LeadStageChange::getToStage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("lead-1", LeadStage.MQL));
    driver.advanceWallClockTime(Duration.ofDays(40));                    // MQL holds to 45: at 42 days
    assertThat(stageChanges.readValuesToList()).extracting(LeadStageChange::getLeadId, LeadStageChange::getToStage)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("lead-1", LeadStage.PROSPECT));
    driver.advanceWallClockTime(Duration.ofDays(400));
    assertThat(stageChanges.isEmpty()).as("the SAL lead and the prospect stay").isTrue();
  }

  private void outcome(String leadId, OutcomeType type, Instant at) {
    outcomes.pipeInput(leadId, LeadOutcome.newBuilder().setOutcomeId(leadId + "-" + type).setLeadId(leadId)
        .setRepId("rep-a").setType(type).setReason("test").setOccurredAt(at).build());
  }

  @Test
  void acceptedAndQualifiedOutcomesGiveSalAndSqlAndScoresNoLongerMoveThem() {
    enriched.pipeInput("lead-1", fittingLead("lead-1"));
    act("lead-1", "pricing_page", T0);                                   // 60: MQL
    outcome("lead-1", OutcomeType.ACCEPTED, T0.plusSeconds(10));
    visit("lead-1", "https://acme.de/careers", T0.plusSeconds(20));     // -15 would drop an MQL; SAL stays
    outcome("lead-1", OutcomeType.QUALIFIED, T0.plusSeconds(30));
    visit("lead-1", "https://acme.de/presse", T0.plus(Duration.ofDays(90)));  // months of decay: SQL stays

    assertThat(stageChanges.readValuesToList()).extracting(LeadStageChange::getToStage)
        .containsExactly(LeadStage.PROSPECT, LeadStage.MQL, LeadStage.SAL, LeadStage.SQL);
    assertThat(scores.readValuesToList()).last().extracting(LeadScore::getStage).isEqualTo(LeadStage.SQL);
  }

  @Test
  void disqualifiedStaysAndRecycledIsScoredAfresh() {
    enriched.pipeInput("lead-1", fittingLead("lead-1"));
    outcome("lead-1", OutcomeType.DISQUALIFIED, T0);
    act("lead-1", "demo_request", T0.plusSeconds(1));                    // fit 40 + 40 = 80, but disqualified
    outcome("lead-1", OutcomeType.RECYCLED, T0.plusSeconds(2));
    act("lead-1", "email_open", T0.plusSeconds(3));                      // scored again: HOT

    List<LeadStageChange> changes = stageChanges.readValuesToList();
    assertThat(changes).extracting(LeadStageChange::getToStage)
        .containsExactly(LeadStage.PROSPECT, LeadStage.DISQUALIFIED, LeadStage.RECYCLED, LeadStage.HOT);
    assertThat(changes.get(1).getReason()).isEqualTo("CRM outcome DISQUALIFIED by rep-a: test");
  }

  @Test
  void aRulesChangeOnTheConfigTopicAppliesToTheNextEvent() throws Exception {
    TestInputTopic<String, ConfigDocument> configTopic = TopologyTests.input(driver, Topics.SCORING_CONFIG);
    String shipped = java.nio.file.Files.readString(java.nio.file.Path.of("..", "examples", "scoring.yaml"));
    enriched.pipeInput("lead-1", plainLead("lead-1"));
    act("lead-1", "form_submit", T0);                                    // 25: below MQL at 50
    assertThat(stageChanges.isEmpty()).isTrue();

    configTopic.pipeInput("scoring-rules", document("strict-v2", shipped.replace("mql: 50", "mql: 25")));
    act("lead-1", "email_open", T0.plusSeconds(1));                      // 27 under the new rules: MQL

    LeadStageChange change = stageChanges.readValue();
    assertThat(change.getToStage()).isEqualTo(LeadStage.MQL);
    assertThat(change.getConfigVersion()).isEqualTo("strict-v2");

    configTopic.pipeInput("scoring-rules", document("broken-v3", "thresholds: [not, a, mapping]"));
    act("lead-1", "email_open", T0.plusSeconds(2));
    assertThat(scores.readValuesToList()).last().extracting(LeadScore::getConfigVersion)
        .as("a version that does not parse is skipped").isEqualTo("strict-v2");
  }

  private static ConfigDocument document(String version, String yaml) {
    String versioned = yaml.replaceFirst("(?m)^version: .*$", "version: " + version);
    return ConfigDocument.newBuilder().setName("scoring-rules").setVersion(version).setYaml(versioned)
        .setAppliedAt(T0).build();
  }

  /** Replaying the same input gives byte-identical outputs (event time throughout, timers on a given clock). */
  @Test
  void replayingTheSameInputGivesByteIdenticalOutputs() {
    assertThat(replayOutputs()).isEqualTo(replayOutputs()).isNotEmpty();
  }

  private List<String> replayOutputs() {
    try (TopologyTestDriver replay = new TopologyTestDriver(ScoringTopology.build(config),
        TopologyTests.props(config.applicationId(), Topics.SCORING_DLQ.name()), T0)) {
      TestInputTopic<String, EnrichedLead> profiles = TopologyTests.input(replay, Topics.LEADS_ENRICHED);
      TestInputTopic<String, LeadEvent> events = TopologyTests.input(replay, Topics.LEAD_EVENTS);
      profiles.pipeInput("lead-1", fittingLead("lead-1"));
      profiles.pipeInput("lead-2", plainLead("lead-2"));
      for (int i = 0; i < 20; i++) {
        String leadId = i % 3 == 0 ? "lead-2" : "lead-1";
        String type = List.of("page_view", "pricing_page", "form_submit", "email_open", "webinar").get(i % 5);
        events.pipeInput(leadId, activity(leadId, type, T0.plus(Duration.ofHours(7L * i))));
      }
      replay.advanceWallClockTime(Duration.ofDays(60));
      List<String> out = new java.util.ArrayList<>();
      for (String topic : List.of(Topics.LEAD_SCORES.name(), Topics.LEAD_STAGE_CHANGES.name())) {
        replay.createOutputTopic(topic, new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())
            .readKeyValuesToList()
            .forEach(kv -> out.add(topic + " " + kv.key + " " + java.util.HexFormat.of().formatHex(kv.value)));
      }
      return out;
    }
  }

  @Test
  void namesEveryProcessorAndStore() {
    String description = ScoringTopology.build(config).describe().toString();
    assertThat(description).contains("leads-enriched-source", "lead-activities-source", "lead-outcomes-source", "score-lead",
        ScoringTopology.LEAD_SCORE_STATE_STORE, ScoringTopology.DECAY_DUE_INDEX_STORE, "lead-scores-sink", "lead-stage-changes-sink");
  }

  /** Found by the bad-input corpus (docs/BAD-INPUT.md): these were scored, or invented a lead, before. */
  @Test
  void activitiesFromTheFarFutureAndOutcomesForUnknownLeadsAreRefused() {
    TestOutputTopic<org.apache.kafka.common.utils.Bytes, org.apache.kafka.common.utils.Bytes> dlq =
        TopologyTests.output(driver, Topics.SCORING_DLQ);
    Instant now = Instant.now();
    enriched.pipeInput("lead-1", fittingLead("lead-1"), now);
    scores.readValuesToList();
    // Scored at 2999, the demo request would never decay on read (2^(+t)) and make the lead HOT for ever.
    leadEvents.pipeInput("lead-1", activity("lead-1", "demo_request", Instant.parse("2999-01-01T00:00:00Z")), now);
    outcomes.pipeInput("nobody", LeadOutcome.newBuilder().setOutcomeId("o-1").setLeadId("nobody")
        .setType(OutcomeType.WON).setOccurredAt(now).build(), now);

    assertThat(dlq.readRecordsToList()).extracting(r -> TopologyTests.header(r.headers(), "__streams.errors.message"))
        .satisfiesExactly(
            m -> assertThat(m).contains("field 'occurredAt' is 2999-01-01T00:00:00Z"),
            m -> assertThat(m).isEqualTo("outcome o-1 is for unknown lead 'nobody'"));
    assertThat(scores.isEmpty()).as("nothing scored").isTrue();
    assertThat(driver.<String, LeadScoreState>getKeyValueStore(ScoringTopology.LEAD_SCORE_STATE_STORE).get("nobody")).isNull();
  }
}
