package io.leadflow.routing;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

  private final StreamsMetrics metrics;
  private final MeterRegistry registry;
  private final Map<String, Sensor> sensors = new HashMap<>();
  private final Map<String, Counter> counters = new HashMap<>();
  private final Map<String, Timer> timers = new HashMap<>();

  RoutingMetrics(StreamsMetrics metrics, MeterRegistry registry) {
    this.metrics = metrics;
    this.registry = registry;
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
   * @param latency from the lead event that triggered routing to the assignment; null for SLA re-routes, whose
   *     event is the original one
   */
  void assigned(AssignmentMethod method, String fallback, String repId, Duration latency) {
    sensor("method-" + method.name(), "assignment").record();
    counter("leadflow.routing.assignments", "Leads assigned, by rep and method", "rep", repId, "method",
        tag(method.name())).increment();
    // SLA re-routes carry a sentence in `fallback`; the method counts them, and metric names stay bounded.
    if (fallback != null && method != AssignmentMethod.SLA_REROUTE) {
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
    timer("leadflow.routing.response", "From an assignment to the rep's first outcome (first contact)",
        RESPONSE_SLOS, Duration.ofDays(7), "priority", tag(priority.name()))
        .record(sinceAssignment.isNegative() ? Duration.ZERO : sinceAssignment);
  }

  void slaRerouted(Priority priority) {
    counter("leadflow.routing.sla.reroutes", "Leads re-routed because nobody contacted them within the SLA",
        "priority", tag(priority.name())).increment();
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
