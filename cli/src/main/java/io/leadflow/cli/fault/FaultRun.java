package io.leadflow.cli.fault;

import com.sun.net.httpserver.HttpServer;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.cli.LeadflowCli;
import io.leadflow.cli.TopicSetup;
import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.LeadEnricher;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.scoring.LeadScorer;
import io.leadflow.scoring.ScoringRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fault test (docs/RELIABILITY.md): a three-node cluster and the pipeline's services in child JVMs, a seeded
 * workload, hard kills, clean restarts and broker bounces spread over the run, then a verifier reading every output
 * with read_committed, and a search of every log of the run for the secrets it configured.
 */
public final class FaultRun {

  /** What to run. {@code rate} is leads per second (0 = as fast as the producer goes). */
  public record Settings(int leads, int kills, int restarts, int bounces, int instances, long seed, double rate,
                         Path workDir, boolean keepWorkDir, Duration timeout) {}

  /** What happened and what the verifier found. */
  public record Report(FaultChecks.Result checks, int kills, int restarts, int cleanBounces, int hardBounces,
                       List<String> faultLog, int logFiles, List<String> secretsFound, long events, Duration elapsed) {
    public boolean passed() {
      return checks.passed() && secretsFound.isEmpty();
    }

    public String summary() {
      FaultChecks.Result c = checks;
      StringBuilder text = new StringBuilder();
      text.append(String.format("leads %d (%d events), kills %d, restarts %d, bounces %d (clean %d, hard %d)%n",
          c.leads(), events, kills, restarts, cleanBounces + hardBounces, cleanBounces, hardBounces));
      text.append(String.format("reached routing (MQL/HOT) %d, due by recomputation %d, assigned %d, assignment records %d%n",
          c.reachedRouting(), c.dueByRecomputation(), c.assignedLeads(), c.assignmentRecords()));
      text.append(String.format("lost = %d, duplicates = %d, unexpected assignments = %d, score mismatches = %d, "
              + "leads without a score = %d, DLQ records = %d, hung partitions = %d%n",
          c.lost(), c.duplicates(), c.unexpectedAssignments(), c.scoreMismatches(), c.missingScores(),
          c.dlqRecords(), c.hungPartitions()));
      text.append(String.format("secrets found in logs = %d (searched %d log files)%n", secretsFound.size(), logFiles));
      text.append(String.format("elapsed %d s%n", elapsed.toSeconds()));
      c.examples().forEach(e -> text.append("  ").append(e).append('\n'));
      secretsFound.forEach(s -> text.append("  ").append(s).append('\n'));
      text.append(passed() ? "PASSED" : "FAILED");
      return text.toString();
    }
  }

  private static final List<String> STREAMS = List.of("enrichment-stream", "scoring-stream", "routing-stream");
  private static final String SINK = "notification-sink";
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration QUIET = Duration.ofSeconds(15);
  /** Partitions per topic: enough for two instances of a service to share the work and move it on a kill. */
  private static final int PARTITIONS = 4;

  private final Settings settings;
  private final PrintStream out;
  private final FaultWorkload workload;
  private final List<String> faultLog = new ArrayList<>();
  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong webhooks = new AtomicLong();
  private final AtomicReference<Throwable> backgroundFailure = new AtomicReference<>();
  private volatile boolean stopping;

  public FaultRun(Settings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
    this.workload = new FaultWorkload(settings.seed(), Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  public Report run() throws Exception {
    long started = System.nanoTime();
    Path work = settings.workDir() != null ? Files.createDirectories(settings.workDir()) : Files.createTempDirectory("leadflow-fault-");
    Path logs = Files.createDirectories(work.resolve("logs"));
    out.println("fault test: work directory " + work);
    SecureRandom random = new SecureRandom();
    byte[] key = new byte[24];
    random.nextBytes(key);
    secrets.put("webhook signing secret", "whsec_" + Base64.getEncoder().encodeToString(key));
    secrets.put("SASL JAAS password", "jaas-" + HexFormat.of().formatHex(random.generateSeed(12)));
    secrets.put("routing API token", "tok-" + HexFormat.of().formatHex(random.generateSeed(12)));
    secrets.put("webhook URL token", "url-" + HexFormat.of().formatHex(random.generateSeed(12)));

    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      webhooks.incrementAndGet();
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
    String hookUrl = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook?token=" + secrets.get("webhook URL token");

    Path scoringRules = writeScoringRules(work);
    Path routingRules = work.resolve("routing.yaml");
    // One push pool, no caps, no working hours, SLA beyond the run: every lead that reaches MQL/HOT gets exactly one rep.
    Files.writeString(routingRules, "version: fault-test\nhierarchy: []\nsla: {HIGH: 30d, NORMAL: 30d}\n"
        + "skip: {active-lead-cap: 10000000, working-hours: false}\n");

    List<ServiceInstance> instances = new ArrayList<>();
    Thread publisher = null;
    Thread crm = null;
    int kills = 0;
    int restarts = 0;
    int clean = 0;
    int hard = 0;
    try (FaultCluster cluster = new FaultCluster(work, logs)) {
      cluster.start();
      out.println("fault test: 3 brokers up on " + cluster.bootstrapServers());
      LayeredConfig config = LayeredConfig.defaults()
          .with("kafka.bootstrap.servers", cluster.bootstrapServers())
          .with("topics.partitions", String.valueOf(PARTITIONS))
          .with("topics.replication-factor", "3");
      TopicSetup.createAll(config);
      // Producing before every replica has caught up gave OutOfOrderSequenceException loops on a loaded machine.
      cluster.awaitFullIsr(Duration.ofMinutes(2));
      try (KafkaProducer<byte[], byte[]> producer = producer(cluster.bootstrapServers())) {
        for (CompanyProfile company : workload.companies()) {
          send(producer, Topics.COMPANY_PROFILES, company.getDomain(), company, workload.start().toEpochMilli());
        }
        for (Rep rep : workload.reps()) {
          Rep withHook = Rep.newBuilder(rep).setChannels(List.of(NotificationChannel.newBuilder()
              .setType(ChannelType.WEBHOOK).setAddress(hookUrl).build())).build();
          send(producer, Topics.REPS, rep.getRepId(), withHook, workload.start().toEpochMilli());
        }
        producer.flush();
      }

      Map<String, String> env = Map.of(
          "LEADFLOW_SINK_WEBHOOK_SECRET", secrets.get("webhook signing secret"),
          "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"leadflow\" password=\""
              + secrets.get("SASL JAAS password") + "\";",
          "LEADFLOW_ROUTING_API_TOKENS_REP__01", secrets.get("routing API token"));
      for (String service : STREAMS) {
        for (int i = 1; i <= settings.instances(); i++) {
          instances.add(instance(service, i, cluster.bootstrapServers(), work, logs, env, scoringRules, routingRules));
        }
      }
      instances.add(instance(SINK, 1, cluster.bootstrapServers(), work, logs, env, scoringRules, routingRules));
      instances.forEach(ServiceInstance::start);
      for (ServiceInstance instance : instances) {
        instance.awaitReady(READY_TIMEOUT);
      }
      out.printf("fault test: %d service instances ready (%s)%n", instances.size(),
          instances.stream().map(ServiceInstance::name).collect(Collectors.joining(", ")));

      long totalEvents = countEvents();
      Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();
      publisher = background("publisher", () -> publish(cluster.bootstrapServers()));
      crm = background("crm", () -> answerAssignments(cluster.bootstrapServers(), answered));

      List<Fault> schedule = schedule(instances);
      long deadline = System.nanoTime() + settings.timeout().toNanos();
      long lastReport = 0;
      for (int k = 0; k < schedule.size(); k++) {
        double due = (k + 1.0) / (schedule.size() + 1.0);
        while (progress(cluster.admin(), totalEvents) < due) {
          failIfBackgroundFailed();
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("timed out before fault " + (k + 1) + " at progress " + due);
          }
          if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(10)) {
            lastReport = System.nanoTime();
            out.printf("fault test: published %d/%d leads, scoring progress %.0f%%, %d faults done%n",
                published.get(), settings.leads(), 100 * progress(cluster.admin(), totalEvents), k);
          }
          Thread.sleep(500);
        }
        Fault fault = schedule.get(k);
        String done = apply(fault, cluster);
        faultLog.add(done);
        out.println("fault test: " + done);
        switch (fault.kind()) {
          case KILL -> kills++;
          case RESTART -> restarts++;
          case BOUNCE -> {
            if (fault.hard()) {
              hard++;
            } else {
              clean++;
            }
          }
        }
      }
      for (ServiceInstance instance : instances) {
        instance.awaitReady(READY_TIMEOUT); // the last restarted ones too
      }
      publisher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      failIfBackgroundFailed();
      awaitQuiet(cluster.admin(), deadline);
      out.println("fault test: pipeline quiet; stopping the services cleanly");
      stopping = true;
      crm.join(30_000);
      for (ServiceInstance instance : instances) {
        if (!instance.jvm().stop(Duration.ofSeconds(60))) {
          faultLog.add(instance.name() + " did not stop within 60 s of SIGTERM");
        }
      }

      FaultChecks.Observed observed = read(cluster);
      FaultChecks checks = new FaultChecks(workload, new LeadEnricher(EnrichmentConfig.from(LayeredConfig.defaults())),
          new LeadScorer(ScoringRules.read(scoringRules)));
      FaultChecks.Result result = checks.check(settings.leads(), observed);
      List<Path> logFiles;
      try (Stream<Path> files = Files.list(logs)) {
        logFiles = files.sorted().toList();
      }
      List<String> found = findSecrets(logFiles);
      Report report = new Report(result, kills, restarts, clean, hard, List.copyOf(faultLog), logFiles.size(), found,
          totalEvents, Duration.ofNanos(System.nanoTime() - started));
      out.println("fault test: webhook requests received " + webhooks.get());
      return report;
    } finally {
      stopping = true;
      for (ServiceInstance instance : instances) {
        if (instance.jvm().alive()) {
          instance.jvm().kill();
        }
      }
      if (publisher != null) {
        publisher.interrupt();
      }
      receiver.stop(0);
      if (!settings.keepWorkDir()) {
        deleteTree(work, logs);
      }
    }
  }

  // ---- services

  private ServiceInstance instance(String service, int index, String bootstrap, Path work, Path logs,
                                   Map<String, String> env, Path scoringRules, Path routingRules) {
    List<String> args = new ArrayList<>(List.of("run", service, "--bootstrap-servers", bootstrap, "--management-port", "0"));
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("management.host", "127.0.0.1");
    sets.put("topics.partitions", String.valueOf(PARTITIONS));
    // Every exactly-once commit is a round of transaction markers replicated to two brokers; on two shared cores one
    // took ~1.4 s, so at the default 100 ms the threads did little but commit. A longer interval only batches more.
    sets.put("streams.commit-interval", "1s");
    sets.put("topics.replication-factor", "3");
    sets.put("streams.state-dir", work.resolve("state").resolve(service + "-" + index).toString());
    sets.put("scoring.rules-file", scoringRules.toString());
    sets.put("routing.rules-file", routingRules.toString());
    sets.put("sink.channels", "webhook");
    // A killed instance's partitions move once the broker gives up on it: 45 s by default, 10 s here.
    sets.put("kafka.session.timeout.ms", "10000");
    sets.put("kafka.heartbeat.interval.ms", "2000");
    sets.forEach((k, v) -> {
      args.add("--set");
      args.add(k + "=" + v);
    });
    ChildJvm jvm = new ChildJvm(service + "-" + index,
        List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", "-Djava.awt.headless=true"),
        LeadflowCli.class.getName(), args, env, logs);
    return new ServiceInstance(service, jvm);
  }

  // ---- faults

  enum Kind { KILL, RESTART, BOUNCE }

  /** A service fault names its instance; a bounce names what to find (the hot topic's leader or the controller). */
  record Fault(Kind kind, ServiceInstance target, boolean hard, String brokerTarget) {}

  /**
   * Kills, restarts and bounces interleaved evenly (each kind's i-th fault at (i + ½)/count of the run), targets drawn
   * from the seed. Bounces alternate hard and clean and alternate between a hot topic's partition leader and the
   * active controller.
   */
  List<Fault> schedule(List<ServiceInstance> instances) {
    Random random = new Random(settings.seed());
    List<ServiceInstance> streams = instances.stream().filter(i -> !i.service().equals(SINK)).toList();
    List<Map.Entry<Double, Fault>> timed = new ArrayList<>();
    for (int i = 0; i < settings.kills(); i++) {
      ServiceInstance target = streams.get(random.nextInt(streams.size()));
      timed.add(Map.entry((i + 0.5) / settings.kills(), new Fault(Kind.KILL, target, true, null)));
    }
    for (int i = 0; i < settings.restarts(); i++) {
      ServiceInstance target = instances.get(random.nextInt(instances.size()));
      timed.add(Map.entry((i + 0.5) / settings.restarts() + 1e-6, new Fault(Kind.RESTART, target, false, null)));
    }
    List<String> brokerTargets = List.of("leader:" + Topics.LEAD_EVENTS.name(), "controller",
        "leader:" + Topics.LEAD_STAGE_CHANGES.name(), "controller", "leader:" + Topics.LEAD_ASSIGNMENTS.name());
    for (int i = 0; i < settings.bounces(); i++) {
      timed.add(Map.entry((i + 0.5) / settings.bounces() + 2e-6,
          new Fault(Kind.BOUNCE, null, i % 2 == 0, brokerTargets.get(i % brokerTargets.size()))));
    }
    timed.sort(Map.Entry.comparingByKey());
    return timed.stream().map(Map.Entry::getValue).toList();
  }

  private String apply(Fault fault, FaultCluster cluster) throws Exception {
    long t0 = System.nanoTime();
    switch (fault.kind()) {
      case KILL -> {
        ServiceInstance target = fault.target();
        long pid = target.jvm().pid();
        target.jvm().kill();
        target.start();
        // Not waiting for readiness: the next fault may hit an instance that is still restoring, as in a real outage.
        return String.format("kill -9 %s (pid %d), restarted", target.name(), pid);
      }
      case RESTART -> {
        ServiceInstance target = fault.target();
        boolean inTime = target.jvm().stop(Duration.ofSeconds(60));
        target.start();
        return String.format("clean restart of %s (SIGTERM%s) in %.1f s", target.name(),
            inTime ? "" : ", killed after 60 s", seconds(t0));
      }
      case BOUNCE -> {
        // Never take a second replica away: the previous bounce's broker must have caught up on every partition.
        cluster.awaitFullIsr(Duration.ofMinutes(5));
        int node;
        String what;
        if (fault.brokerTarget().equals("controller")) {
          node = cluster.activeController();
          what = "the active controller";
        } else {
          String topic = fault.brokerTarget().substring("leader:".length());
          node = cluster.leaderOf(topic, 0);
          what = "the leader of " + topic + "-0";
        }
        cluster.bounce(node, fault.hard(), Duration.ofSeconds(2), Duration.ofMinutes(3));
        return String.format("%s bounce of broker %d (%s), back in the cluster after %.1f s",
            fault.hard() ? "hard (kill -9)" : "clean (controlled shutdown)", node, what, seconds(t0));
      }
      default -> throw new IllegalStateException();
    }
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  // ---- workload

  private long countEvents() {
    long events = 0;
    for (int i = 0; i < settings.leads(); i++) {
      events += 1 + workload.lead(i).activities().size();
    }
    return events;
  }

  private void publish(String bootstrap) throws Exception {
    long t0 = System.nanoTime();
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      AtomicReference<Exception> failed = new AtomicReference<>();
      for (int i = 0; i < settings.leads() && !stopping; i++) {
        if (settings.rate() > 0) {
          long dueAt = t0 + (long) (i / settings.rate() * 1e9);
          long wait = dueAt - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        FaultWorkload.Lead lead = workload.lead(i);
        List<LeadEvent> events = new ArrayList<>();
        events.add(lead.profile());
        events.addAll(lead.activities());
        for (LeadEvent event : events) {
          producer.send(record(Topics.LEAD_EVENTS, lead.leadId(), event, event.getOccurredAt().toEpochMilli()),
              (metadata, e) -> {
                if (e != null) {
                  failed.compareAndSet(null, e);
                }
              });
        }
        published.incrementAndGet();
        if (failed.get() != null) {
          throw failed.get();
        }
      }
      producer.flush();
      if (failed.get() != null) {
        throw failed.get();
      }
    }
  }

  /** The CRM: answers each assignment it sees (read_committed) once, with an outcome that depends on the lead only. */
  private void answerAssignments(String bootstrap, Set<String> answered) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, IsolationLevel.READ_COMMITTED);
         KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      List<TopicPartition> partitions = partitions(consumer, Topics.LEAD_ASSIGNMENTS.name());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (!stopping) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          LeadAssignment assignment = Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
          String leadId = assignment.getLeadId();
          OutcomeType type = FaultWorkload.outcomeFor(leadId);
          if (type == null || !answered.add(leadId) || !leadId.startsWith("fault-" + settings.seed() + "-")) {
            continue;
          }
          int index = Integer.parseInt(leadId.substring(leadId.lastIndexOf('-') + 1));
          Instant at = workload.lead(index).lastEventAt().plus(FaultWorkload.OUTCOME_DELAY);
          LeadOutcome outcome = LeadOutcome.newBuilder().setOutcomeId(leadId + "-outcome").setLeadId(leadId)
              .setRepId(assignment.getRepId()).setType(type).setOccurredAt(at).setSource("fault-crm").build();
          producer.send(record(Topics.LEAD_OUTCOMES, leadId, outcome, at.toEpochMilli()));
        }
      }
      producer.flush();
    }
  }

  // ---- progress and quiescence

  /** The share of lead events the scoring stream has committed (it reads lead-events directly). */
  private double progress(Admin admin, long totalEvents) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("scoring-stream")
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      long done = committed.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.LEAD_EVENTS.name()) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
      return (double) done / totalEvents;
    } catch (Exception e) {
      return 0; // a broker is down or a coordinator moving: ask again
    }
  }

  /** Until no topic has grown for {@link #QUIET} and every group has consumed what was committed to its inputs. */
  private void awaitQuiet(Admin admin, long deadline) throws Exception {
    Map<TopicPartition, Long> last = Map.of();
    long quietSince = System.nanoTime();
    while (true) {
      failIfBackgroundFailed();
      Map<TopicPartition, Long> ends = endOffsets(admin, userTopics(admin), IsolationLevel.READ_UNCOMMITTED);
      if (!ends.equals(last)) {
        last = ends;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince > QUIET.toNanos() && groupsCaughtUp(admin)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the pipeline did not come to rest before the timeout");
      }
      Thread.sleep(1_000);
    }
  }

  private boolean groupsCaughtUp(Admin admin) throws Exception {
    for (String group : List.of("enrichment-stream", "scoring-stream", "routing-stream", SINK)) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
          .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
      Map<TopicPartition, Long> ends = endOffsets(admin, committed.keySet().stream().map(TopicPartition::topic)
          .collect(Collectors.toSet()), IsolationLevel.READ_COMMITTED);
      for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
        // A transactional input ends with a commit marker the consumer need not have committed past.
        if (entry.getValue() != null && ends.getOrDefault(entry.getKey(), 0L) - entry.getValue().offset() > 1) {
          return false;
        }
      }
    }
    return true;
  }

  // ---- verification

  private FaultChecks.Observed read(FaultCluster cluster) throws Exception {
    FaultChecks.Observed observed = new FaultChecks.Observed();
    Admin admin = cluster.admin();
    String bootstrap = cluster.bootstrapServers();
    readAll(bootstrap, admin, Topics.LEAD_SCORES, observed, (k, v) -> observed.score(k, (LeadScore) v));
    readAll(bootstrap, admin, Topics.LEAD_STAGE_CHANGES, observed, (k, v) -> observed.stageChange(k, ((LeadStageChange) v).getToStage()));
    readAll(bootstrap, admin, Topics.LEAD_ASSIGNMENTS, observed, (k, v) -> observed.assignment(((LeadAssignment) v).getLeadId()));
    Map<TopicPartition, Long> dlq = endOffsets(admin, Set.of(Topics.ENRICHMENT_DLQ.name(), Topics.SCORING_DLQ.name(),
        Topics.ROUTING_DLQ.name(), Topics.NOTIFICATION_DLQ.name()), IsolationLevel.READ_UNCOMMITTED);
    observed.dlqRecords = dlq.values().stream().mapToLong(Long::longValue).sum();
    // No transaction left open: on every topic (changelogs and repartitions too) the last stable offset reaches the end.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Set<String> topics = userTopics(admin);
    List<String> hung;
    do {
      Map<TopicPartition, Long> hw = endOffsets(admin, topics, IsolationLevel.READ_UNCOMMITTED);
      Map<TopicPartition, Long> lso = endOffsets(admin, topics, IsolationLevel.READ_COMMITTED);
      hung = hw.entrySet().stream().filter(e -> lso.getOrDefault(e.getKey(), -1L) < e.getValue())
          .map(e -> e.getKey() + " (stable " + lso.get(e.getKey()) + " < end " + e.getValue() + ")").sorted().toList();
      if (!hung.isEmpty()) {
        Thread.sleep(1_000);
      }
    } while (!hung.isEmpty() && System.nanoTime() < deadline);
    observed.hungPartitions.addAll(hung);
    return observed;
  }

  /** Reads a topic with read_committed until the position of every partition reaches its end (high watermark). */
  private <V> void readAll(String bootstrap, Admin admin, TopicSpec<String, V> topic, FaultChecks.Observed observed,
                           BiConsumer<String, Object> sink) throws Exception {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, IsolationLevel.READ_COMMITTED)) {
      List<TopicPartition> partitions = partitions(consumer, topic.name());
      Map<TopicPartition, Long> ends = endOffsets(admin, Set.of(topic.name()), IsolationLevel.READ_UNCOMMITTED);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (true) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          String key = topic.keySerde().deserializer().deserialize(r.topic(), r.key());
          sink.accept(key, topic.valueSerde().deserializer().deserialize(r.topic(), r.value()));
        }
        List<TopicPartition> behind = partitions.stream().filter(p -> consumer.position(p) < ends.get(p)).toList();
        if (behind.isEmpty()) {
          return;
        }
        if (System.nanoTime() > deadline) {
          behind.forEach(p -> observed.hungPartitions.add(p + " (read_committed position " + consumer.position(p)
              + " never reached the end " + ends.get(p) + ")"));
          return;
        }
      }
    }
  }

  private List<String> findSecrets(List<Path> logFiles) throws IOException {
    Map<String, String> needles = new LinkedHashMap<>(secrets);
    needles.put("webhook signing key (base64 part)", secrets.get("webhook signing secret").substring("whsec_".length()));
    return SecretScan.find(needles, logFiles);
  }

  // ---- Kafka helpers

  private static Set<String> userTopics(Admin admin) throws Exception {
    return admin.listTopics(new ListTopicsOptions().listInternal(false)).names().get(30, TimeUnit.SECONDS);
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, Set<String> topics, IsolationLevel isolation) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
        description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new HashMap<>();
    admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, IsolationLevel isolation) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private static <V> ProducerRecord<byte[], byte[]> record(TopicSpec<String, V> topic, String key, V value, long timestamp) {
    return new ProducerRecord<>(topic.name(), null, timestamp, topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), value));
  }

  private static <V> void send(KafkaProducer<byte[], byte[]> producer, TopicSpec<String, V> topic, String key, V value, long ts) {
    producer.send(record(topic, key, value, ts));
  }

  /** The shipped rules with every score change published, so the last record of a lead is its final score. */
  private static Path writeScoringRules(Path work) throws IOException {
    String shipped;
    try (InputStream in = ScoringRules.class.getResourceAsStream("/scoring.yaml")) {
      shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String rules = shipped.replaceFirst("score-band:\\s*\\d+", "score-band: 0");
    if (rules.equals(shipped)) {
      throw new IllegalStateException("the shipped scoring rules have no score-band to set to 0");
    }
    Path file = work.resolve("scoring.yaml");
    Files.writeString(file, rules);
    return file;
  }

  private Thread background(String name, ThrowingRunnable body) {
    Thread thread = new Thread(() -> {
      try {
        body.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        backgroundFailure.compareAndSet(null, t);
      }
    }, "fault-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }

  private void failIfBackgroundFailed() {
    Throwable t = backgroundFailure.get();
    if (t != null) {
      throw new IllegalStateException("fault test harness failed: " + t, t);
    }
  }

  /** Removes the run's data and logs (kept with --keep). */
  private static void deleteTree(Path work, Path logs) {
    try (Stream<Path> files = Files.walk(work)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leftover temporary files are harmless
    }
  }
}
