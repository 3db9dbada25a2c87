package io.leadflow.scoring;

import static io.leadflow.platform.testing.TestRecords.activity;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The scoring stream on a real broker keeps a lead's score across a restart that must restore it from the changelog. */
class ScoringRestartIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Test
  void aRestartedInstanceWithAnEmptyStateDirectoryRestoresTheScores() throws Exception {
    KAFKA.createTopics(List.of(Topics.LEAD_EVENTS, Topics.LEADS_ENRICHED, Topics.LEAD_OUTCOMES, Topics.SCORING_CONFIG,
            Topics.LEAD_SCORES, Topics.LEAD_STAGE_CHANGES, Topics.SCORING_DLQ).stream()
        .map(t -> t.newTopic(2, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
    Instant t0 = Instant.now();
    EnrichedLead lead = EnrichedLead.newBuilder().setLeadId("lead-1").setOccurredAt(t0)
        .setProfile(LeadProfile.newBuilder().setEmail("ada@acme.de").build()).setStatus(EnrichmentStatus.ENRICHED)
        .setCompanyName("Acme GmbH").setEnrichedAt(t0).build();

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      send(producer, Topics.LEADS_ENRICHED, "lead-1", lead);
      send(producer, Topics.LEAD_EVENTS, "lead-1", activity("lead-1", "demo_request", t0.plusSeconds(1))); // 40
      producer.flush();

      try (StreamsService first = ScoringApp.service(config())) {
        first.start(TIMEOUT);
        KAFKA.readAll(Topics.LEAD_SCORES.name(), new StringDeserializer(), new ByteArrayDeserializer(), 2, TIMEOUT);
      }

      send(producer, Topics.LEAD_EVENTS, "lead-1", activity("lead-1", "pricing_page", t0.plusSeconds(2))); // +20
      producer.flush();
      try (StreamsService second = ScoringApp.service(config())) { // a fresh state directory: restore from the changelog
        second.start(TIMEOUT);
        List<ConsumerRecord<String, byte[]>> changes = KAFKA.readAll(Topics.LEAD_STAGE_CHANGES.name(),
            new StringDeserializer(), new ByteArrayDeserializer(), 1, TIMEOUT);
        LeadStageChange change = Topics.LEAD_STAGE_CHANGES.valueSerde().deserializer().deserialize("t", changes.get(0).value());
        assertThat(change.getToStage()).isEqualTo(LeadStage.MQL);
        assertThat(change.getTotalScore()).as("40 restored + 20 new").isGreaterThan(59.99).isLessThan(60.0);
        assertThat(changes).hasSize(1);
      }
    }
  }

  private static LayeredConfig config() throws Exception {
    return LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("streams.state-dir", Files.createTempDirectory("scoring-restart").toString());
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
