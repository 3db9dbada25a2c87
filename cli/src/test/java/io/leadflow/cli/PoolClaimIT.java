package io.leadflow.cli;

import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolEventType;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingApp;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * A pull pool on a real broker: a warm lead enters the pool while a hot one is pushed; {@code leadflow pool claim}
 * locks it and the routing stream assigns it (method CLAIM); a second rep's claim is refused with the reason.
 */
class PoolClaimIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void aClaimFromTheCliBecomesAnAssignmentAndASecondClaimIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("pool-it");
    Path rules = dir.resolve("routing.yaml");
    Files.writeString(rules, """
        version: pool-it
        hierarchy: []
        pools:
          general:
            weight-model: static
            pull: {push-threshold: 75}
        """);
    LayeredConfig config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("streams.state-dir", dir.resolve("state").toString())
        .with("routing.rules-file", rules.toString());
    TopicSetup.createAll(config);
    Instant now = Instant.now();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      send(producer, Topics.REPS, "rep-a", rep("rep-a", "general"), now.toEpochMilli());
      send(producer, Topics.REPS, "rep-b", rep("rep-b", "general"), now.toEpochMilli());
      send(producer, Topics.LEAD_STAGE_CHANGES, "lead-warm", LeadStageChange.newBuilder(
          stageChange("lead-warm", LeadStage.SUSPECT, LeadStage.MQL, now)).setTotalScore(50).build(), now.toEpochMilli());
      send(producer, Topics.LEAD_STAGE_CHANGES, "lead-hot", LeadStageChange.newBuilder(
          stageChange("lead-hot", LeadStage.SUSPECT, LeadStage.MQL, now)).setTotalScore(90).build(), now.toEpochMilli());
      producer.flush();
    }
    try (StreamsService routing = RoutingApp.service(config)) {
      routing.start(TIMEOUT);
      List<PoolEvent> entered = KAFKA.readAll(Topics.LEAD_POOL_EVENTS.name(), new StringDeserializer(),
          Topics.LEAD_POOL_EVENTS.valueSerde().deserializer(), 1, TIMEOUT).stream().map(r -> r.value()).toList();
      assertThat(entered).extracting(PoolEvent::getType, PoolEvent::getLeadId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(PoolEventType.ENTERED, "lead-warm"));

      StringWriter first = new StringWriter();
      assertThat(cli(first, "pool", "claim", "--pool", "general", "--rep", "rep-a", "--lead", "lead-warm")).isZero();
      assertThat(first.toString()).contains("CLAIMED").contains("lead-warm").contains("rep-a");

      StringWriter second = new StringWriter();
      assertThat(cli(second, "pool", "claim", "--pool", "general", "--rep", "rep-b", "--lead", "lead-warm"))
          .isEqualTo(PoolCli.REJECTED);
      assertThat(second.toString()).contains("CLAIM_REJECTED").contains("lead lead-warm is already claimed by another rep");

      List<LeadAssignment> made = KAFKA.readAll(Topics.LEAD_ASSIGNMENTS.name(), new StringDeserializer(),
          Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer(), 2, TIMEOUT).stream().map(r -> r.value()).toList();
      assertThat(made).extracting(LeadAssignment::getLeadId, LeadAssignment::getMethod, LeadAssignment::getRepId)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("lead-hot", AssignmentMethod.FALLBACK, "rep-a"), // pushed; no lead details
              org.assertj.core.groups.Tuple.tuple("lead-warm", AssignmentMethod.CLAIM, "rep-a"));

      StringWriter events = new StringWriter();
      assertThat(cli(events, "pool", "events", "--pool", "general", "--lead", "lead-warm")).isZero();
      assertThat(events.toString().lines().toList()).hasSize(3);
    }
  }

  private static int cli(StringWriter out, String... args) {
    CommandLine cli = LeadflowCli.commandLine();
    cli.setOut(new PrintWriter(out));
    String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--bootstrap-servers", KAFKA.bootstrapServers(), "--wait", "60s")
            .filter(a -> !(args[1].equals("events") && (a.equals("--wait") || a.equals("60s"))))).toArray(String[]::new);
    return cli.execute(full);
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value,
      long timestamp) {
    producer.send(new ProducerRecord<>(topic.name(), null, timestamp, topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
