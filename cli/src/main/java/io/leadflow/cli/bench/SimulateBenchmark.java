package io.leadflow.cli.bench;

import io.leadflow.avro.Activity;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.Rep;
import io.leadflow.ops.simulate.EventKind;
import io.leadflow.ops.simulate.OutputWriter;
import io.leadflow.ops.simulate.SimulationEvent;
import io.leadflow.ops.simulate.SimulationSetup;
import io.leadflow.ops.simulate.SimulationSummary;
import io.leadflow.ops.simulate.Simulator;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.StoreKind;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * {@code leadflow bench simulate}: lead events per second through {@link Simulator} (all three real topologies,
 * in memory, stream time) over a generated log with a fixed seed. The log is generated lazily in time order, so a
 * million events need no memory of their own. Baseline in the same run: the same simulator with the RocksDB stores a
 * live service uses, over the first events of the same log.
 */
public final class SimulateBenchmark {

  private static final String[] COUNTRIES = {"DE", "AT", "CH", "GB", "NL", "US", "FR"};
  private static final String[] INDUSTRIES = {"Software", "Manufacturing", "Financial Services", "Retail", "Healthcare"};
  private static final String[] TITLES = {"Head of IT", "CTO", "Developer", "VP Sales", "Analyst", "Director Operations"};
  private static final String[] ACTIVITIES = {"page_view", "visit", "email_open", "email_click", "webinar", "pricing_page",
      "form_submit", "demo_request"};
  private static final Instant START = Instant.parse("2026-01-05T08:00:00Z");

  /**
   * {@code cpuSeconds}: CPU time of the whole JVM during the run (the simulator's pipeline threads, the garbage
   * collector, the compiler). On a machine shared with other work the wall-clock rate says more about the neighbours
   * than about the simulator; the rate per CPU-second says less (less, not nothing: caches are shared too).
   * {@code gcSeconds}: time the collectors report for the run (pauses, wall-clock); {@code compileSeconds}: time the
   * JIT compilers spent compiling during the run (a JVM's first long run compiles most of the hot code).
   */
  public record Result(long events, long leadEvents, double seconds, double cpuSeconds, double gcSeconds,
      double compileSeconds, SimulationSummary summary, String digest) {
    public double leadEventsPerSecond() {
      return leadEvents / seconds;
    }

    public double leadEventsPerCpuSecond() {
      return leadEvents / cpuSeconds;
    }
  }

  private final LayeredConfig config;
  private final PrintStream out;

  public SimulateBenchmark(LayeredConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /**
   * Routing for the benchmark: one general pool (tier weights), no working hours, login or active-lead checks, so
   * every routed lead finds a rep. With the shipped example rules most leads would go to territory pools that have no
   * rep here and wait; each retry then walks the whole queue, which measures the queue, not the pipeline.
   */
  private static final String ROUTING = """
      version: bench
      trigger: {stages: [MQL, HOT], high-priority: [HOT]}
      hierarchy: []
      general-pool: general
      pools:
        general: {weight-model: static, window: 30d}
      max-reroutes: 0
      skip: {login-timeout: 0s, active-lead-cap: 1000000, working-hours: false}
      """;

  /** Ten reps in one general pool, fifty companies, the shipped scoring rules. */
  public SimulationSetup setup() {
    java.nio.file.Path rules;
    try {
      rules = java.nio.file.Files.createTempFile("leadflow-bench-routing", ".yaml");
      rules.toFile().deleteOnExit();
      java.nio.file.Files.writeString(rules, ROUTING);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    List<Rep> reps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      reps.add(Rep.newBuilder().setRepId(String.format("rep-%02d", i)).setName("Rep " + i).setPools(List.of("general"))
          .setWeight(1 + i % 3).setTier(1 + i % 3).setConversionRate(0.1 + 0.03 * i).setTimeZone("UTC")
          .setConfigVersion("bench").build());
    }
    List<CompanyProfile> companies = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      companies.add(CompanyProfile.newBuilder().setDomain("company-" + i + ".de").setName("Company " + i)
          .setFirmographics(Firmographics.newBuilder().setIndustry(INDUSTRIES[i % INDUSTRIES.length])
              .setEmployeeCount(20 + 37 * i).setCountry(COUNTRIES[i % COUNTRIES.length]).build())
          .setUpdatedAt(Instant.EPOCH).build());
    }
    return new SimulationSetup("bench", config.with("routing.rules-file", rules.toString()), reps, List.of(), companies, List.of());
  }

  /**
   * {@code events} events from {@code seed}: per lead a profile, 1–7 activities and sometimes a CRM outcome, one lead
   * every minute of event time, its events within that minute (so the log is in time order as generated).
   */
  public static Iterable<SimulationEvent> log(long events, long seed) {
    return () -> new Iterator<>() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private final List<SimulationEvent> pending = new ArrayList<>();
      private long produced;
      private long lead;

      @Override
      public boolean hasNext() {
        return produced < events;
      }

      @Override
      public SimulationEvent next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        if (pending.isEmpty()) {
          nextLead();
        }
        produced++;
        return pending.remove(0);
      }

      private void nextLead() {
        String leadId = "bench-" + lead;
        Instant at = START.plusSeconds(60 * lead);
        lead++;
        String email = random.nextInt(4) == 0 ? leadId + "@gmail.com" : leadId + "@company-" + random.nextInt(60) + ".de";
        pending.add(SimulationEvent.of(EventKind.LEAD, at.toEpochMilli(), LeadEvent.newBuilder()
            .setEventId(leadId + "-p").setLeadId(leadId).setType(LeadEventType.PROFILE).setOccurredAt(at).setSource("bench")
            .setProfile(LeadProfile.newBuilder().setEmail(email).setJobTitle(TITLES[random.nextInt(TITLES.length)])
                .setCountry(COUNTRIES[random.nextInt(COUNTRIES.length)]).setLeadSource(random.nextInt(5) == 0 ? "referral" : "ads")
                .build()).build(), produced));
        int activities = 1 + random.nextInt(7);
        for (int i = 0; i < activities; i++) {
          Instant when = at.plusSeconds(5L + 7L * i);
          String type = ACTIVITIES[random.nextInt(ACTIVITIES.length)];
          pending.add(SimulationEvent.of(EventKind.LEAD, when.toEpochMilli(), LeadEvent.newBuilder()
              .setEventId(leadId + "-a" + i).setLeadId(leadId).setType(LeadEventType.ACTIVITY).setOccurredAt(when)
              .setActivity(Activity.newBuilder().setType(type).setUrl("https://leadflow.example/" + type).build()).build(),
              produced));
        }
        if (random.nextInt(10) == 0) {
          Instant when = at.plusSeconds(58);
          pending.add(SimulationEvent.of(EventKind.OUTCOME, when.toEpochMilli(), LeadOutcome.newBuilder()
              .setOutcomeId(leadId + "-o").setLeadId(leadId).setType(OutcomeType.CONTACTED).setOccurredAt(when).build(), produced));
        }
      }
    };
  }

  /**
   * @param digest also write the output as {@code leadflow simulate} would (JSON Lines) and report its SHA-256, to show
   *     that a change to the simulator or the topologies left the output as it was; costs the JSON encoding
   */
  public Result measure(String label, long events, long seed, StoreKind stores, boolean digest) {
    SimulationSetup setup = setup();
    java.security.MessageDigest sha256 = sha256();
    java.io.Writer hash = new java.io.OutputStreamWriter(new java.security.DigestOutputStream(
        java.io.OutputStream.nullOutputStream(), sha256), java.nio.charset.StandardCharsets.UTF_8);
    long started = System.nanoTime();
    long cpuStarted = processCpuNanos();
    long gcStarted = gcMillis();
    long compileStarted = compileMillis();
    SimulationSummary summary;
    try (OutputWriter writer = new OutputWriter(hash);
         Simulator simulator = new Simulator(setup, digest ? writer : output -> { }, stores)) {
      summary = simulator.run(log(events, seed));
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
    double gcSeconds = (gcMillis() - gcStarted) / 1e3;
    double compileSeconds = (compileMillis() - compileStarted) / 1e3;
    Result result = new Result(events, summary.events(EventKind.LEAD), seconds, cpuSeconds, gcSeconds, compileSeconds,
        summary, digest ? java.util.HexFormat.of().formatHex(sha256.digest()) : null);
    out.printf(Locale.ROOT, "%-34s %,10d events (%,d lead events) in %6.1f s: %,9.0f lead events/s (%,9.0f per CPU-second "
            + "of the JVM, %6.1f CPU-s; GC %4.1f s, JIT %4.1f s); %,d stage changes, %,d assignments%n", label, events,
        result.leadEvents(), seconds, result.leadEventsPerSecond(), result.leadEventsPerCpuSecond(), cpuSeconds,
        gcSeconds, compileSeconds, summary.outputs("stage-change"), summary.outputs("assignment"));
    if (digest) {
      out.printf(Locale.ROOT, "%-34s output SHA-256 %s%n", "", result.digest());
    }
    return result;
  }

  /** CPU time of the whole JVM: the simulator's threads, and the garbage collector's and compiler's. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Collection time summed over the JVM's collectors (for the parallel collector: its pauses). */
  private static long gcMillis() {
    return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
  }

  /** Time the JIT compilers spent compiling; 0 where the JVM does not measure it. */
  private static long compileMillis() {
    java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }

  private static java.security.MessageDigest sha256() {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
