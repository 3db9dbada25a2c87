package io.leadflow.cli;

import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code leadflow reset routing-stream} on a real broker: after a reset to a point in time the stopped service,
 * started again, reprocesses exactly the stage changes from that time on (its dedup state is gone with the deleted
 * changelog, so those leads are assigned again), and nothing before it.
 */
class ResetCommandIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @Test
  void reprocessesTheInputFromThePointInTime() throws Exception {
    Path stateDir = Files.createTempDirectory("reset-it");
    LayeredConfig config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("streams.state-dir", stateDir.toString());
    TopicSetup.createAll(config);
    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(10));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      send(producer, Topics.REPS, "rep-a", rep("rep-a", "general"), t0.toEpochMilli());
      for (int i = 0; i < 5; i++) {
        Instant at = t0.plus(Duration.ofMinutes(i)); // record timestamps 0..4 minutes after t0
        send(producer, Topics.LEAD_STAGE_CHANGES, "lead-" + i,
            stageChange("lead-" + i, LeadStage.SUSPECT, LeadStage.MQL, at), at.toEpochMilli());
      }
      producer.flush();
    }
    try (StreamsService routing = RoutingApp.service(config)) {
      routing.start(TIMEOUT);
      assignments(5);
    }
    assertThat(stateDir.resolve("routing-stream")).exists();

    StringWriter out = new StringWriter();
    CommandLine cli = LeadflowCli.commandLine();
    cli.setOut(new PrintWriter(out));
    int exit = cli.execute("reset", "routing-stream", "--to", t0.plus(Duration.ofMinutes(3)).toString(),
        "--bootstrap-servers", KAFKA.bootstrapServers(), "--set", "streams.state-dir=" + stateDir);
    assertThat(exit).isZero();
    assertThat(stateDir.resolve("routing-stream")).doesNotExist();

    try (StreamsService routing = RoutingApp.service(config)) {
      routing.start(TIMEOUT);
      Map<String, Long> perLead = assignments(7).stream()
          .collect(Collectors.groupingBy(LeadAssignment::getLeadId, Collectors.counting()));
      assertThat(perLead).containsEntry("lead-0", 1L).containsEntry("lead-1", 1L).containsEntry("lead-2", 1L)
          .containsEntry("lead-3", 2L).containsEntry("lead-4", 2L);
    }
  }

  private static List<LeadAssignment> assignments(int atLeast) {
    return KAFKA.readAll(Topics.LEAD_ASSIGNMENTS.name(), new StringDeserializer(),
        Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer(), atLeast, TIMEOUT).stream().map(r -> r.value()).toList();
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value,
      long timestamp) {
    producer.send(new ProducerRecord<>(topic.name(), null, timestamp, topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
