package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scaling out (docs/SCALING.md): two routing-stream instances with one application id on one broker, topics with
 * four partitions and four pools. Both instances get tasks of the per-pool decision sub-topology and together
 * assign every lead exactly once; when one instance stops, the other takes its tasks over (from its standby
 * replicas) and the per-pool counts carry on, so the equal-weight reps of each pool stay within one lead.
 */
class RoutingScaleOutIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final int PARTITIONS = 4;
  private static final List<String> COUNTRIES = List.of("DE", "FR", "US", "JP");

  @Test
  void twoInstancesShareThePoolsAndOneTakesOverWhenTheOtherStops() throws Exception {
    KAFKA.createTopics(List.of(Topics.LEAD_STAGE_CHANGES, Topics.LEAD_ASSIGNMENTS, Topics.LEAD_OUTCOMES, Topics.REPS,
            Topics.REP_WEIGHTS, Topics.REP_LOAD, Topics.ROUTING_CONFIG, Topics.REP_ALERTS, Topics.ROUTING_DLQ,
            Topics.POOL_COMMANDS, Topics.LEAD_POOL_EVENTS).stream()
        .map(t -> t.newTopic(PARTITIONS, KAFKA.replicationFactor())).toArray(NewTopic[]::new));
    LayeredConfig config = config();
    RoutingConfig routing = RoutingConfig.from(config);
    Instant t0 = Instant.now();
    int batch = 200;

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KAFKA.producerProps())) {
      for (String country : COUNTRIES) {
        for (int r = 0; r < 2; r++) {
          String repId = "rep-" + country + "-" + r;
          send(producer, Topics.REPS, repId, rep(repId, pool(country)));
        }
      }
      producer.flush();

      Topology topology = RoutingTopology.build(routing);
      int poolSubtopology = subtopologyReading(topology, RoutingTopology.ROUTING_REQUESTS_BY_POOL + "-repartition");
      KafkaStreams a = new KafkaStreams(topology, props(config, "a"));
      KafkaStreams b = new KafkaStreams(RoutingTopology.build(routing), props(config, "b"));
      try {
        a.start();
        b.start();
        await("both instances running with every task assigned once", () ->
            a.state() == KafkaStreams.State.RUNNING && b.state() == KafkaStreams.State.RUNNING
                && disjointAndComplete(activeTasks(a), activeTasks(b), topology));

        Set<TaskId> poolTasksA = poolTasks(activeTasks(a), poolSubtopology);
        Set<TaskId> poolTasksB = poolTasks(activeTasks(b), poolSubtopology);
        assertThat(poolTasksA).as("instance a decides for some pool partitions").isNotEmpty();
        assertThat(poolTasksB).as("instance b decides for the others").isNotEmpty();
        assertThat(poolTasksA.size() + poolTasksB.size()).isEqualTo(PARTITIONS);

        sendLeads(producer, 0, batch, t0);
        List<LeadAssignment> first = assignments(batch);
        assertExactlyOnce(first, batch);
        // Both instances did part of the deciding: each processed records in its pool tasks.
        assertThat(processedByPoolTasks(a, poolSubtopology)).as("records decided by a").isPositive();
        assertThat(processedByPoolTasks(b, poolSubtopology)).as("records decided by b").isPositive();

        // b leaves the group (as on a scale-down or redeploy): a takes every task over.
        b.close(CloseOptions.timeout(Duration.ofSeconds(30)).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        await("a running alone with every task", () -> a.state() == KafkaStreams.State.RUNNING
            && disjointAndComplete(activeTasks(a), Set.of(), topology));

        sendLeads(producer, batch, batch, t0);
        List<LeadAssignment> all = assignments(2 * batch);
        assertExactlyOnce(all, 2 * batch);
        // The pool counts moved with the tasks: per pool, two equal-weight reps split 100 leads 50/50 within one.
        Map<String, Map<String, Long>> perPoolRep = all.stream().collect(Collectors.groupingBy(LeadAssignment::getPoolId,
            TreeMap::new, Collectors.groupingBy(LeadAssignment::getRepId, Collectors.counting())));
        assertThat(perPoolRep).hasSize(COUNTRIES.size());
        perPoolRep.forEach((pool, perRep) -> {
          assertThat(perRep).as(pool).hasSize(2);
          assertThat(perRep.values()).as(pool).allSatisfy(count -> assertThat(count).isBetween(49L, 51L));
        });
      } finally {
        b.close(Duration.ofSeconds(30));
        a.close(Duration.ofSeconds(30));
      }
    }
  }

  /**
   * The pool of a country, named so that the four pools hash to four different partitions of the by-pool
   * repartition topic (default partitioner: murmur2 of the key): each instance then has pools to decide for.
   */
  private static String pool(String country) {
    int partition = COUNTRIES.indexOf(country);
    for (int candidate = 0; ; candidate++) {
      String name = "pool-" + candidate;
      byte[] key = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(key)) % PARTITIONS == partition) {
        return name;
      }
    }
  }

  private static void assertExactlyOnce(List<LeadAssignment> assignments, int leads) {
    Map<String, Long> perLead = assignments.stream()
        .collect(Collectors.groupingBy(LeadAssignment::getLeadId, Collectors.counting()));
    assertThat(perLead).as("every lead assigned").hasSize(leads);
    assertThat(perLead.values()).as("no lead assigned twice").allMatch(count -> count == 1);
    assertThat(assignments).allSatisfy(a -> assertThat(a.getPoolId()).startsWith("pool-"));
  }

  private static List<LeadAssignment> assignments(int expected) {
    return KAFKA.readAll(Topics.LEAD_ASSIGNMENTS.name(), new StringDeserializer(),
        Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer(), expected, TIMEOUT).stream().map(r -> r.value()).toList();
  }

  private static Set<TaskId> activeTasks(KafkaStreams streams) {
    return streams.metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
        .map(TaskMetadata::taskId).collect(Collectors.toSet());
  }

  private static Set<TaskId> poolTasks(Set<TaskId> tasks, int subtopology) {
    return tasks.stream().filter(t -> t.subtopology() == subtopology).collect(Collectors.toSet());
  }

  /** Records that went through the pool decision tasks of this instance (Streams' own task metric). */
  private static double processedByPoolTasks(KafkaStreams streams, int subtopology) {
    return streams.metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("process-total") && e.getKey().group().equals("stream-task-metrics"))
        .filter(e -> e.getKey().tags().getOrDefault("task-id", "").startsWith(subtopology + "_"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
  }

  /** Every task of the topology is active on exactly one of the two instances. */
  private static boolean disjointAndComplete(Set<TaskId> a, Set<TaskId> b, Topology topology) {
    Set<TaskId> union = new HashSet<>(a);
    union.addAll(b);
    long expected = (long) topology.describe().subtopologies().size() * PARTITIONS;
    return union.size() == a.size() + b.size() && union.size() == expected;
  }

  private static int subtopologyReading(Topology topology, String topic) {
    return topology.describe().subtopologies().stream()
        .filter(s -> s.nodes().stream().anyMatch(n -> n instanceof TopologyDescription.Source source
            && source.topicSet() != null && source.topicSet().contains(topic)))
        .mapToInt(TopologyDescription.Subtopology::id).findFirst()
        .orElseThrow(() -> new AssertionError("no sub-topology reads " + topic + ": " + topology.describe()));
  }

  private static void sendLeads(KafkaProducer<byte[], byte[]> producer, int from, int count, Instant t0) {
    for (int i = from; i < from + count; i++) {
      String leadId = "lead-" + i;
      String country = COUNTRIES.get(i % COUNTRIES.size());
      EnrichedLead lead = EnrichedLead.newBuilder().setLeadId(leadId).setOccurredAt(t0.plusMillis(i))
          .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@example.com").build())
          .setFirmographics(Firmographics.newBuilder().setCountry(country).build())
          .setEnrichedAt(t0.plusMillis(i)).build();
      LeadStageChange change = LeadStageChange.newBuilder(stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, t0.plusMillis(i)))
          .setLead(lead).build();
      send(producer, Topics.LEAD_STAGE_CHANGES, leadId, change);
    }
    producer.flush();
  }

  private static Properties props(LayeredConfig config, String instance) throws Exception {
    Properties props = StreamsSettings.base("routing-stream", Topics.ROUTING_DLQ.name(),
        config.with("streams.state-dir", Files.createTempDirectory("routing-scale-" + instance).toString()));
    // A standby of each task on the other instance: the take-over below starts from a warm copy.
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    // Task-level process counts are recorded at DEBUG only: they show which instance decided what.
    props.put(StreamsConfig.METRICS_RECORDING_LEVEL_CONFIG, "DEBUG");
    return props;
  }

  /** One pool per country, active-lead caps off: this test is about sharing work, not load. */
  private static LayeredConfig config() throws Exception {
    Path rules = Files.createTempFile("routing-rules", ".yaml");
    StringBuilder yaml = new StringBuilder("version: scale-out-test\nhierarchy: [territory]\nterritories:\n");
    for (String country : COUNTRIES) {
      yaml.append("  - {pool: ").append(pool(country)).append(", countries: [").append(country).append("]}\n");
    }
    yaml.append("skip: {active-lead-cap: 100000}\n");
    Files.writeString(rules, yaml.toString());
    return LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("routing.rules-file", rules.toString());
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

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
