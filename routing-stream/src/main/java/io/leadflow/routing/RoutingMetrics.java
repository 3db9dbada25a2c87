package io.leadflow.routing;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Routing's meters (docs/OBSERVABILITY.md), recorded by the processors in their stream thread:
 *
 * <ul>
 *   <li>Micrometer, for /metrics: {@code leadflow_routing_requests_total{method}},
 *       {@code leadflow_routing_assignments_total{rep, method}}, {@code leadflow_routing_fallbacks_total{kind}},
 *       {@code leadflow_routing_no_rep_total}, {@code leadflow_routing_assignment_latency_seconds} (histogram, lead
 *       event → assignment), {@code leadflow_routing_response_seconds{priority}} (histogram, assignment → first
 *       outcome), {@code leadflow_routing_sla_reroutes_total{priority}};</li>
 *   <li>Kafka Streams sensors, kept for JMX users: group {@code stream-leadflow-routing-metrics},
 *       {@code assignment-total}/{@code fallback-total} with tag {@code leadflow-routing-id}.</li>
 * </ul>
 *
 * Meters are cached per tag set: a processor is single-threaded, and the registry lookup is the costly part.
 * After a crash under exactly-once, records of an aborted transaction are processed again and count again.
 */
final class RoutingMetrics {

  static final String SCOPE = "leadflow-routing";

  /** Seed 002: assignment within 10 s is the goal, over 60 s an alert. */
  private static final Duration[] LATENCY_SLOS = {Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(60),
      Duration.ofMinutes(5)};
  /** Seed 002: contact within 5 min is the goal, over 1 h for a high-priority lead an alert. */
  private static final Duration[] RESPONSE_SLOS = {Duration.ofMinutes(5), Duration.ofMinutes(30), Duration.ofHours(1),
      Duration.ofHours(2), Duration.ofHours(24)};

  private static final java.util.Set<AssignmentMethod> NOT_FALLBACKS =
      java.util.EnumSet.of(AssignmentMethod.SLA_REROUTE, AssignmentMethod.ESCALATION, AssignmentMethod.CLAIM);

  private final StreamsMetrics metrics;
  private final MeterRegistry registry;
  private final Map<String, Sensor> sensors = new HashMap<>();
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, Timer> timers = new HashMap<>();
  /**
   * Shared by every processor instance of the process: a pool's task may move between threads on a rebalance, and a
   * gauge keeps the first number holder it was registered with (weakly).
   */
  private static final Map<String, AtomicLong[]> POOL_GAUGES =
      new ConcurrentHashMap<>();

  RoutingMetrics(StreamsMetrics metrics, MeterRegistry registry) {
    this.metrics = metrics;
    this.registry = registry;
    // Series the alert rules read exist from the start at zero: rate() over a series that appears only with the
    // first event misses that event, and an absent series looks like a scrape problem.
    counter("leadflow.routing.no_rep", "Requests no rep could take on arrival (queued for retry)");
    for (Priority priority : Priority.values()) {
      responseTimer(priority);
      slaReroutes(priority);
    }
  }

  /** A request reached the rep decision (new leads and SLA re-routes; not the retries of waiting ones). */
  void requested(AssignmentMethod method) {
    counter("leadflow.routing.requests", "Routing requests that reached the rep decision", "method", tag(method.name()))
        .increment();
  }

  /** No rep could take the lead when it arrived; it waits and is retried. */
  void noRep() {
    counter("leadflow.routing.no_rep", "Requests no rep could take on arrival (queued for retry)").increment();
  }

  /**
   * @param latency from the lead event that triggered routing to the assignment; null for SLA re-routes and pool
   *     escalations (their event is the original one) and for claims (time in the pool is the pool's own matter)
   */
  void assigned(AssignmentMethod method, String fallback, String repId, Duration latency) {
    sensor("method-" + method.name(), "assignment").record();
    counter("leadflow.routing.assignments", "Leads assigned, by rep and method", "rep", repId, "method",
        tag(method.name())).increment();
    // SLA re-routes and pool escalations carry a sentence in `fallback` (claims a warning): their method counts
    // them, so the fallback kinds stay the hierarchy's few words.
    if (fallback != null && !NOT_FALLBACKS.contains(method)) {
      sensor(fallback, "fallback").record();
      counter("leadflow.routing.fallbacks", "Assignments made by a fallback rule, by kind", "kind", fallback).increment();
    }
    if (latency != null) {
      timer("leadflow.routing.assignment.latency", "From the lead event that triggered routing to its assignment",
          LATENCY_SLOS, Duration.ofHours(1)).record(latency.isNegative() ? Duration.ZERO : latency);
    }
  }

  /** The first outcome (contacted or later) after an assignment. */
  void responded(Priority priority, Duration sinceAssignment) {
    responseTimer(priority).record(sinceAssignment.isNegative() ? Duration.ZERO : sinceAssignment);
  }

  void slaRerouted(Priority priority) {
    slaReroutes(priority).increment();
  }

  private Timer responseTimer(Priority priority) {
    return timer("leadflow.routing.response", "From an assignment to the rep's first outcome (first contact)",
        RESPONSE_SLOS, Duration.ofDays(7), "priority", tag(priority.name()));
  }

  private Counter slaReroutes(Priority priority) {
    return counter("leadflow.routing.sla.reroutes", "Leads re-routed because nobody contacted them within the SLA",
        "priority", tag(priority.name()));
  }

  /**
   * For the pull pool, from the stream thread on its timer: a pool's
   * size and the age of its oldest unclaimed lead. The gauges read these numbers, never the store: /metrics runs
   * on an HTTP thread, and state stores belong to their stream thread. Gauges {@code leadflow_pool_size{pool}} and
   * {@code leadflow_pool_oldest_age_seconds{pool}}; {@link PoolProcessor} reports every pool of its task on each pool check.
   */
  void poolObserved(String pool, long size, Duration oldestAge) {
    AtomicLong[] values = POOL_GAUGES.computeIfAbsent(
        System.identityHashCode(registry) + "/" + pool, key -> {
      AtomicLong[] created = {new AtomicLong(),
          new AtomicLong()};
      Gauge.builder("leadflow.pool.size", created[0], Number::doubleValue)
          .description("Unclaimed leads in the pull pool").tag("pool", pool).register(registry);
      Gauge.builder("leadflow.pool.oldest.age", created[1], v -> v.get() / 1000.0)
          .description("Age of the oldest unclaimed lead in the pull pool").baseUnit("seconds").tag("pool", pool)
          .register(registry);
      return created;
    });
    values[0].set(size);
    values[1].set(oldestAge.toMillis());
  }

  private Counter counter(String name, String description, String... tags) {
    return counters.computeIfAbsent(name + String.join("\u0000", tags),
        key -> Counter.builder(name).description(description).tags(tags).register(registry));
  }

  private Timer timer(String name, String description, Duration[] slos, Duration max, String... tags) {
    return timers.computeIfAbsent(name + String.join("\u0000", tags), key -> {
      // Histogram buckets for quantiles, plus exact buckets at the seed's thresholds for the alert rules.
      return Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(slos)
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(max)
          .register(registry);
    });
  }

  private static String tag(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }

  private Sensor sensor(String entity, String operation) {
    return sensors.computeIfAbsent(operation + "/" + entity,
        key -> metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO));
  }
}
