package io.leadflow.cli;

import io.leadflow.cli.bench.DecayTimerBenchmark;
import io.leadflow.cli.bench.EnrichmentWorkload;
import io.leadflow.cli.bench.LadderBenchmark;
import io.leadflow.cli.bench.MixedWorkload;
import io.leadflow.cli.bench.RoutingWorkload;
import io.leadflow.cli.bench.ScoringWorkload;
import io.leadflow.cli.bench.SimulateBenchmark;
import io.leadflow.cli.bench.SinkBenchmark;
import io.leadflow.cli.bench.StreamBenchmark;
import io.leadflow.platform.broker.EmbeddedKafkaBroker;
import io.leadflow.platform.config.LayeredConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadflow bench …}: throughput against a baseline measured in the same run (see docs/BENCHMARKS.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks on an in-process broker (or --bootstrap-servers), each against a baseline in the same run.",
    subcommands = {BenchCommand.Enrichment.class, BenchCommand.Scoring.class, BenchCommand.Routing.class,
        BenchCommand.DecayTimer.class, BenchCommand.Sink.class, BenchCommand.Simulate.class,
        BenchCommand.Ladder.class})
final class BenchCommand {

  @Command(name = "enrichment", mixinStandardHelpOptions = true,
      description = "Enrichment stream throughput (exactly-once, real topology) against a plain consumer→producer "
          + "byte passthrough over the same pre-written lead profile events; rounds interleaved, medians reported.")
  static final class Enrichment extends StreamBench {
    Enrichment() {
      super(new EnrichmentWorkload());
    }
  }

  @Command(name = "scoring", mixinStandardHelpOptions = true,
      description = "Scoring stream throughput (exactly-once, real topology, shipped rules) over one enriched profile "
          + "and ten activities per lead, against a consumer→producer passthrough of the activities; medians reported.")
  static final class Scoring extends StreamBench {
    Scoring() {
      super(new ScoringWorkload());
    }
  }

  @Command(name = "routing", mixinStandardHelpOptions = true,
      description = "Routing stream throughput (exactly-once, real topology, example rules and team, caps lifted) over "
          + "one MQL stage change per lead, against a consumer→producer passthrough of the same stage changes; "
          + "medians reported.")
  static final class Routing extends StreamBench {
    private final RoutingWorkload routing;

    @Option(names = "--examples", defaultValue = "examples", paramLabel = "DIR",
        description = "Folder with reps.yaml and routing.yaml (default: ${DEFAULT-VALUE}).")
    Path examples;

    Routing() {
      this(new RoutingWorkload());
    }

    private Routing(RoutingWorkload routing) {
      super(routing);
      this.routing = routing;
    }

    @Override
    public Integer call() throws Exception {
      quietEventLog();
      routing.examples(examples);
      return super.call();
    }
  }

  /** Runs one workload on an in-process broker (or --bootstrap-servers) and prints the medians and the ratio. */
  abstract static class StreamBench implements Callable<Integer> {

    private final StreamBenchmark.Workload workload;

    @Option(names = "--leads", defaultValue = "200000", description = "Leads to pre-write (default: ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds of each, after one warm-up round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    ConfigOptions options;

    StreamBench(StreamBenchmark.Workload workload) {
      this.workload = workload;
    }

    @Override
    public Integer call() throws Exception {
      quietEventLog();
      LayeredConfig config = options.load();
      EmbeddedKafkaBroker broker = options.hasBootstrapServers() ? null : EmbeddedKafkaBroker.start();
      try {
        if (broker != null) {
          config = config.with("kafka.bootstrap.servers", broker.bootstrapServers());
        }
        StreamBenchmark.Result result = new StreamBenchmark(config, workload, leads, rounds, System.out).run();
        System.out.printf("%nmedian over %d rounds: passthrough (B2) %,.0f rec/s; %s %,.0f rec/s; ratio %.3f%n", rounds,
            result.passthroughMedian(), workload.name(), result.streamMedian(), result.streamMedian() / result.passthroughMedian());
        return 0;
      } finally {
        if (broker != null) {
          broker.close();
        }
      }
    }
  }

  @Command(name = "decay-timer", mixinStandardHelpOptions = true,
      description = "Cost of one run of the scoring stream's decay timer with many leads stored, with none due and "
          + "with some due (real topology and RocksDB stores, in-process, no broker).")
  static final class DecayTimer implements Callable<Integer> {

    @Option(names = "--leads", defaultValue = "1000000", description = "MQL leads in the store (default: ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--due", defaultValue = "1000", description = "Leads due in the measured runs (default: ${DEFAULT-VALUE}).")
    int due;

    @Option(names = "--repeats", defaultValue = "7", description = "Timed runs of each kind (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() throws Exception {
      quietEventLog();
      DecayTimerBenchmark.Result result = new DecayTimerBenchmark(leads, due, repeats, System.out).run();
      System.out.printf("%nmedian of %d timer runs with %,d leads stored: none due %.3f ms; %,d due %.3f ms%n",
          repeats, leads, result.noneDueMillis(), due, result.someDueMillis());
      return 0;
    }
  }

  @Command(name = "sink", mixinStandardHelpOptions = true,
      description = "Notification sink delivering signed webhooks to a loopback HTTP server: deliveries per second "
          + "against a plain consumer POSTing the same records (same broker, same run), then the latency from an "
          + "alert's creation to its arrival at half that rate.")
  static final class Sink implements Callable<Integer> {

    @Option(names = "--alerts", defaultValue = "20000", description = "Alerts per round (default: ${DEFAULT-VALUE}).")
    int alerts;

    @Option(names = "--rounds", defaultValue = "3", description = "Timed rounds of each, after one warm-up round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      quietEventLog();
      LayeredConfig config = options.load();
      EmbeddedKafkaBroker broker = options.hasBootstrapServers() ? null : EmbeddedKafkaBroker.start();
      try {
        if (broker != null) {
          config = config.with("kafka.bootstrap.servers", broker.bootstrapServers());
        }
        // Measure the sink, not its default per-channel rate limit.
        config = config.with("sink.rate-limit.webhook", "1000000");
        SinkBenchmark.Result result = new SinkBenchmark(config, alerts, rounds, System.out).run();
        long[] p = result.latencyPercentilesMillis();
        System.out.printf("%nmedian over %d rounds: baseline (consumer + HTTP POST) %,.0f deliveries/s; sink %,.0f "
            + "deliveries/s; ratio %.3f%nlatency alert -> webhook at %,.0f alerts/s: p50 %d ms, p95 %d ms, p99 %d ms, "
            + "max %d ms%n", rounds, result.baselineMedian(), result.sinkMedian(),
            result.sinkMedian() / result.baselineMedian(), result.paceRate(), p[0], p[1], p[2], p[3]);
        return 0;
      } finally {
        if (broker != null) {
          broker.close();
        }
      }
    }
  }

  /** One log line per lead would measure the console, not the pipeline. */
  static void quietEventLog() {
    if (org.slf4j.LoggerFactory.getLogger(io.leadflow.platform.observability.EventLog.LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  @Command(name = "simulate", mixinStandardHelpOptions = true,
      description = "leadflow simulate's throughput in lead events per second: the three real topologies in memory, in "
          + "stream time, over a generated log (fixed seed), after a warm-up run; baseline in the same run, afterwards: the "
          + "same simulator with RocksDB stores over the first --baseline-events of the same log.")
  static final class Simulate implements Callable<Integer> {

    @Option(names = "--events", defaultValue = "1000000", description = "Events in the measured run (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(names = "--warmup-events", defaultValue = "-1", description = "Events in the warm-up run, 0 for none (default: "
        + "as many as --events). A JVM's first long run spends most of its extra time compiling hot code; a shorter "
        + "warm-up leaves that to the first measured run.")
    long warmup;

    @Option(names = "--baseline-events", defaultValue = "100000",
        description = "Events for the RocksDB baseline; 0 skips it (default: ${DEFAULT-VALUE}).")
    long baseline;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated log (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--digest", description = "Also encode the measured run's output as leadflow simulate writes it and "
        + "print its SHA-256 (to compare builds; the encoding is timed too).")
    boolean digest;

    @Option(names = "--repeats", defaultValue = "1",
        description = "Measured runs over the same log; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Override
    public Integer call() {
      quietEventLog();
      SimulateBenchmark bench = new SimulateBenchmark(LayeredConfig.defaults(), System.out);
      // What a single leadflow simulate in a fresh JVM sees: reported, not counted.
      long warmupEvents = warmup < 0 ? events : warmup;
      SimulateBenchmark.Result cold = warmupEvents == 0 ? null : bench.measure("warm-up (cold JVM, not counted)",
          warmupEvents, seed + 1, io.leadflow.platform.streams.StoreKind.IN_MEMORY, false);
      // Wall-clock rates on a shared two-core machine swing between identical runs; the median of several says more.
      List<SimulateBenchmark.Result> runs = new ArrayList<>();
      for (int run = 1; run <= Math.max(1, repeats); run++) {
        runs.add(bench.measure("simulate (in-memory stores)" + (repeats > 1 ? " #" + run : ""), events, seed,
            io.leadflow.platform.streams.StoreKind.IN_MEMORY, digest));
      }
      runs.sort(java.util.Comparator.comparingDouble(SimulateBenchmark.Result::leadEventsPerSecond));
      SimulateBenchmark.Result result = runs.get(runs.size() / 2);
      // After the measured run, so both are measured warm; the same log's first events.
      SimulateBenchmark.Result rocks = baseline > 0
          ? bench.measure("baseline: RocksDB stores", baseline, seed, io.leadflow.platform.streams.StoreKind.PERSISTENT, false)
          : null;
      System.out.printf(java.util.Locale.ROOT, "%nsimulate: %,.0f lead events/s (%,.0f per CPU-second) on %,d events%s%s%s%n",
          result.leadEventsPerSecond(), result.leadEventsPerCpuSecond(), events,
          runs.size() > 1 ? String.format(java.util.Locale.ROOT, " (median of %d runs, %,.0f to %,.0f)", runs.size(),
              runs.get(0).leadEventsPerSecond(), runs.get(runs.size() - 1).leadEventsPerSecond()) : "",
          cold == null ? "" : String.format(java.util.Locale.ROOT, "; cold JVM's first run %,.0f lead events/s",
              cold.leadEventsPerSecond()),
          rocks == null ? ""
              : String.format(java.util.Locale.ROOT, "; RocksDB baseline %,.0f lead events/s (%,.0f per CPU-second); ratio %.2f",
                  rocks.leadEventsPerSecond(), rocks.leadEventsPerCpuSecond(), result.leadEventsPerSecond() / rocks.leadEventsPerSecond()));
      return 0;
    }
  }

  @Command(name = "ladder", mixinStandardHelpOptions = true,
      description = "The benchmark ladder on one broker in one run (docs/BENCHMARKS.md \"Ladder\"): B2 consumer->producer, "
          + "B3 Streams passthrough, then + enrichment, + scoring, + routing, + sink to a loopback webhook over the same "
          + "pre-written lead events (1 profile, ~10 activities, outcomes; 1 lead in 5 routed), interleaved, medians; "
          + "then open-loop latency (HdrHistogram) at fractions of the full pipeline's rate, and memory with many leads "
          + "in the scoring store.")
  static final class Ladder implements Callable<Integer> {

    @Option(names = "--leads", defaultValue = "20000", description = "Leads to pre-write per workload (default: ${DEFAULT-VALUE}).")
    int leads;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed repeats of every step, after one warm-up (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--steps", split = ",", defaultValue = "B2,B3,ENRICHMENT,SCORING,ROUTING,SINK",
        description = "Steps of the ladder: B2, B3, ENRICHMENT, SCORING, ROUTING, SINK; 'none' skips the ladder "
            + "(then give --max-rate for the latency runs) (default: ${DEFAULT-VALUE}).")
    java.util.List<String> steps;

    @Option(names = "--workloads", split = ",", defaultValue = "MIXED,ALL_ROUTED",
        description = "MIXED (1 lead in 5 reaches MQL) and/or ALL_ROUTED (worst case) (default: ${DEFAULT-VALUE}).")
    java.util.List<MixedWorkload.Kind> workloads;

    @Option(names = "--latency", split = ",", defaultValue = "exactly_once_v2,at_least_once",
        description = "Processing guarantees for the open-loop latency runs; 'none' skips them (default: ${DEFAULT-VALUE}).")
    java.util.List<String> latency;

    @Option(names = "--loads", split = ",", defaultValue = "25,50,75",
        description = "Offered load in percent of the full pipeline's median rate (default: ${DEFAULT-VALUE}).")
    java.util.List<Integer> loads;

    @Option(names = "--latency-duration", defaultValue = "30s", converter = DurationConverter.class,
        description = "Measured time per latency run, after a quarter of it (at least 5 s) of warm-up (default: ${DEFAULT-VALUE}).")
    java.time.Duration latencyDuration;

    @Option(names = "--event-gap", defaultValue = "1s", converter = DurationConverter.class,
        description = "In the latency runs, time between one lead's events (leads interleaved); 0s sends a lead's "
            + "events back to back (default: ${DEFAULT-VALUE}).")
    java.time.Duration eventGap;

    @Option(names = "--max-rate", defaultValue = "0",
        description = "Lead events/s taken as 100 % for the latency runs; 0 = the mixed ladder's last step (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--memory-leads", defaultValue = "1000000",
        description = "Leads in the scoring store for the memory figure; 0 skips it (default: ${DEFAULT-VALUE}).")
    int memoryLeads;

    @Option(names = "--examples", defaultValue = "examples", paramLabel = "DIR",
        description = "Folder with reps.yaml and routing.yaml (default: ${DEFAULT-VALUE}).")
    Path examples;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
      quietEventLog();
      LayeredConfig config = options.load();
      EmbeddedKafkaBroker broker = options.hasBootstrapServers() ? null : EmbeddedKafkaBroker.start();
      try {
        if (broker != null) {
          config = config.with("kafka.bootstrap.servers", broker.bootstrapServers());
        }
        java.util.EnumSet<LadderBenchmark.Step> chosen = java.util.EnumSet.noneOf(LadderBenchmark.Step.class);
        steps.stream().filter(step -> !step.equalsIgnoreCase("none"))
            .forEach(step -> chosen.add(LadderBenchmark.Step.valueOf(step.toUpperCase(java.util.Locale.ROOT))));
        java.util.List<String> guarantees = latency.contains("none") ? java.util.List.of() : latency;
        new LadderBenchmark(config, new LadderBenchmark.Settings(leads, repeats, chosen,
            chosen.isEmpty() ? java.util.List.of() : workloads, guarantees, loads, latencyDuration, maxRate,
            memoryLeads, examples, eventGap), System.out).run();
        return 0;
      } finally {
        if (broker != null) {
          broker.close();
        }
      }
    }
  }
}
