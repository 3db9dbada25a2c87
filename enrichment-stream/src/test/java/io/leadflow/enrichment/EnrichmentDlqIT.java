package io.leadflow.enrichment;

import static io.leadflow.platform.testing.TestRecords.company;
import static io.leadflow.platform.testing.TestRecords.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The enrichment stream on a real broker: every kind of bad input lands in its DLQ with the reason in headers. */
class EnrichmentDlqIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  /** Current event times: the broker deletes records dated older than the topic's seven-day retention. */
  private static final Instant T0 = Instant.now();

  @Test
  void badInputGoesToTheDlqWithReasonHeadersAndGoodInputIsStillEnriched() throws Exception {
    List<TopicSpec<?, ?>> topics = List.of(Topics.LEAD_EVENTS, Topics.COMPANY_PROFILES, Topics.ACCOUNTS,
        Topics.LEADS_ENRICHED, Topics.ENRICHMENT_DLQ);
    KAFKA.createTopics(topics.stream().map(t -> t.newTopic(2, KAFKA.replicationFactor()))
        .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
    LayeredConfig config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("streams.state-dir", KAFKA.streamsProps("enrichment-stream").getProperty("state.dir"));

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      send(producer, Topics.COMPANY_PROFILES, "acme.de", company("acme.de", "Acme GmbH", "Software", 120, "DE"));
      send(producer, Topics.LEAD_EVENTS, "k-1", profile("", "x@acme.de", T0));
      send(producer, Topics.LEAD_EVENTS, "lead-2", profile("lead-2", "ada(at)acme.de", T0));
      send(producer, Topics.LEAD_EVENTS, "lead-3",
          LeadEvent.newBuilder(profile("lead-3", "z@acme.de", T0)).setType(LeadEventType.UNKNOWN).build());
      producer.send(new ProducerRecord<>(Topics.LEAD_EVENTS.name(), "lead-4".getBytes(StandardCharsets.UTF_8),
          "definitely not avro".getBytes(StandardCharsets.UTF_8)));
      send(producer, Topics.LEAD_EVENTS, "lead-5", profile("lead-5", "good@acme.de", T0));
    }

    try (StreamsService enrichment = EnrichmentApp.service(config)) {
      enrichment.start(TIMEOUT);

      List<ConsumerRecord<String, byte[]>> dead = KAFKA.readAll(Topics.ENRICHMENT_DLQ.name(),
          new StringDeserializer(), new ByteArrayDeserializer(), 4, TIMEOUT);
      Map<String, ConsumerRecord<String, byte[]>> byKey = dead.stream()
          .collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
      assertThat(byKey).containsOnlyKeys("k-1", "lead-2", "lead-3", "lead-4");
      assertThat(header(byKey.get("k-1"), "__streams.errors.message")).contains("has no leadId");
      assertThat(header(byKey.get("lead-2"), "__streams.errors.message")).isEqualTo("unparseable email 'ada(at)acme.de'");
      assertThat(header(byKey.get("lead-3"), "__streams.errors.message")).contains("unknown event type");
      assertThat(header(byKey.get("lead-4"), "__streams.errors.message")).contains("not Avro single-object encoding");
      assertThat(new String(byKey.get("lead-4").value(), StandardCharsets.UTF_8)).isEqualTo("definitely not avro");
      assertThat(dead).allSatisfy(record -> {
        assertThat(header(record, "__streams.errors.exception")).isNotBlank();
        assertThat(header(record, "__streams.errors.topic")).isEqualTo(Topics.LEAD_EVENTS.name());
        assertThat(header(record, "__streams.errors.partition")).isNotBlank();
        assertThat(header(record, "__streams.errors.offset")).isNotBlank();
      });

      List<ConsumerRecord<String, byte[]>> out = KAFKA.readAll(Topics.LEADS_ENRICHED.name(),
          new StringDeserializer(), new ByteArrayDeserializer(), 1, TIMEOUT);
      assertThat(out).hasSize(1);
      EnrichedLead lead = Topics.LEADS_ENRICHED.valueSerde().deserializer().deserialize("t", out.get(0).value());
      assertThat(lead.getLeadId()).isEqualTo("lead-5");
      assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.ENRICHED);
    }
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return TopologyTests.header(record.headers(), name);
  }
}
