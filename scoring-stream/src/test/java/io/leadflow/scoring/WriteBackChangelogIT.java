package io.leadflow.scoring;

import static io.leadflow.platform.testing.TestRecords.activity;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.schemas.AvroSerde;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lead-score-state write-back layer on a real broker under exactly_once_v2, RocksDB and the record cache, with
 * a long commit interval so that each lead's burst of events falls between two commits: the last committed
 * changelog record of every lead (what a fresh instance restores) is the state a plain store computes from the
 * same events.
 */
class WriteBackChangelogIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int LEADS = 20;
  private static final String[] TYPES = {"page_view", "email_open", "pricing_page", "webinar", "email_click", "form_submit"};

  @Test
  void theCommittedChangelogHoldsEveryLeadsLatestState() throws Exception {
    KAFKA.createTopics(List.of(Topics.LEAD_EVENTS, Topics.LEADS_ENRICHED, Topics.LEAD_OUTCOMES, Topics.SCORING_CONFIG,
            Topics.LEAD_SCORES, Topics.LEAD_STAGE_CHANGES, Topics.SCORING_DLQ).stream()
        .map(t -> t.newTopic(2, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<Object[]> events = new ArrayList<>(); // {topic, key, value, time}
    for (int lead = 0; lead < LEADS; lead++) {
      String leadId = "lead-" + lead;
      Instant at = t0.plusMillis(lead);
      events.add(new Object[] {Topics.LEADS_ENRICHED, leadId, profile(leadId, at, lead % 2 == 0), at});
      for (int i = 0; i < 10; i++) {
        Instant activityAt = at.plusSeconds(i + 1);
        LeadEvent event = activity(leadId, TYPES[(lead + i) % TYPES.length], activityAt);
        events.add(new Object[] {Topics.LEAD_EVENTS, leadId, event, activityAt});
      }
    }

    // Expected: the same events through the topology with a plain store.
    ScoringConfig scoring = ScoringConfig.from(LayeredConfig.defaults());
    Map<String, LeadScoreState> expected = new HashMap<>();
    int expectedStageChanges;
    try (TopologyTestDriver driver = new TopologyTestDriver(ScoringTopology.build(scoring, StoreKind.PERSISTENT, false),
        TopologyTests.props(scoring.applicationId(), Topics.SCORING_DLQ.name()), t0)) {
      for (Object[] event : events) {
        pipe(driver, event);
      }
      KeyValueStore<String, LeadScoreState> store = driver.getKeyValueStore(ScoringTopology.LEAD_SCORE_STATE_STORE);
      for (int lead = 0; lead < LEADS; lead++) {
        expected.put("lead-" + lead, store.get("lead-" + lead));
      }
      expectedStageChanges = TopologyTests.output(driver, Topics.LEAD_STAGE_CHANGES).readValuesToList().size();
    }
    assertThat(expectedStageChanges).as("the workload moves some leads").isGreaterThan(0);

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      for (Object[] event : events) {
        send(producer, event);
      }
      producer.flush();
    }
    LayeredConfig live = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("streams.state-dir", Files.createTempDirectory("scoring-write-back").toString())
        .with("streams.commit-interval", "3s"); // bursts land between commits
    try (StreamsService service = ScoringApp.service(live)) {
      service.start(TIMEOUT);
      KAFKA.readAll(Topics.LEAD_STAGE_CHANGES.name(), new StringDeserializer(), new ByteArrayDeserializer(),
          expectedStageChanges, TIMEOUT); // read_committed: the transaction with them has committed
    }

    String changelog = scoring.applicationId() + "-" + ScoringTopology.LEAD_SCORE_STATE_STORE + "-changelog";
    List<ConsumerRecord<String, byte[]>> records = KAFKA.readAll(changelog, new StringDeserializer(),
        new ByteArrayDeserializer(), LEADS, TIMEOUT);
    AvroSerde<LeadScoreState> serde = AvroSerde.of(LeadScoreState.class);
    Map<String, LeadScoreState> restored = new HashMap<>();
    records.forEach(record -> restored.put(record.key(), serde.deserialize(changelog, record.value())));
    assertThat(restored).isEqualTo(expected);
    assertThat(records.size()).as("a burst is logged once per commit, not once per event").isLessThan(events.size());
  }

  private static EnrichedLead profile(String leadId, Instant at, boolean fitting) {
    EnrichedLead.Builder lead = EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(at)
        .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@acme.de").setJobTitle("Head of Sales").build())
        .setStatus(EnrichmentStatus.ENRICHED).setCompanyName("Acme GmbH").setEnrichedAt(at);
    if (fitting) {
      lead.setFirmographics(Firmographics.newBuilder().setIndustry("Software").setEmployeeCount(120).setCountry("DE").build())
          .setSegment(Segment.MID_MARKET);
    }
    return lead.build();
  }

  @SuppressWarnings("unchecked")
  private static void pipe(TopologyTestDriver driver, Object[] event) {
    TopicSpec<String, Object> topic = (TopicSpec<String, Object>) event[0];
    TopologyTests.input(driver, topic).pipeInput((String) event[1], event[2], (Instant) event[3]);
  }

  @SuppressWarnings("unchecked")
  private static void send(KafkaProducer<byte[], byte[]> producer, Object[] event) {
    TopicSpec<String, Object> topic = (TopicSpec<String, Object>) event[0];
    producer.send(new ProducerRecord<>(topic.name(), null, ((Instant) event[3]).toEpochMilli(),
        topic.keySerde().serializer().serialize(topic.name(), (String) event[1]),
        topic.valueSerde().serializer().serialize(topic.name(), event[2])));
  }
}
