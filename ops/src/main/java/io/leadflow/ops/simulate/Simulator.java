package io.leadflow.ops.simulate;

import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.enrichment.EnrichmentConfig;
import io.leadflow.enrichment.LeadEnricher;
import io.leadflow.enrichment.EnrichmentTopology;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingConfig;
import io.leadflow.routing.RoutingTopology;
import io.leadflow.scoring.ScoringConfig;
import io.leadflow.scoring.ScoringTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serde;

/**
 * Runs the real enrichment, scoring and routing topologies in process, offline, in stream time (DESIGN.md
 * choice 2), each in its own {@link ReplayDriver} with in-memory stores. Each input event goes to the topologies
 * that read its topic, and what a topology writes is handed on to the next one, so every topology sees its input in
 * the order a live cluster with no lag would give it. Same log, same setup: same output.
 *
 * <p>The three topologies run as a pipeline on three threads, enrichment, then scoring, then routing, handing events
 * on in batches; the caller's thread decodes what they wrote and is the only one to call the sink. Nothing flows back
 * (routing's own outputs are fed back to it by its driver), so each topology sees exactly the input sequence it would
 * see if they took turns per event: the threads change when the work happens, not what any topology reads, and the
 * output stays byte-identical. Each driver is used by one thread only.
 *
 * <p>Records between the topologies are passed as the bytes they would have on the topic; only what is reported
 * is decoded. {@link #run} once per instance; {@link #close()} after use.
 */
public final class Simulator implements AutoCloseable {

  private final ReplayDriver enrichment;
  private final ReplayDriver scoring;
  private final ReplayDriver routing;
  private final Path stateDir;
  private final Consumer<SimulationOutput> sink;
  private final SimulationSummary.Builder summary = new SimulationSummary.Builder();

  /** Events handed from one thread to the next at a time: one hand-over per event would cost more than it moves. */
  private static final int BATCH = 256;
  /** Batches in flight between two threads: enough to ride out uneven events, little enough to bound memory. */
  private static final int BATCHES_IN_FLIGHT = 16;

  public Simulator(SimulationSetup setup, Consumer<SimulationOutput> sink) {
    this(setup, sink, StoreKind.IN_MEMORY);
  }

  /** {@code stores}: in memory, unless a benchmark wants the RocksDB stores of a live service for comparison. */
  public Simulator(SimulationSetup setup, Consumer<SimulationOutput> sink, StoreKind stores) {
    this(setup, sink, stores, ReplayDriver.Loop.TASK);
  }

  Simulator(SimulationSetup setup, Consumer<SimulationOutput> sink, StoreKind stores, ReplayDriver.Loop loop) {
    this.sink = sink;
    LayeredConfig config = setup.config().with(TimerMode.SETTING, "stream-time");
    try {
      this.stateDir = Files.createTempDirectory("leadflow-simulate");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    EnrichmentConfig enrichmentConfig = EnrichmentConfig.from(config);
    ScoringConfig scoringConfig = ScoringConfig.from(config);
    RoutingConfig routingConfig = RoutingConfig.from(config);
    this.enrichment = new ReplayDriver(EnrichmentTopology.build(enrichmentConfig, stores),
        enrichmentConfig.applicationId(), Topics.ENRICHMENT_DLQ.name(), stateDir, loop);
    this.scoring = new ReplayDriver(ScoringTopology.build(scoringConfig, stores),
        scoringConfig.applicationId(), Topics.SCORING_DLQ.name(), stateDir, loop);
    this.routing = new ReplayDriver(RoutingTopology.build(routingConfig, stores),
        routingConfig.applicationId(), Topics.ROUTING_DLQ.name(), stateDir, loop);
    // Reference data first, as `leadflow load` would have published it before the first lead.
    setup.companies().forEach(c -> pipe(enrichment, Topics.COMPANY_PROFILES, c.getDomain(), c));
    setup.accounts().forEach(a -> pipe(enrichment, Topics.ACCOUNTS, a.getDomain(), a));
    setup.reps().forEach(r -> pipe(routing, Topics.REPS, r.getRepId(), r));
    setup.repWeights().forEach(w -> pipe(routing, Topics.REP_WEIGHTS, w.getRepId(), w));
    Step outputsOfSetup = new Step(null);
    enrich(outputsOfSetup);
    score(outputsOfSetup);
    route(outputsOfSetup);
    report(outputsOfSetup);
  }

  /** Runs a whole log; events must be in time order (as {@link EventLog#read} returns them). */
  public SimulationSummary run(Iterable<SimulationEvent> events) {
    BlockingQueue<List<Step>> toScoring = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    BlockingQueue<List<Step>> toRouting = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    BlockingQueue<List<Step>> toReport = new ArrayBlockingQueue<>(BATCHES_IN_FLIGHT);
    List<Thread> threads = new ArrayList<>();
    FutureTask<Void> enrichmentWork = start(threads, "enrichment", toScoring, () -> {
      List<Step> batch = new ArrayList<>(BATCH);
      for (SimulationEvent event : events) {
        Step step = new Step(event);
        enrich(step);
        batch.add(step);
        if (batch.size() == BATCH) {
          toScoring.put(batch);
          batch = new ArrayList<>(BATCH);
        }
      }
      toScoring.put(batch);
    });
    FutureTask<Void> scoringWork = start(threads, "scoring", toRouting, () -> {
      for (List<Step> batch = toScoring.take(); batch != END; batch = toScoring.take()) {
        batch.forEach(this::score);
        toRouting.put(batch);
      }
    });
    FutureTask<Void> routingWork = start(threads, "routing", toReport, () -> {
      for (List<Step> batch = toRouting.take(); batch != END; batch = toRouting.take()) {
        batch.forEach(this::route);
        toReport.put(batch);
      }
    });
    try {
      for (List<Step> batch = toReport.take(); batch != END; batch = toReport.take()) {
        batch.forEach(this::report);
      }
      // Last thread first: once it has finished, the ones before it have too (each took the end from the one before
      // it), so no get() can hang.
      routingWork.get();
      scoringWork.get();
      enrichmentWork.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("simulation failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      stop(threads);
    }
    return summary();
  }

  /**
   * Interrupts the pipeline threads that still wait (only after a failure: the others have finished) and waits until
   * they have let go of the drivers, so {@link #close()} does not close a driver under them.
   */
  private static void stop(List<Thread> threads) {
    threads.forEach(Thread::interrupt);
    boolean interrupted = false;
    for (Thread thread : threads) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Starts one pipeline thread; {@code work} passes on batches, this passes on the end after them, also when the work
   * fails, so the threads after it stop instead of waiting forever. The failure reaches the caller through the future.
   */
  private static FutureTask<Void> start(List<Thread> threads, String name, BlockingQueue<List<Step>> next, Work work) {
    FutureTask<Void> task = new FutureTask<>(() -> {
      try {
        work.run();
      } catch (Exception | Error e) {
        next.clear(); // what is still queued no longer matters, and the end must not wait for room
        next.offer(END);
        throw e;
      }
      next.put(END);
      return null;
    });
    Thread thread = new Thread(task, "leadflow-simulate-" + name);
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
    return task;
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  public SimulationSummary summary() {
    return summary.build();
  }

  /** Enrichment's turn (its own thread): the event in, its enriched leads and dead letters out. */
  private void enrich(Step step) {
    if (step.event != null && reads(enrichment, step) && !enrichmentDrops(step.event)) {
      enrichment.pipe(step.topic, step.key, step.value, step.event.at());
      step.read = true;
    }
    step.enriched = enrichment.take(Topics.LEADS_ENRICHED.name());
    step.enrichmentDead = enrichment.take(enrichment.dlqTopic);
  }

  /** Scoring's turn (its own thread): the event, then what enrichment made of it. */
  private void score(Step step) {
    if (step.event != null && reads(scoring, step)) {
      scoring.pipe(step.topic, step.key, step.value, step.event.at());
      step.read = true;
    }
    for (ProducerRecord<byte[], byte[]> r : step.enriched) {
      scoring.pipe(Topics.LEADS_ENRICHED.name(), r.key(), r.value(), r.timestamp());
    }
    scoring.take(Topics.LEAD_SCORES.name()); // nobody reads scores here
    step.stageChanges = scoring.take(Topics.LEAD_STAGE_CHANGES.name());
    step.scoringDead = scoring.take(scoring.dlqTopic);
  }

  /** Routing's turn (its own thread): the event, then the stage changes; its outputs are kept for the report. */
  private void route(Step step) {
    if (step.event != null && reads(routing, step)) {
      routing.pipe(step.topic, step.key, step.value, step.event.at());
      step.read = true;
    }
    for (ProducerRecord<byte[], byte[]> r : step.stageChanges) {
      routing.pipe(Topics.LEAD_STAGE_CHANGES.name(), r.key(), r.value(), r.timestamp());
    }
    // lead-assignments and rep-load are also read by routing itself: the driver feeds them back on its own.
    step.assignments = routing.take(Topics.LEAD_ASSIGNMENTS.name());
    step.alerts = routing.take(Topics.REP_ALERTS.name());
    step.poolEvents = routing.take(Topics.LEAD_POOL_EVENTS.name());
    routing.take(Topics.REP_LOAD.name()); // already fed back
    step.routingDead = routing.take(routing.dlqTopic);
  }

  /** The caller's turn: counts the event and reports what a user sees, in the order the topologies wrote it. */
  private void report(Step step) {
    if (step.event != null) {
      summary.input(step.event);
      if (!step.read) {
        summary.unread(step.event.kind());
      }
    }
    step.stageChanges.forEach(r -> report(SimulationOutput.STAGE_CHANGE, Topics.LEAD_STAGE_CHANGES, r));
    step.assignments.forEach(r -> report(SimulationOutput.ASSIGNMENT, Topics.LEAD_ASSIGNMENTS, r));
    step.alerts.forEach(r -> report(SimulationOutput.ALERT, Topics.REP_ALERTS, r));
    step.poolEvents.forEach(r -> report(SimulationOutput.POOL_EVENT, Topics.LEAD_POOL_EVENTS, r));
    reportDead(step.enrichmentDead);
    reportDead(step.scoringDead);
    reportDead(step.routingDead);
  }

  private static boolean reads(ReplayDriver driver, Step step) {
    return driver.sources.contains(step.topic);
  }

  /**
   * A valid activity passes enrichment's validation and is dropped by its profile filter, in the stateless first
   * step: live it touches no store and no timer there (scoring reads it from lead-events itself). Here all of a
   * topology shares one task and one stream time, so piping it would only cost a driver round and move the
   * pending-lead timer earlier than live. An invalid one still goes in, so enrichment sends it to its DLQ.
   */
  private static boolean enrichmentDrops(SimulationEvent event) {
    if (!(event.value() instanceof LeadEvent lead) || lead.getType() != LeadEventType.ACTIVITY) {
      return false;
    }
    try {
      LeadEnricher.validate(event.key(), lead);
      return true;
    } catch (RuntimeException invalid) {
      return false;
    }
  }

  private void reportDead(List<ProducerRecord<byte[], byte[]>> records) {
    for (ProducerRecord<byte[], byte[]> r : records) {
      SimulationOutput dead = new SimulationOutput(SimulationOutput.DEAD_LETTER, r.timestamp(),
          r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8), null,
          header(r, "__streams.errors.topic"), header(r, "__streams.errors.message"));
      summary.output(dead);
      sink.accept(dead);
    }
  }

  private void report(String kind, TopicSpec<String, ?> topic, ProducerRecord<byte[], byte[]> r) {
    SpecificRecord value = (SpecificRecord) topic.valueSerde().deserializer().deserialize(topic.name(), r.value());
    SimulationOutput output = new SimulationOutput(kind, r.timestamp(), new String(r.key(), StandardCharsets.UTF_8),
        value, topic.name(), null);
    summary.output(output);
    sink.accept(output);
  }

  private static String header(ProducerRecord<byte[], byte[]> r, String name) {
    Header header = r.headers().lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Reference data, at time 0. */
  private static void pipe(ReplayDriver driver, TopicSpec<String, ? extends SpecificRecord> topic, String key,
      SpecificRecord value) {
    driver.pipe(topic.name(), key.getBytes(StandardCharsets.UTF_8), serialize(topic, value), 0);
  }

  @SuppressWarnings("unchecked")
  private static byte[] serialize(TopicSpec<String, ?> topic, Object value) {
    return ((Serde<Object>) topic.valueSerde()).serializer().serialize(topic.name(), value);
  }

  @Override
  public void close() {
    for (ReplayDriver driver : List.of(enrichment, scoring, routing)) {
      driver.close();
    }
    try (var files = Files.walk(stateDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }

  /** The end of the log, passed down the pipeline after the last batch. */
  private static final List<Step> END = List.of();

  /** One input event on its way through the three topologies, and what each of them wrote for it. */
  private static final class Step {
    final SimulationEvent event;
    final String topic;
    final byte[] key;
    final byte[] value;
    /** Whether any topology read the event (an unread one is counted in the summary). */
    boolean read;
    List<ProducerRecord<byte[], byte[]>> enriched = List.of();
    List<ProducerRecord<byte[], byte[]>> enrichmentDead = List.of();
    List<ProducerRecord<byte[], byte[]>> stageChanges = List.of();
    List<ProducerRecord<byte[], byte[]>> scoringDead = List.of();
    List<ProducerRecord<byte[], byte[]>> assignments = List.of();
    List<ProducerRecord<byte[], byte[]>> alerts = List.of();
    List<ProducerRecord<byte[], byte[]>> poolEvents = List.of();
    List<ProducerRecord<byte[], byte[]>> routingDead = List.of();

    /** {@code event} null: no input, only collects what the topologies wrote (after the reference data). */
    Step(SimulationEvent event) {
      this.event = event;
      this.topic = event == null ? null : event.kind().topic().name();
      this.key = event == null ? null : event.key().getBytes(StandardCharsets.UTF_8);
      this.value = event == null ? null : serialize(event.kind().topic(), event.value());
    }
  }
}
