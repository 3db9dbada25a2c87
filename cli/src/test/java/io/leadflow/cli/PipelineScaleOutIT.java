package io.leadflow.cli;

import static io.leadflow.platform.testing.TestRecords.activity;
import static io.leadflow.platform.testing.TestRecords.company;
import static io.leadflow.platform.testing.TestRecords.profile;
import static io.leadflow.platform.testing.TestRecords.rep;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.EnrichmentTopology;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingConfig;
import io.leadflow.routing.RoutingTopology;
import io.leadflow.scoring.ScoringConfig;
import io.leadflow.scoring.ScoringTopology;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances of each stream (enrichment, scoring, routing) on one broker, topics with four partitions
 * (docs/SCALING.md): each instance of each stream gets tasks, together they take every lead from its events to
 * exactly one assignment; then one instance of each stream leaves and the remaining ones finish the next leads with
 * nothing lost or doubled and the round robin carrying on.
 */
class PipelineScaleOutIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int PARTITIONS = 4;

  /** One stream: its topology and two instances of it. */
  private record Stream(String name, Supplier<Topology> topology, KafkaStreams a, KafkaStreams b) {}

  @Test
  void twoInstancesOfEveryStreamShareTheWorkAndSurviveLosingOne() throws Exception {
    LayeredConfig config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("topics.partitions", String.valueOf(PARTITIONS));
    TopicSetup.createAll(config);
    List<Stream> streams = new ArrayList<>();
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      long now = System.currentTimeMillis();
      for (String repId : List.of("rep-a", "rep-b", "rep-c")) {
        publisher.send(Topics.REPS, repId, rep(repId, "general"), now);
      }
      publisher.send(Topics.COMPANY_PROFILES, "acme-scale.de", company("acme-scale.de", "Acme GmbH", "Software", 120, "DE"), now);
      publisher.flush();

      EnrichmentConfig enrichment = EnrichmentConfig.from(config);
      ScoringConfig scoring = ScoringConfig.from(config);
      RoutingConfig routing = RoutingConfig.from(config);
      streams.add(stream("enrichment-stream", () -> EnrichmentTopology.build(enrichment), Topics.ENRICHMENT_DLQ.name(), config));
      streams.add(stream("scoring-stream", () -> ScoringTopology.build(scoring), Topics.SCORING_DLQ.name(), config));
      streams.add(stream("routing-stream", () -> RoutingTopology.build(routing), Topics.ROUTING_DLQ.name(), config));
      for (Stream s : streams) {
        s.a().start();
        s.b().start();
      }
      for (Stream s : streams) {
        await(s.name() + ": both instances running, every task active on exactly one", () -> running(s.a()) && running(s.b())
            && disjointAndComplete(activeTasks(s.a()), activeTasks(s.b()), s.topology().get()));
        assertThat(activeTasks(s.a())).as(s.name() + " instance a has tasks").isNotEmpty();
        assertThat(activeTasks(s.b())).as(s.name() + " instance b has tasks").isNotEmpty();
      }

      Instant t0 = Instant.now();
      List<String> engaged = new ArrayList<>(publishLeads(publisher, 0, 40, t0));
      assertOneAssignmentEach(engaged);

      for (Stream s : streams) {
        s.b().close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
      }
      for (Stream s : streams) {
        await(s.name() + ": instance a running alone with every task", () -> running(s.a())
            && disjointAndComplete(activeTasks(s.a()), Set.of(), s.topology().get()));
      }

      engaged.addAll(publishLeads(publisher, 40, 40, t0.plusSeconds(60)));
      List<LeadAssignment> all = assertOneAssignmentEach(engaged);
      Map<String, Long> perRep = all.stream().collect(Collectors.groupingBy(LeadAssignment::getRepId, Collectors.counting()));
      assertThat(perRep).as("round robin over 3 reps carried on across the take-over: 60 leads, 20 each")
          .containsOnly(Map.entry("rep-a", 20L), Map.entry("rep-b", 20L), Map.entry("rep-c", 20L));
    } finally {
      for (Stream s : streams) {
        s.b().close(Duration.ofSeconds(30));
        s.a().close(Duration.ofSeconds(30));
      }
    }
  }

  /** Profiles at a known company; three in four leads are engaged (demo request + pricing page: HOT, routed). */
  private static List<String> publishLeads(RecordPublisher publisher, int from, int count, Instant t0) {
    List<String> engaged = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      String leadId = "scale-" + i;
      Instant at = t0.plusMillis(i);
      publisher.send(Topics.LEAD_EVENTS, leadId, profile(leadId, leadId + "@acme-scale.de", at), at.toEpochMilli());
      List<String> activities = i % 4 != 0 ? List.of("demo_request", "pricing_page") : List.of("email_open");
      for (int k = 0; k < activities.size(); k++) {
        Instant when = at.plusSeconds(k + 1);
        publisher.send(Topics.LEAD_EVENTS, leadId, activity(leadId, activities.get(k), when), when.toEpochMilli());
      }
      if (i % 4 != 0) {
        engaged.add(leadId);
      }
    }
    publisher.flush();
    return engaged;
  }

  private static List<LeadAssignment> assertOneAssignmentEach(List<String> engaged) {
    List<LeadAssignment> made = KAFKA.readAll(Topics.LEAD_ASSIGNMENTS.name(), new StringDeserializer(),
        Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer(), engaged.size(), TIMEOUT).stream().map(r -> r.value()).toList();
    Map<String, Long> perLead = made.stream().collect(Collectors.groupingBy(LeadAssignment::getLeadId, Collectors.counting()));
    assertThat(perLead.keySet()).as("every engaged lead routed, no other").containsExactlyInAnyOrderElementsOf(engaged);
    assertThat(perLead.values()).as("no lead assigned twice").allMatch(n -> n == 1);
    return made;
  }

  private static Stream stream(String applicationId, Supplier<Topology> topology, String dlq, LayeredConfig config) throws Exception {
    return new Stream(applicationId, topology,
        new KafkaStreams(topology.get(), props(applicationId, dlq, config, "a")),
        new KafkaStreams(topology.get(), props(applicationId, dlq, config, "b")));
  }

  private static Properties props(String applicationId, String dlq, LayeredConfig config, String instance) throws Exception {
    return StreamsSettings.base(applicationId, dlq,
        config.with("streams.state-dir", Files.createTempDirectory("scale-" + applicationId + "-" + instance).toString()));
  }

  private static boolean running(KafkaStreams streams) {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  private static Set<TaskId> activeTasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
        .map(TaskMetadata::taskId).collect(Collectors.toSet());
  }

  private static boolean disjointAndComplete(Set<TaskId> a, Set<TaskId> b, Topology topology) {
    Set<TaskId> union = new HashSet<>(a);
    union.addAll(b);
    long expected = (long) topology.describe().subtopologies().size() * PARTITIONS;
    return union.size() == a.size() + b.size() && union.size() == expected;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }
}
