package io.leadflow.cli.demo;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.Rep;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.Services;
import io.leadflow.cli.TopicSetup;
import io.leadflow.platform.broker.EmbeddedKafkaBroker;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Management;
import io.leadflow.platform.observability.ManagementSettings;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One demo run: broker (unless a cluster is given) → topics → example data → services → synthetic traffic →
 * live assignment lines → summary. Everything it starts is closed in reverse order, also on Ctrl-C.
 */
public final class DemoRun implements Callable<Integer> {

  /** The longest wait after the last lead for the pipeline to assign the leads that reached MQL. */
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private final LayeredConfig baseConfig;
  private final boolean embeddedBroker;
  private final Path examples;
  private final Duration duration;
  private final double rate;
  private final long seed;
  private final boolean quiet;
  private final PrintStream out;
  private final Deque<AutoCloseable> openResources = new ArrayDeque<>();
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private Consumer<Finished> onFinished = finished -> {};

  /** What a run leaves behind just before it closes everything: for tests that look at the running process. */
  public record Finished(LayeredConfig config, Optional<URI> management, List<LeadAssignment> assignments, long alertsDelivered) {}

  public DemoRun(LayeredConfig config, boolean embeddedBroker, Path examples, Duration duration, double rate, long seed,
      boolean quiet, PrintStream out) {
    this.baseConfig = config;
    this.embeddedBroker = embeddedBroker;
    this.examples = examples;
    this.duration = duration;
    this.rate = rate;
    this.seed = seed;
    this.quiet = quiet;
    this.out = out;
  }

  /** Called after the summary, while the broker, the services and the management endpoints still run. */
  public DemoRun onFinished(Consumer<Finished> callback) {
    this.onFinished = callback;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    Thread shutdownHook = new Thread(this::interrupt, "leadflow-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    try {
      return run();
    } finally {
      stopAndClose();
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // Ctrl-C: the hook is running and closes everything.
      }
    }
  }

  private int run() throws Exception {
    long started = System.nanoTime();
    quietServiceLogs();
    ExampleData data = ExampleData.read(examples, Instant.now());
    LayeredConfig config = startBrokerIfNeeded(baseConfig);
    config = config.with("streams.state-dir", tempDir("leadflow-demo-state").toString());
    java.util.Optional<Path> pullRules = DemoPool.rules(examples, tempDir("leadflow-demo-rules"));
    if (pullRules.isPresent()) {
      // Warm leads of the general pool wait for a claim (seed 001); checks every 2 s so the 15 s escalation is prompt.
      config = config.with("routing.rules-file", pullRules.get().toString()).with("routing.pool-check-interval", "2s");
    }
    out.printf("leadflow demo: broker %s%n", config.bootstrapServers());

    TopicSetup.createAll(config);
    RecordPublisher publisher = open(new RecordPublisher(config));
    data.publish(publisher, System.currentTimeMillis());
    out.printf("loaded %d reps, %d companies, %d accounts from %s%n", data.reps().size(), data.companies().size(),
        data.accounts().size(), examples);

    Management management = open(startManagement(config));
    management.uri().ifPresent(uri -> out.printf("metrics and health: %s/metrics, %s/health/ready%n", uri, uri));
    List<Service> services = new ArrayList<>();
    for (Services which : Services.values()) {
      Service service = open(which.create(config, management));
      management.register(service);
      services.add(service);
    }
    // One after another: starting all four at once on a fresh broker once took two minutes instead of six seconds.
    for (Service service : services) {
      service.start(Duration.ofMinutes(2));
    }
    String runId = UUID.randomUUID().toString().substring(0, 4);
    Map<String, String> repNames = data.reps().stream().collect(Collectors.toMap(Rep::getRepId, Rep::getName));
    AssignmentWatcher watcher = open(new AssignmentWatcher(config, "demo-" + runId + "-", repNames,
        quiet ? new PrintStream(PrintStream.nullOutputStream()) : out));
    DemoPool pool = pullRules.isEmpty() ? null : open(new DemoPool(config, publisher, "demo-" + runId + "-",
        data.reps().stream().filter(r -> r.getActive() && r.getPools().contains(DemoPool.POOL)).map(Rep::getRepId)
            .toList(), seed));
    double readySeconds = (System.nanoTime() - started) / 1e9;
    out.printf("all services running after %.1f s; publishing leads at %.1f/s for %s (run %s)%n%n",
        readySeconds, rate, duration.toString().substring(2).toLowerCase(), runId);

    Traffic traffic = publishTraffic(publisher, new SyntheticTraffic(seed, data.companies(), runId));

    // Drain: until every lead that reached MQL or HOT is assigned and nothing has moved for a second.
    long drainDeadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
    int lastSeen = -1;
    while (System.nanoTime() < drainDeadline && !stopRequested.get()) {
      int seen = watcher.assignmentCount() + watcher.routableLeadCount();
      if (seen == lastSeen && watcher.assignmentCount() >= watcher.routableLeadCount()) {
        break;
      }
      lastSeen = seen;
      Thread.sleep(1_000);
    }
    double elapsed = (System.nanoTime() - traffic.startedNanos()) / 1e9;

    DemoSummary.print(out, data.reps(), watcher.assignments());
    out.printf("%nleads published: %d (%d events); reached MQL or HOT: %d; assigned: %d; assigned twice: %d; alerts delivered: %d%n",
        traffic.leads(), traffic.events(), watcher.routableLeadCount(), watcher.assignmentCount(),
        watcher.leadsAssignedMoreThanOnce(), watcher.alertsDelivered());
    if (pool != null) {
      out.println(pool.summary());
    }
    out.printf("start-up %.1f s; %.1f assignments/s over %.1f s of traffic and drain%n",
        readySeconds, watcher.assignmentCount() / elapsed, elapsed);
    boolean complete = watcher.assignmentCount() == watcher.routableLeadCount() && watcher.leadsAssignedMoreThanOnce() == 0;
    if (stopRequested.get()) {
      out.println("stopped early: leads whose activities were still in flight are not assigned yet");
    } else if (!complete) {
      out.println("WARNING: not every MQL got exactly one assignment; see the log and the routing DLQ (" + Topics.ROUTING_DLQ.name() + ")");
    }
    onFinished.accept(new Finished(config, management.uri(), watcher.assignments(), watcher.alertsDelivered()));
    return complete || stopRequested.get() ? 0 : 1;
  }

  /** The demo's default port may be taken (a second demo, another local server): then any free port will do. */
  private Management startManagement(LayeredConfig config) {
    try {
      return Management.start(config);
    } catch (UncheckedIOException e) {
      if (!config.origin(ManagementSettings.PORT).source().equals("defaults")) {
        throw e;
      }
      out.printf("port %s for metrics and health is taken; using a free one%n", config.find(ManagementSettings.PORT).orElse(""));
      return Management.start(config.with(ManagementSettings.PORT, "0"));
    }
  }

  private record Traffic(int leads, int events, long startedNanos) {}

  /** Publishes each lead's events when they fall due, in wall-clock time, until the duration is over. */
  private Traffic publishTraffic(RecordPublisher publisher, SyntheticTraffic generator) throws InterruptedException {
    record Due(long atNanos, io.leadflow.avro.LeadEvent event) {}
    PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.atNanos(), b.atNanos()));
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long interval = (long) (1e9 / rate);
    long nextLead = start;
    int leads = 0;
    int events = 0;
    while (!stopRequested.get() && (nextLead < end || !queue.isEmpty())) {
      long now = System.nanoTime();
      while (nextLead < end && nextLead <= now) {
        SyntheticTraffic.SyntheticLead lead = generator.next(Instant.now());
        for (SyntheticTraffic.ScheduledEvent scheduled : lead.events()) {
          queue.add(new Due(nextLead + scheduled.offset().toNanos(), scheduled.event()));
        }
        leads++;
        nextLead += interval;
      }
      while (!queue.isEmpty() && queue.peek().atNanos() <= now) {
        io.leadflow.avro.LeadEvent event = queue.poll().event();
        publisher.send(Topics.LEAD_EVENTS, event.getLeadId(), event, event.getOccurredAt().toEpochMilli());
        events++;
      }
      long next = Math.min(nextLead < end ? nextLead : Long.MAX_VALUE, queue.isEmpty() ? Long.MAX_VALUE : queue.peek().atNanos());
      long sleepNanos = Math.min(next - System.nanoTime(), 50_000_000L);
      if (sleepNanos > 0) {
        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
      }
    }
    publisher.flush();
    return new Traffic(leads, events, start);
  }

  /** The demo prints its own lines: per-alert and per-service log lines would only repeat them. */
  private static void quietServiceLogs() {
    for (String name : List.of("leadflow.alerts", "leadflow.events", "io.leadflow")) {
      if (org.slf4j.LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
        logger.setLevel(ch.qos.logback.classic.Level.WARN);
      }
    }
  }

  private LayeredConfig startBrokerIfNeeded(LayeredConfig config) throws IOException {
    if (!embeddedBroker) {
      return config;
    }
    EmbeddedKafkaBroker broker = open(EmbeddedKafkaBroker.start());
    return config.with("kafka.bootstrap.servers", broker.bootstrapServers());
  }

  private Path tempDir(String prefix) throws IOException {
    Path dir = Files.createTempDirectory(prefix);
    dir.toFile().deleteOnExit();
    return dir;
  }

  private <T extends AutoCloseable> T open(T resource) {
    openResources.push(resource);
    return resource;
  }

  /** Ctrl-C: stop publishing, let the run print its summary and close everything, then let the JVM exit. */
  private void interrupt() {
    stopRequested.set(true);
    try {
      if (!finished.await(30, TimeUnit.SECONDS)) {
        stopAndClose();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void stopAndClose() {
    stopRequested.set(true);
    while (!openResources.isEmpty()) {
      AutoCloseable resource = openResources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        out.println("while stopping " + resource + ": " + e);
      }
    }
  }
}
