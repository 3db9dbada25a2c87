package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.Rep;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The routing stream on a real broker, stopped while leads are still arriving and restarted on an empty state
 * directory: every lead ends with exactly one assignment (read_committed), and the weighted shares carry on from the
 * restored window counts as if nothing had happened.
 */
class RoutingRestartIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void aRestartMidStreamNeitherLosesNorDoublesAnAssignment() throws Exception {
    KAFKA.createTopics(List.of(Topics.LEAD_STAGE_CHANGES, Topics.LEAD_ASSIGNMENTS, Topics.LEAD_OUTCOMES, Topics.REPS,
            Topics.REP_WEIGHTS, Topics.REP_LOAD, Topics.ROUTING_CONFIG, Topics.REP_ALERTS, Topics.ROUTING_DLQ,
            Topics.POOL_COMMANDS, Topics.LEAD_POOL_EVENTS).stream()
        .map(t -> t.newTopic(2, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
    Instant t0 = Instant.now();
    int firstBatch = 300;
    int secondBatch = 150;

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      double[] weights = {3, 2, 1};
      for (int i = 0; i < weights.length; i++) {
        Rep rep = Rep.newBuilder(rep("rep-" + i, "general")).setWeight(weights[i]).build();
        send(producer, Topics.REPS, rep.getRepId(), rep);
      }
      sendLeads(producer, 0, firstBatch, t0);

      try (StreamsService first = RoutingApp.service(config())) {
        first.start(TIMEOUT);
        KAFKA.readAll(Topics.LEAD_ASSIGNMENTS.name(), new StringDeserializer(), new StringDeserializer(), 100, TIMEOUT);
        sendLeads(producer, firstBatch, secondBatch, t0); // arrives while the first instance is closing
      }
      try (StreamsService second = RoutingApp.service(config())) { // empty state directory: restore from changelogs
        second.start(TIMEOUT);
        int total = firstBatch + secondBatch;
        List<LeadAssignment> assignments = KAFKA.readAll(Topics.LEAD_ASSIGNMENTS.name(), new StringDeserializer(),
                Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer(), total, TIMEOUT)
            .stream().map(r -> r.value()).toList();

        Map<String, Long> perLead = assignments.stream()
            .collect(Collectors.groupingBy(LeadAssignment::getLeadId, Collectors.counting()));
        assertThat(perLead).hasSize(total);
        assertThat(perLead.values()).allMatch(count -> count == 1);
        Map<String, Long> perRep = assignments.stream()
            .collect(Collectors.groupingBy(LeadAssignment::getRepId, Collectors.counting()));
        // 3:2:1 over 450 leads, each within one lead: the window counts survived the restart.
        assertThat((double) perRep.get("rep-0")).isCloseTo(225, within(1.0));
        assertThat((double) perRep.get("rep-1")).isCloseTo(150, within(1.0));
        assertThat((double) perRep.get("rep-2")).isCloseTo(75, within(1.0));
      }
    }
  }

  private static void sendLeads(KafkaProducer<byte[], byte[]> producer, int from, int count, Instant t0) {
    for (int i = from; i < from + count; i++) {
      String leadId = "lead-" + i;
      send(producer, Topics.LEAD_STAGE_CHANGES, leadId,
          stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, t0.plusMillis(i)));
    }
    producer.flush();
  }

  /** Active-lead caps off: this test is about exactly-once and the counts, not load. */
  private static LayeredConfig config() throws Exception {
    java.nio.file.Path rules = Files.createTempFile("routing-rules", ".yaml");
    Files.writeString(rules, "version: restart-test\nhierarchy: []\nskip: {active-lead-cap: 100000}\n");
    return LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("routing.rules-file", rules.toString())
        .with("streams.state-dir", Files.createTempDirectory("routing-restart").toString());
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
