package io.leadflow.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.avro.Segment;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.TopicSetup;
import io.leadflow.enrichment.EnrichmentApp;
import io.leadflow.enrichment.EnrichmentTopology;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.kafka.TopicAdmin;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingTopology;
import io.leadflow.schemas.AvroSerde;
import io.leadflow.scoring.ScoringApp;
import io.leadflow.scoring.ScoringTopology;
import io.leadflow.sink.SinkApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * The benchmark ladder (issue 9 item 4), on one broker in one run: B2 (consumer→producer bytes), B3 (Streams
 * passthrough under the same guarantee), then the pipeline built up one service at a time (+ enrichment, + scoring,
 * + routing, + sink to a loopback webhook), interleaved round by round over the same pre-written lead events; then
 * open-loop latency at fractions of the full pipeline's throughput, and memory with many leads in the scoring store.
 *
 * <p>Every round starts fresh application ids (and a fresh sink group) on emptied intermediate topics, so each
 * round does the same work; a round is done when every consumer group of the round has committed the end of every
 * partition it reads (repartition topics included), which for the exactly-once services means their outputs are
 * committed too.
 */
public final class LadderBenchmark {

  public enum Step {
    B2("B2 consumer→producer"), B3("B3 Streams passthrough"), ENRICHMENT("+ enrichment"), SCORING("+ scoring"),
    ROUTING("+ routing"), SINK("+ sink (webhook)");

    final String label;

    Step(String label) {
      this.label = label;
    }
  }

  public record Settings(int leads, int repeats, EnumSet<Step> steps, List<MixedWorkload.Kind> workloads,
      List<String> latencyGuarantees, List<Integer> loadPercents, Duration latencyDuration, double maxRate,
      int memoryLeads, Path examples, Duration eventGap) {}

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String B2_TOPIC = "bench-ladder-b2";
  private static final String B3_TOPIC = "bench-ladder-b3";
  private static final Duration STALL = Duration.ofSeconds(30);
  private static final List<TopicSpec<?, ?>> INPUTS = List.of(Topics.LEAD_EVENTS, Topics.LEAD_OUTCOMES);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LayeredConfig config;
  private final Settings settings;
  private final PrintStream out;
  private final RoutingWorkload routing = new RoutingWorkload();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private HttpServer webhook;
  /** Lead id → first arrival (ms) of its assignment alert at the webhook. */
  private final Map<String, Long> webhookArrivals = new ConcurrentHashMap<>();
  private int round;
  private boolean warmingUp;

  public LadderBenchmark(LayeredConfig config, Settings settings, PrintStream out) {
    this.config = config;
    this.settings = settings;
    this.out = out;
    routing.examples(settings.examples());
  }

  public void run() throws Exception {
    TopicSetup.createAll(config);
    try (Admin admin = admin()) {
      int partitions = config.integer("topics.partitions");
      short replication = (short) config.integer("topics.replication-factor");
      TopicAdmin.createTopics(admin, List.of(new NewTopic(B2_TOPIC, partitions, replication),
          new NewTopic(B3_TOPIC, partitions, replication)), Duration.ofSeconds(30));
    }
    startWebhook();
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      // Dated before every lead event: routing reads reps as a table in event-time order, so reps dated "now"
      // would only be seen after the pre-written (older) leads, which would wait for a rep meanwhile.
      routing.publishReps(publisher, Instant.now().minus(Duration.ofDays(1)), List.of(NotificationChannel.newBuilder()
          .setType(ChannelType.WEBHOOK).setAddress(webhookUrl()).build()));
      publisher.flush();
    }
    out.printf(Locale.ROOT, "ladder: %,d leads, %d repeats, steps %s; load average at start %s%n", settings.leads(),
        settings.repeats(), settings.steps(), loadAverage());
    try {
      double maxRate = settings.maxRate();
      for (MixedWorkload.Kind kind : settings.workloads()) {
        double full = ladder(kind);
        if (kind == MixedWorkload.Kind.MIXED && maxRate <= 0) {
          maxRate = full;
        }
      }
      if (!settings.latencyGuarantees().isEmpty()) {
        if (maxRate <= 0) {
          throw new IllegalStateException("latency needs --max-rate, or the mixed ladder with its last step");
        }
        for (String guarantee : settings.latencyGuarantees()) {
          for (int percent : settings.loadPercents()) {
            latency(guarantee, percent, maxRate * percent / 100.0);
          }
        }
      }
      if (settings.memoryLeads() > 0) {
        memory(settings.memoryLeads());
      }
    } finally {
      webhook.stop(0);
    }
  }

  // ---------------------------------------------------------------------------------------------------- the ladder

  private record Measure(double recordsPerSecond, double cpuMicrosPerRecord) {}

  /** Runs the ladder on a fresh load of {@code kind}; returns the median of its last step in lead events/s. */
  private double ladder(MixedWorkload.Kind kind) throws Exception {
    clear(true);
    long records;
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      records = new MixedWorkload(kind, 17).load(publisher, settings.leads(), "lead-" + kind.name().toLowerCase(Locale.ROOT) + "-");
      publisher.flush();
    }
    out.printf(Locale.ROOT, "%n== workload %s: loaded %,d lead events for %,d leads (untimed)%n", kind.label(), records,
        settings.leads());
    List<Step> steps = new ArrayList<>(settings.steps());
    out.println("warm-up: one untimed round of each step");
    warmingUp = true;
    for (Step step : steps) {
      Measure m = measure(step, records);
      out.printf(Locale.ROOT, "  warm-up %-22s %,10.0f lead events/s%n", step.label, m.recordsPerSecond());
    }
    warmingUp = false;
    Map<Step, List<Measure>> results = new LinkedHashMap<>();
    for (int repeat = 1; repeat <= settings.repeats(); repeat++) {
      for (Step step : steps) {
        Measure m = measure(step, records);
        results.computeIfAbsent(step, s -> new ArrayList<>()).add(m);
        out.printf(Locale.ROOT, "  repeat %d %-22s %,10.0f lead events/s %8.1f CPU-µs/event  (load %s)%n", repeat,
            step.label, m.recordsPerSecond(), m.cpuMicrosPerRecord(), loadAverage());
      }
    }
    double eventsPerLead = (double) records / settings.leads();
    out.printf(Locale.ROOT, "%nworkload %s, %,d leads, %,d lead events (%.1f per lead), medians of %d repeats:%n",
        kind.label(), settings.leads(), records, eventsPerLead, settings.repeats());
    out.println("| step | lead events/s | leads/s | CPU-µs per lead event | CPU-µs per lead | ratio to B2 (median of per-repeat ratios) |");
    out.println("|---|---:|---:|---:|---:|---:|");
    double last = 0;
    for (Map.Entry<Step, List<Measure>> e : results.entrySet()) {
      List<Measure> ms = e.getValue();
      double rate = median(ms.stream().map(Measure::recordsPerSecond).toList());
      double cpu = median(ms.stream().map(Measure::cpuMicrosPerRecord).toList());
      String ratio = "—";
      if (results.containsKey(Step.B2)) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
          ratios.add(ms.get(i).recordsPerSecond() / results.get(Step.B2).get(i).recordsPerSecond());
        }
        ratio = String.format(Locale.ROOT, "%.3f", median(ratios));
      }
      out.printf(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f | %.0f | %s |%n", e.getKey().label, rate, rate / eventsPerLead,
          cpu, cpu * eventsPerLead, ratio);
      last = rate;
    }
    return last;
  }

  private Measure measure(Step step, long records) throws Exception {
    round++;
    return switch (step) {
      case B2 -> passthrough(records);
      case B3 -> streamsPassthrough(records);
      default -> pipeline(step, records, config.string("streams.processing-guarantee"));
    };
  }

  /** B2: lead-events and lead-outcomes read as bytes and written unchanged to another topic: the limit of one hop. */
  private Measure passthrough(long records) throws Exception {
    Map<String, Object> consumerProps = new HashMap<>(config.kafkaClientProperties());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ladder-b2-" + round);
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    Map<String, Object> producerProps = new HashMap<>(config.kafkaClientProperties());
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    producerProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer.subscribe(INPUTS.stream().map(TopicSpec::name).toList());
      long copied = 0;
      long start = 0;
      long cpu = 0;
      long lastProgress = System.nanoTime();
      while (copied < records) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          if (start == 0) {
            start = System.nanoTime();
            cpu = os.getProcessCpuTime();
          }
          producer.send(new ProducerRecord<>(B2_TOPIC, record.key(), record.value()));
          copied++;
          lastProgress = System.nanoTime();
        }
        consumer.commitAsync();
        if (System.nanoTime() - lastProgress > STALL.toNanos()) {
          throw new IllegalStateException("B2 stalled after " + copied + " of " + records);
        }
      }
      producer.flush();
      return measured(records, start, cpu);
    }
  }

  private Measure measured(long records, long startNanos, long startCpu) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return new Measure(records / seconds, (os.getProcessCpuTime() - startCpu) / 1e3 / records);
  }

  /** B3: the same copy as a Kafka Streams application under the configured processing guarantee. */
  private Measure streamsPassthrough(long records) throws Exception {
    String applicationId = "bench-ladder-b3-" + round;
    Topology topology = new Topology();
    topology.addSource("b3-source", new ByteArrayDeserializer(), new ByteArrayDeserializer(),
        INPUTS.stream().map(TopicSpec::name).toArray(String[]::new));
    topology.addSink("b3-sink", B3_TOPIC, new ByteArraySerializer(), new ByteArraySerializer(), "b3-source");
    LayeredConfig appConfig = config.with("streams.state-dir", Files.createTempDirectory(applicationId).toString());
    try (Admin admin = admin();
        StreamsService service = new StreamsService(applicationId, topology,
            StreamsSettings.base(applicationId, Topics.ENRICHMENT_DLQ.name(), appConfig))) {
      service.startPaused();
      awaitAssigned(admin, applicationId);
      service.kafkaStreams().resume();
      long start = System.nanoTime();
      long cpu = os.getProcessCpuTime();
      awaitCaughtUp(admin, List.of(applicationId));
      return measured(records, start, cpu);
    }
  }

  /**
   * The real services up to {@code last}, each started paused (Kafka Streams' {@code pause()} before {@code start()}:
   * it joins its group and gets its partitions, but restores and processes nothing), then all resumed at once and
   * timed from there until every group has caught up: start-up (apart from restoring empty stores) is not measured.
   */
  private Measure pipeline(Step last, long records, String guarantee) throws Exception {
    clear(false);
    webhookArrivals.clear();
    List<Started> started = new ArrayList<>();
    try (Admin admin = admin()) {
      List<Service> services = new ArrayList<>();
      try {
        for (Step step : List.of(Step.ENRICHMENT, Step.SCORING, Step.ROUTING, Step.SINK)) {
          if (step.ordinal() <= last.ordinal()) {
            Started s = start(step, guarantee, true);
            services.add(s.service());
            started.add(s);
          }
        }
        long start = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        for (Service service : services) {
          if (service instanceof StreamsService streams) {
            streams.kafkaStreams().resume();
          }
        }
        awaitCaughtUp(admin, started.stream().map(Started::group).toList());
        Measure m = measured(records, start, cpu);
        if (warmingUp) { // show what the pipeline did, once per step, untimed
          out.printf(Locale.ROOT, "    %s: %s%n", last.label, outputCounts());
        }
        return m;
      } finally {
        for (Service service : services) {
          service.close();
        }
      }
    }
  }

  /** Committed records on the pipeline's outputs and DLQs (so a benchmark that only fed a DLQ cannot pass as fast). */
  private String outputCounts() throws Exception {
    StringBuilder text = new StringBuilder();
    for (TopicSpec<?, ?> t : List.of(Topics.LEADS_ENRICHED, Topics.LEAD_SCORES, Topics.LEAD_STAGE_CHANGES,
        Topics.LEAD_ASSIGNMENTS, Topics.REP_ALERTS, Topics.ENRICHMENT_DLQ, Topics.SCORING_DLQ, Topics.ROUTING_DLQ,
        Topics.NOTIFICATION_DLQ)) {
      text.append(t.name()).append(' ').append(countCommitted(t.name())).append("; ");
    }
    text.append("webhooks received ").append(webhookArrivals.size());
    // Records written to the scoring stream's changelogs this round (offsets, so transaction markers included).
    try (Admin admin = admin()) {
      String prefix = applicationId(Step.SCORING) + "-";
      Set<TopicPartition> changelogs = new HashSet<>();
      List<String> names = admin.listTopics().names().get().stream()
          .filter(n -> n.startsWith(prefix) && n.endsWith("-changelog")).toList();
      admin.describeTopics(names).allTopicNames().get().forEach((name, d) ->
          d.partitions().forEach(p -> changelogs.add(new TopicPartition(name, p.partition()))));
      if (!changelogs.isEmpty()) {
        text.append("; scoring changelog offsets ")
            .append(offsets(admin, changelogs, OffsetSpec.latest()).values().stream().mapToLong(Long::longValue).sum());
      }
    }
    return text.toString();
  }

  private long countCommitted(String topic) throws Exception {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (Admin admin = admin();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Set<TopicPartition> partitions = new HashSet<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long count = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(100)).count();
      }
      return count;
    }
  }

  private record Started(Service service, String group) {}

  private Started start(Step step, String guarantee) throws Exception {
    return start(step, guarantee, false);
  }

  /** @param paused a Streams service comes up paused (the sink reads only what upstream writes, so it needs none) */
  private Started start(Step step, String guarantee, boolean paused) throws Exception {
    String id = applicationId(step);
    LayeredConfig c = config.with("streams.state-dir", Files.createTempDirectory(id).toString())
        .with("streams.processing-guarantee", guarantee);
    Service service = switch (step) {
      case ENRICHMENT -> EnrichmentApp.service(c.with("enrichment.application-id", id));
      case SCORING -> ScoringApp.service(c.with("scoring.application-id", id));
      case ROUTING -> routing.service(c, id);
      case SINK -> SinkApp.service(c.with("sink.group-id", id).with("sink.webhook.secret", SECRET)
          .with("sink.channels", "webhook").with("sink.rate-limit.webhook", "1000000"));
      default -> throw new IllegalArgumentException(step.name());
    };
    if (paused && service instanceof StreamsService streams) {
      streams.startPaused();
      try (Admin admin = admin()) {
        awaitAssigned(admin, id);
      }
    } else {
      service.start(Duration.ofMinutes(2));
    }
    return new Started(service, id);
  }

  /** A step's application id (and the sink's group id) in this round. */
  private String applicationId(Step step) {
    return step.name().toLowerCase(Locale.ROOT) + "-ladder-" + round;
  }

  /** Until the group's members hold partitions (a paused Streams client gets them, then waits for resume()). */
  private static void awaitAssigned(Admin admin, String group) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      if (d != null && !d.members().isEmpty()
          && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(group + " got no partitions within 2 minutes");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Until every group has committed the end of every partition assigned to it (a partition never written counts as
   * read). The end is the log end, which stays ahead of an open transaction, so an upstream service still writing
   * keeps its downstream "behind".
   */
  private void awaitCaughtUp(Admin admin, List<String> groups) throws Exception {
    long lastProgress = System.nanoTime();
    long lastBehind = Long.MAX_VALUE;
    while (true) {
      Thread.sleep(50);
      Map<String, Set<TopicPartition>> assigned = new HashMap<>();
      Set<TopicPartition> all = new HashSet<>();
      boolean ready = true;
      for (Map.Entry<String, ConsumerGroupDescription> e : admin.describeConsumerGroups(groups).all().get().entrySet()) {
        Set<TopicPartition> parts = new HashSet<>();
        for (MemberDescription member : e.getValue().members()) {
          parts.addAll(member.assignment().topicPartitions());
        }
        ready &= !parts.isEmpty();
        assigned.put(e.getKey(), parts);
        all.addAll(parts);
      }
      if (!ready) {
        continue; // a group still rebalancing
      }
      Map<TopicPartition, Long> ends = offsets(admin, all, OffsetSpec.latest());
      Map<TopicPartition, Long> starts = offsets(admin, all, OffsetSpec.earliest());
      long behind = 0;
      List<String> lagging = new ArrayList<>();
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata().get();
        for (TopicPartition p : assigned.get(group)) {
          OffsetAndMetadata c = committed.get(p);
          long at = c == null ? starts.get(p) : c.offset();
          if (ends.get(p) > at && ends.get(p) - at <= 3 && onlyMarkersFrom(p, at, ends.get(p))) {
            continue; // a plain consumer (the sink) commits past its last record, not past the transaction marker
          }
          behind += Math.max(0, ends.get(p) - at);
          if (ends.get(p) > at) {
            lagging.add(group + " " + p + " at " + at + " of " + ends.get(p) + (c == null ? " (none committed)" : ""));
          }
        }
      }
      if (behind == 0) {
        return;
      }
      if (behind != lastBehind) {
        lastProgress = System.nanoTime();
        lastBehind = behind;
      } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
        throw new IllegalStateException(groups + " stalled " + behind + " records behind: " + lagging);
      }
    }
  }

  /** Whether nothing a read_committed reader would see lies between {@code from} and {@code end}. */
  private boolean onlyMarkersFrom(TopicPartition partition, long from, long end) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> probe = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      probe.assign(List.of(partition));
      probe.seek(partition, from);
      long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (probe.position(partition) < end && System.nanoTime() < deadline) {
        if (!probe.poll(Duration.ofMillis(50)).isEmpty()) {
          return false;
        }
      }
      return probe.position(partition) >= end;
    }
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, Set<TopicPartition> partitions, OffsetSpec spec)
      throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(p -> request.put(p, spec));
    Map<TopicPartition, Long> result = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((p, info) -> result.put(p, info.offset()));
    return result;
  }

  /**
   * Empties the topics a round writes (and, with {@code inputs}, the lead events too), so a fresh application reads
   * only this round's work. Compacted topics (reps, configs, company profiles, rep-load) are left alone.
   */
  private void clear(boolean inputs) throws Exception {
    List<String> topics = new ArrayList<>();
    for (TopicSpec<?, ?> t : Topics.ALL) {
      if (!t.compacted() && (inputs || !INPUTS.contains(t))) {
        topics.add(t.name());
      }
    }
    topics.add(B2_TOPIC);
    topics.add(B3_TOPIC);
    try (Admin admin = admin()) {
      Set<TopicPartition> partitions = new HashSet<>();
      admin.describeTopics(topics).allTopicNames().get().forEach((name, d) ->
          d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
      Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
      offsets(admin, partitions, OffsetSpec.latest()).forEach((p, end) -> delete.put(p, RecordsToDelete.beforeOffset(end)));
      admin.deleteRecords(delete).all().get();
    }
  }

  // ------------------------------------------------------------------------------------------------------ latency

  /**
   * Open loop: lead events sent at a fixed rate on a schedule (each event's time is its scheduled send time, so a
   * sender falling behind shows up as latency instead of hiding it), through the whole pipeline; lead event →
   * assignment record (read_committed) and lead event → webhook received, from the assignment's triggering event time.
   */
  private void latency(String guarantee, int percent, double rate) throws Exception {
    round++;
    clear(true);
    webhookArrivals.clear();
    Duration warmup = Duration.ofSeconds(Math.max(5, settings.latencyDuration().toSeconds() / 4));
    out.printf(Locale.ROOT, "%n== latency under %s at %d %% of max: %,.0f lead events/s for %s (+ %s warm-up, not recorded); "
        + "a lead's events %s apart%n", guarantee, percent, rate, settings.latencyDuration(), warmup, settings.eventGap());
    Map<String, Long> eventTimes = new ConcurrentHashMap<>();
    Map<String, Long> assignedArrivals = new ConcurrentHashMap<>();
    Map<Hop, Map<String, Long>> hopArrivals = new EnumMap<>(Hop.class);
    for (Hop hop : Hop.values()) {
      hopArrivals.put(hop, new ConcurrentHashMap<>());
    }
    AtomicBoolean reading = new AtomicBoolean(true);
    Thread reader = hopReader(eventTimes, assignedArrivals, hopArrivals, reading);
    List<Service> services = new ArrayList<>();
    int hotMeasured = 0;
    long sent = 0;
    double achieved;
    long measureFrom;
    try {
      for (Step step : List.of(Step.SINK, Step.ROUTING, Step.SCORING, Step.ENRICHMENT)) {
        services.add(start(step, guarantee).service());
      }
      reader.start();
      Thread.sleep(1_000); // the hop reader has found the ends of the topics it reads
      MixedWorkload workload = new MixedWorkload(MixedWorkload.Kind.MIXED, 23 + round);
      long startNanos = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      measureFrom = startMillis + warmup.toMillis();
      long total = (long) (rate * (warmup.toSeconds() + settings.latencyDuration().toSeconds()));
      // Each lead's events go out settings.eventGap() apart (its outcomes two seconds after its last event), leads
      // interleaved, one event per slot of the offered rate; a new lead starts whenever no scheduled event is due.
      long gapSlots = Math.round(settings.eventGap().toMillis() * rate / 1000.0);
      long outcomeSlots = Math.round(2 * rate);
      PriorityQueue<Scheduled> due = new PriorityQueue<>();
      try (RecordPublisher publisher = new RecordPublisher(config)) {
        int lead = 0;
        long sequence = 0;
        while (sent < total || !due.isEmpty()) {
          if (sent < total && (due.isEmpty() || due.peek().slot() > sent)) {
            MixedWorkload.Lead next = workload.next("lat-" + round + "-" + lead++);
            long slot = sent;
            for (MixedWorkload.Event e : next.events()) {
              due.add(new Scheduled(slot, sequence++, e));
              slot += gapSlots;
            }
            for (MixedWorkload.Event o : next.outcomes()) {
              due.add(new Scheduled(slot + outcomeSlots, sequence++, o));
            }
            if (next.hot() && startMillis + (long) (sent * 1000 / rate) >= measureFrom) {
              hotMeasured++;
            }
          }
          MixedWorkload.Event event = due.poll().event();
          long dueNanos = startNanos + (long) (sent * 1e9 / rate);
          // Sleep until due (no spinning: it would take a core from the pipeline on this 2-core machine); events
          // that fell due meanwhile go out at once, stamped with their scheduled time.
          long wait = dueNanos - System.nanoTime();
          if (wait > 1_000_000) {
            Thread.sleep(wait / 1_000_000);
          }
          MixedWorkload.send(publisher, event, Instant.ofEpochMilli(startMillis + (dueNanos - startNanos) / 1_000_000));
          sent++;
        }
        publisher.flush();
      }
      achieved = sent / ((System.nanoTime() - startNanos) / 1e9);
      // Drain: until every measured hot lead has been assigned and its webhook arrived, or 30 s.
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        long assigned = eventTimes.values().stream().filter(t -> t >= measureFrom).count();
        long hooked = eventTimes.entrySet().stream()
            .filter(e -> e.getValue() >= measureFrom && webhookArrivals.containsKey(e.getKey())).count();
        if (assigned >= hotMeasured && hooked >= hotMeasured) {
          break;
        }
        Thread.sleep(100);
      }
    } finally {
      reading.set(false);
      reader.join(10_000);
      printCommitCosts(services);
      for (Service service : services) {
        service.close();
      }
    }
    Histogram toAssignment = new Histogram(3_600_000L, 3);
    Histogram toWebhook = new Histogram(3_600_000L, 3);
    long missingHook = 0;
    for (Map.Entry<String, Long> e : eventTimes.entrySet()) {
      long eventTime = e.getValue();
      if (eventTime < measureFrom) {
        continue;
      }
      toAssignment.recordValue(Math.max(0, assignedArrivals.get(e.getKey()) - eventTime));
      Long hook = webhookArrivals.get(e.getKey());
      if (hook == null) {
        missingHook++;
      } else {
        toWebhook.recordValue(Math.max(0, hook - eventTime));
      }
    }
    out.printf(Locale.ROOT, "sent %,d lead events at %,.0f/s (offered %,.0f/s); %,d hot leads in the measured part, "
        + "%,d assigned, %,d webhooks missing; load average %s%n", sent, achieved, rate, hotMeasured,
        toAssignment.getTotalCount(), missingHook, loadAverage());
    out.println("| guarantee | load | lead events/s | path | n | p50 ms | p99 ms | p99.9 ms | max ms |");
    out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|");
    for (Map.Entry<String, Histogram> h : Map.of("lead event → assignment", toAssignment, "lead event → webhook", toWebhook)
        .entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
      Histogram hist = h.getValue();
      out.printf(Locale.ROOT, "| %s | %d %% | %,.0f | %s | %,d | %d | %d | %d | %d |%n", guarantee, percent, rate, h.getKey(),
          hist.getTotalCount(), hist.getValueAtPercentile(50), hist.getValueAtPercentile(99),
          hist.getValueAtPercentile(99.9), hist.getMaxValue());
    }
    printHops(eventTimes, measureFrom, hopArrivals, assignedArrivals);
  }

  /**
   * The committed records on the lead's way, in path order; each is read with read_committed, so its arrival is when
   * the transaction that wrote it committed. A hot lead's stage change is the one into MQL or HOT.
   */
  private enum Hop {
    PROFILE_BY_DOMAIN("enrichment: profile re-keyed by domain (repartition)"),
    ENRICHED("enrichment: leads-enriched"),
    STAGE_CHANGE("scoring: lead-stage-changes into MQL/HOT"),
    REQUEST_BY_POOL("routing: request re-keyed by pool (repartition)");

    final String label;

    Hop(String label) {
      this.label = label;
    }
  }

  /**
   * Where the time goes: for each measured lead, when each record on its way became readable, relative to the
   * assignment's triggering event (negative: it was there before the trigger, e.g. a profile enriched before the
   * activity that made the lead an MQL).
   */
  private void printHops(Map<String, Long> eventTimes, long measureFrom, Map<Hop, Map<String, Long>> hopArrivals,
      Map<String, Long> assignedArrivals) {
    out.println("Per hop (ms after the triggering lead event, measured leads; a hop's record is readable once its "
        + "transaction commits):");
    out.println("| record on the lead's way | n | p50 ms | p99 ms | max ms |");
    out.println("|---|---:|---:|---:|---:|");
    List<Map.Entry<String, Map<String, Long>>> rows = new ArrayList<>();
    for (Hop hop : Hop.values()) {
      rows.add(Map.entry(hop.label, hopArrivals.get(hop)));
    }
    rows.add(Map.entry("routing: lead-assignments", assignedArrivals));
    rows.add(Map.entry("sink: webhook received", webhookArrivals));
    for (Map.Entry<String, Map<String, Long>> row : rows) {
      List<Long> deltas = new ArrayList<>();
      eventTimes.forEach((lead, eventTime) -> {
        Long arrival = row.getValue().get(lead);
        if (eventTime >= measureFrom && arrival != null) {
          deltas.add(arrival - eventTime);
        }
      });
      deltas.sort(null);
      if (deltas.isEmpty()) {
        out.printf(Locale.ROOT, "| %s | 0 | | | |%n", row.getKey());
        continue;
      }
      out.printf(Locale.ROOT, "| %s | %,d | %d | %d | %d |%n", row.getKey(), deltas.size(),
          deltas.get((deltas.size() - 1) / 2), deltas.get((int) Math.ceil(deltas.size() * 0.99) - 1),
          deltas.get(deltas.size() - 1));
    }
  }

  /**
   * Each Streams service's commits over the run (Kafka's stream-thread metrics): how often, and how long the thread
   * spent in one, which under exactly-once includes committing the transaction and waiting for the broker's answer.
   */
  private void printCommitCosts(List<Service> services) {
    out.println("| service | commits/s | commit ms avg | commit ms max | records processed/s |");
    out.println("|---|---:|---:|---:|---:|");
    for (Service service : services) {
      if (!(service instanceof StreamsService streams)) {
        continue;
      }
      Map<String, Double> thread = new HashMap<>();
      streams.kafkaStreams().metrics().forEach((name, metric) -> {
        if (name.group().equals("stream-thread-metrics") && metric.metricValue() instanceof Double value) {
          thread.merge(name.name(), value, Double::sum);
        }
      });
      out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %,.0f |%n", streams.name(), thread.getOrDefault("commit-rate", 0.0),
          thread.getOrDefault("commit-latency-avg", 0.0), thread.getOrDefault("commit-latency-max", 0.0),
          thread.getOrDefault("process-rate", 0.0));
    }
  }

  /** A lead event due at {@code slot} (the n-th send of the open loop); ties keep the order of scheduling. */
  private record Scheduled(long slot, long sequence, MixedWorkload.Event event) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled other) {
      return slot != other.slot ? Long.compare(slot, other.slot) : Long.compare(sequence, other.sequence);
    }
  }

  /**
   * Reads, from their ends and read_committed, lead-assignments (first assignment per lead: its triggering event time
   * and arrival) and the records on a lead's way there ({@link Hop}: first arrival per lead).
   */
  private Thread hopReader(Map<String, Long> eventTimes, Map<String, Long> arrivals, Map<Hop, Map<String, Long>> hops,
      AtomicBoolean reading) {
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    Map<String, Hop> hopOf = Map.of(
        applicationId(Step.ENRICHMENT) + "-" + EnrichmentTopology.PROFILES_BY_DOMAIN + "-repartition", Hop.PROFILE_BY_DOMAIN,
        Topics.LEADS_ENRICHED.name(), Hop.ENRICHED,
        Topics.LEAD_STAGE_CHANGES.name(), Hop.STAGE_CHANGE,
        applicationId(Step.ROUTING) + "-" + RoutingTopology.ROUTING_REQUESTS_BY_POOL + "-repartition", Hop.REQUEST_BY_POOL);
    AvroSerde<EnrichedLead> enriched = AvroSerde.of(EnrichedLead.class);
    AvroSerde<RoutingRequest> requests = AvroSerde.of(RoutingRequest.class);
    String assignmentsTopic = Topics.LEAD_ASSIGNMENTS.name();
    return new Thread(() -> {
      try (consumer) {
        // The repartition topics appear when their applications start: assigned once they exist.
        Set<String> wanted = new HashSet<>(hopOf.keySet());
        wanted.add(assignmentsTopic);
        Set<String> assigned = new HashSet<>();
        while (reading.get()) {
          if (!assigned.containsAll(wanted)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : wanted) {
              consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            List<TopicPartition> fresh = partitions.stream().filter(p -> !consumer.assignment().contains(p)).toList();
            if (!fresh.isEmpty()) {
              Set<TopicPartition> all = new HashSet<>(consumer.assignment());
              all.addAll(fresh);
              consumer.assign(all);
              consumer.seekToEnd(fresh);
              fresh.forEach(consumer::position);
            }
            consumer.assignment().forEach(p -> assigned.add(p.topic()));
          }
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
            long now = System.currentTimeMillis();
            if (record.topic().equals(assignmentsTopic)) {
              LeadAssignment a = Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer().deserialize(assignmentsTopic, record.value());
              if (eventTimes.putIfAbsent(a.getLeadId(), a.getEventTime().toEpochMilli()) == null) {
                arrivals.put(a.getLeadId(), now);
              }
              continue;
            }
            Hop hop = hopOf.get(record.topic());
            String leadId = switch (hop) {
              case PROFILE_BY_DOMAIN -> enriched.deserializer().deserialize(record.topic(), record.value()).getLeadId();
              case ENRICHED -> new String(record.key(), StandardCharsets.UTF_8);
              case STAGE_CHANGE -> {
                LeadStageChange change = Topics.LEAD_STAGE_CHANGES.valueSerde().deserializer()
                    .deserialize(record.topic(), record.value());
                yield change.getToStage() == LeadStage.MQL || change.getToStage() == LeadStage.HOT ? change.getLeadId() : null;
              }
              case REQUEST_BY_POOL -> requests.deserializer().deserialize(record.topic(), record.value()).getChange().getLeadId();
            };
            if (leadId != null) {
              hops.get(hop).putIfAbsent(leadId, now);
            }
          }
        }
      }
    }, "ladder-hop-reader");
  }

  private void startWebhook() throws IOException {
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    webhook.setExecutor(Executors.newFixedThreadPool(8));
    webhook.createContext("/hook", exchange -> {
      long arrived = System.currentTimeMillis();
      try (InputStream body = exchange.getRequestBody()) {
        JsonNode data = JSON.readTree(body.readAllBytes()).path("data");
        webhookArrivals.putIfAbsent(data.path("leadId").asText(), arrived);
      } catch (RuntimeException e) {
        // not JSON: still answered, not counted
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    webhook.start();
  }

  private String webhookUrl() {
    return "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook";
  }

  // ------------------------------------------------------------------------------------------------------- memory

  /**
   * Heap (after a full GC) and resident set size of this JVM — broker included — before the scoring stream starts
   * and once it holds {@code leads} leads in its RocksDB store.
   */
  private void memory(int leads) throws Exception {
    round++;
    clear(true);
    out.printf(Locale.ROOT, "%n== memory: %,d leads into the scoring store%n", leads);
    Instant t0 = Instant.now().minus(Duration.ofHours(2));
    try (RecordPublisher publisher = new RecordPublisher(config)) {
      for (int i = 0; i < leads; i++) {
        String leadId = "mem-" + i;
        Instant at = t0.plusMillis(i % 3_600_000);
        publisher.send(Topics.LEADS_ENRICHED, leadId, EnrichedLead.newBuilder()
            .setLeadId(leadId).setOccurredAt(at).setEnrichedAt(at).setStatus(EnrichmentStatus.ENRICHED)
            .setProfile(LeadProfile.newBuilder().setEmail(leadId + "@company" + (i % 5_000) + ".example")
                .setJobTitle("Head of Operations").build())
            .setCompanyName("Company " + (i % 5_000)).setSegment(Segment.MID_MARKET)
            .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setCountry("DE").setRegion("DACH")
                .setEmployeeCount(200).build())
            .build(), at.toEpochMilli());
      }
      publisher.flush();
    }
    long[] before = memoryNow();
    String id = "scoring-memory-" + round;
    LayeredConfig c = config.with("streams.state-dir", Files.createTempDirectory(id).toString())
        .with("scoring.application-id", id);
    long storeEntries;
    long[] after;
    try (Admin admin = admin(); StreamsService scoring = ScoringApp.service(c)) {
      scoring.start(Duration.ofMinutes(2));
      long start = System.nanoTime();
      awaitCaughtUp(admin, List.of(id));
      out.printf(Locale.ROOT, "scored %,d profiles in %.1f s%n", leads, (System.nanoTime() - start) / 1e9);
      storeEntries = scoring.kafkaStreams().store(StoreQueryParameters.fromNameAndType(
          ScoringTopology.LEAD_SCORE_STATE_STORE, QueryableStoreTypes.<String, Object>keyValueStore())).approximateNumEntries();
      after = memoryNow();
    }
    out.printf(Locale.ROOT, "| | heap used after GC | RSS |%n|---|---:|---:|%n");
    out.printf(Locale.ROOT, "| before (broker, earlier phases, no scoring store) | %,d MiB | %,d MiB |%n", before[0], before[1]);
    out.printf(Locale.ROOT, "| scoring running, %,d leads in the store (RocksDB estimate %,d) | %,d MiB | %,d MiB |%n",
        leads, storeEntries, after[0], after[1]);
    out.printf(Locale.ROOT, "| difference | %,d MiB | %,d MiB |%n", after[0] - before[0], after[1] - before[1]);
  }

  /** Heap used after a full GC, and VmRSS, in MiB. */
  private static long[] memoryNow() throws IOException {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("\\D", "")) >> 10;
      }
    }
    return new long[] {heap, rss};
  }

  // -------------------------------------------------------------------------------------------------------- misc

  private Admin admin() {
    return Admin.create(config.kafkaClientProperties());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
