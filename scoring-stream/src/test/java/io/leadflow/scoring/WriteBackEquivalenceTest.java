package io.leadflow.scoring;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.activity;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.streams.WriteBackKeyValueStore;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import io.leadflow.schemas.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lead-score-state write-back layer changes nothing anyone can see: over a random mixed workload (profiles,
 * late profiles, scoring and non-scoring activities, outcomes, outcomes for unknown leads, decay timers), the
 * topology with the layer emits byte for byte the records the topology with a plain store emits, and the last
 * changelog record of every lead is the state the store holds (what a fresh instance restores from it).
 */
class WriteBackEquivalenceTest {

  private static final ScoringConfig CONFIG = ScoringConfig.from(LayeredConfig.defaults());
  private static final String CHANGELOG = CONFIG.applicationId() + "-" + ScoringTopology.LEAD_SCORE_STATE_STORE + "-changelog";
  private static final String[] TYPES = {"demo_request", "pricing_page", "page_view", "page_view", "page_view", "form_submit",
      "webinar", "visit", "visit", "email_click", "email_open", "email_open", "chat"};
  private static final String[] URLS = {"/pricing", "/careers", "/press", "/blog/post", "/preise", "/jobs"};
  private static final OutcomeType[] OUTCOMES = {OutcomeType.CONTACTED, OutcomeType.ACCEPTED, OutcomeType.QUALIFIED,
      OutcomeType.LOST, OutcomeType.DISQUALIFIED, OutcomeType.RECYCLED, OutcomeType.WON};

  /** What a run emitted: outputs as raw records in order, and the last changelog state per lead. */
  private record Run(List<String> outputs, Map<String, LeadScoreState> changelogLast, Map<String, LeadScoreState> stored) {}

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void withAndWithoutTheLayerTheOutputsAndTheChangelogAreTheSame(StoreKind kind) {
    for (long seed = 1; seed <= 3; seed++) {
      Run plain = run(kind, false, seed);
      Run writeBack = run(kind, true, seed);
      assertThat(plain.outputs()).as("a workload that emits something").hasSizeGreaterThan(200);
      assertThat(firstDifference(writeBack.outputs(), plain.outputs()))
          .as("seed %d: lead-scores and lead-stage-changes, byte for byte", seed).isEmpty();
      assertThat(writeBack.changelogLast()).as("seed %d: last changelog state per lead", seed)
          .isEqualTo(plain.changelogLast());
      assertThat(writeBack.stored()).as("seed %d: what the store returns is what its changelog restores", seed)
          .isEqualTo(writeBack.changelogLast());
    }
  }

  private static String firstDifference(List<String> actual, List<String> expected) {
    for (int i = 0; i < Math.min(actual.size(), expected.size()); i++) {
      if (!actual.get(i).equals(expected.get(i))) {
        return "record " + i + ":\n  " + actual.get(i) + "\ninstead of\n  " + expected.get(i);
      }
    }
    return actual.size() == expected.size() ? "" : actual.size() + " records instead of " + expected.size();
  }

  private static Run run(StoreKind kind, boolean writeBack, long seed) {
    try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(CONFIG, kind, writeBack),
        TopologyTests.props(CONFIG.applicationId(), Topics.SCORING_DLQ.name()), T0)) {
      if (writeBack) {
        assertThat(driver.<String, LeadScoreState>getKeyValueStore(ScoringTopology.LEAD_SCORE_STATE_STORE))
            .isInstanceOf(WriteBackKeyValueStore.class);
      }
      TestInputTopic<String, LeadEvent> events = TopologyTests.input(driver, Topics.LEAD_EVENTS);
      TestInputTopic<String, EnrichedLead> enriched = TopologyTests.input(driver, Topics.LEADS_ENRICHED);
      TestInputTopic<String, LeadOutcome> outcomes = TopologyTests.input(driver, Topics.LEAD_OUTCOMES);
      Random random = new Random(seed);
      Instant clock = T0;
      Map<String, Instant> profiled = new HashMap<>();
      for (int i = 0; i < 3000; i++) {
        String leadId = "lead-" + random.nextInt(40);
        int pick = random.nextInt(100);
        if (pick < 12) {
          boolean late = profiled.containsKey(leadId) && random.nextInt(4) == 0;
          Instant occurred = late ? profiled.get(leadId).minusSeconds(30) : clock;
          enriched.pipeInput(leadId, lead(leadId, occurred, random), clock);
          if (!late) {
            profiled.put(leadId, occurred);
          }
        } else if (pick < 18) {
          String target = random.nextInt(10) == 0 ? "nobody-" + i : leadId;
          outcomes.pipeInput(target, LeadOutcome.newBuilder().setOutcomeId("out-" + i).setLeadId(target)
              .setType(OUTCOMES[random.nextInt(OUTCOMES.length)]).setOccurredAt(clock).build(), clock);
        } else {
          LeadEvent event = activity(leadId, TYPES[random.nextInt(TYPES.length)], clock);
          event.setEventId(event.getEventId() + "-" + i);
          event.getActivity().setUrl("https://example.test" + URLS[random.nextInt(URLS.length)]);
          event.getActivity().setDurationSeconds(random.nextInt(300));
          events.pipeInput(leadId, event, clock);
        }
        // Mostly seconds apart (bursts), sometimes hours or days: decay and the downgrade timer get their turn.
        Duration step = switch (random.nextInt(20)) {
          case 0 -> Duration.ofDays(1 + random.nextInt(20));
          case 1, 2 -> Duration.ofHours(1 + random.nextInt(30));
          default -> Duration.ofMillis(random.nextInt(5000));
        };
        clock = clock.plus(step);
        driver.advanceWallClockTime(step);
      }
      List<String> outputs = new ArrayList<>();
      for (String topic : List.of(Topics.LEAD_SCORES.name(), Topics.LEAD_STAGE_CHANGES.name())) {
        TestOutputTopic<String, byte[]> out = driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        for (TestRecord<String, byte[]> record : out.readRecordsToList()) {
          outputs.add(topic + " " + record.key() + " " + record.timestamp() + " " + Arrays.toString(record.value()));
        }
      }
      Map<String, LeadScoreState> last = new HashMap<>();
      AvroSerde<LeadScoreState> serde = AvroSerde.of(LeadScoreState.class);
      for (KeyValue<String, byte[]> record : driver.createOutputTopic(CHANGELOG, new StringDeserializer(),
          new ByteArrayDeserializer()).readKeyValuesToList()) {
        last.put(record.key, serde.deserializer().deserialize(CHANGELOG, record.value));
      }
      KeyValueStore<String, LeadScoreState> store = driver.getKeyValueStore(ScoringTopology.LEAD_SCORE_STATE_STORE);
      Map<String, LeadScoreState> stored = new HashMap<>();
      last.keySet().forEach(leadId -> stored.put(leadId, store.get(leadId)));
      return new Run(outputs, last, stored);
    }
  }

  private static EnrichedLead lead(String leadId, Instant at, Random random) {
    LeadProfile.Builder profile = LeadProfile.newBuilder().setEmail(leadId + "@acme.de");
    EnrichedLead.Builder lead = EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(at).setDomain("acme.de")
        .setStatus(EnrichmentStatus.ENRICHED).setCompanyName("Acme GmbH").setEnrichedAt(at);
    if (random.nextBoolean()) {
      profile.setJobTitle(random.nextBoolean() ? "Head of Sales" : "Engineer");
      lead.setFirmographics(Firmographics.newBuilder().setIndustry(random.nextBoolean() ? "Software" : "Retail")
          .setEmployeeCount(random.nextInt(1000)).setCountry(random.nextBoolean() ? "DE" : "US").build());
      lead.setSegment(random.nextBoolean() ? Segment.MID_MARKET : Segment.SMB);
    }
    return lead.setProfile(profile.build()).build();
  }
}
