package io.leadflow.cli;

import static io.leadflow.platform.testing.TestRecords.profile;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.OutcomeType;
import io.leadflow.cli.demo.DemoRun;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's own code path (in-process broker, all four services in one JVM, synthetic leads), a short burst, then
 * /metrics and /health over HTTP while everything still runs: metric names and values against what was routed.
 */
class ObservabilityIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Set<AssignmentMethod> UNTIMED =
      java.util.EnumSet.of(AssignmentMethod.SLA_REROUTE, AssignmentMethod.ESCALATION, AssignmentMethod.CLAIM);
  private static final Path RULES = Path.of("..", "deploy", "prometheus", "alert-rules.yml");

  private static int exit;
  private static String demoOutput;
  private static List<LeadAssignment> assignments;
  private static long alertsDelivered;
  private static PrometheusText afterTraffic;
  private static PrometheusText afterBadInput;
  private static HttpResponse<String> ready;
  private static HttpResponse<String> live;

  @BeforeAll
  static void runDemo() throws Exception {
    LayeredConfig config = LayeredConfig.defaults().with("management.port", "0");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exit = new DemoRun(config, true, Path.of("..", "examples"), Duration.ofSeconds(4), 4, 7, true,
        new PrintStream(out, true, StandardCharsets.UTF_8))
        .onFinished(ObservabilityIT::inspect)
        .call();
    demoOutput = out.toString(StandardCharsets.UTF_8);
  }

  /** Runs inside the demo, after its summary, while the services and the endpoints still run. */
  private static void inspect(DemoRun.Finished finished) {
    try {
      URI base = finished.management().orElseThrow();
      assignments = finished.assignments();
      alertsDelivered = finished.alertsDelivered();
      // The sink may still be delivering the last alerts when the demo's drain ends.
      afterTraffic = awaitScrape(base, scrape -> scrape.sum("leadflow_sink_deliveries_total", "result", "delivered")
          >= assignments.size());
      ready = get(base.resolve("/health/ready"));
      live = get(base.resolve("/health/live"));

      try (RecordPublisher publisher = new RecordPublisher(finished.config())) {
        long now = System.currentTimeMillis();
        // Keyed by another lead than its own: enrichment rejects it to its DLQ (InvalidLeadEventException).
        publisher.send(Topics.LEAD_EVENTS, "someone-else", profile("obs-bad-key", "x@obs-example.de", Instant.now()), now);
        // Not Avro at all: every stream reading lead-events sends it to its DLQ on deserialization.
        publisher.sendRaw(Topics.LEAD_EVENTS.name(), "obs-garbage".getBytes(StandardCharsets.UTF_8),
            "not avro".getBytes(StandardCharsets.UTF_8));
        // The rep got in touch: the first outcome after the assignment is the response time.
        LeadAssignment first = assignments.get(0);
        publisher.send(Topics.LEAD_OUTCOMES, first.getLeadId(), LeadOutcome.newBuilder()
            .setOutcomeId("obs-outcome-1").setLeadId(first.getLeadId()).setRepId(first.getRepId())
            .setType(OutcomeType.CONTACTED).setOccurredAt(Instant.ofEpochMilli(now)).build(), now);
        publisher.flush();
      }
      Files.writeString(Path.of("target", "observability-scrape.txt"), get(base.resolve("/metrics")).body());
      afterBadInput = awaitScrape(base, scrape -> scrape.sum("leadflow_dlq_records_total", "app", "enrichment-stream") >= 2
          && scrape.sum("leadflow_routing_response_seconds_count") >= 1);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void theDemoRoutedEveryLead() {
    assertThat(exit).as(demoOutput).isZero();
    assertThat(assignments).isNotEmpty();
  }

  @Test
  void healthIsUpWithAllFourServices() throws Exception {
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(live.statusCode()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(ready.body());
    assertThat(body.path("services").fieldNames()).toIterable()
        .containsExactlyInAnyOrder("enrichment-stream", "scoring-stream", "routing-stream", "notification-sink");
    assertThat(body.path("services").path("routing-stream").path("state").asText()).isIn("RUNNING", "REBALANCING");
  }

  @Test
  void assignmentsPerRepAndMethodEqualWhatWasRouted() {
    Map<List<String>, Long> routed = assignments.stream().collect(Collectors.groupingBy(
        a -> List.of(a.getRepId(), a.getMethod().name().toLowerCase()), Collectors.counting()));
    Map<List<String>, Long> counted = afterTraffic.named("leadflow_routing_assignments_total").stream()
        .filter(s -> s.value() > 0)
        .collect(Collectors.toMap(s -> List.of(s.labels().get("rep"), s.labels().get("method")), s -> (long) s.value()));
    assertThat(counted).isEqualTo(routed);
  }

  @Test
  void latencyHistogramHasOneObservationPerAssignmentWithTheSeedThresholdsAsBuckets() {
    // Re-routes and escalations go back to an old event, and claims wait in a pool by design: not timed.
    long notReroutes = assignments.stream().filter(a -> !UNTIMED.contains(a.getMethod())).count();
    assertThat(afterTraffic.sum("leadflow_routing_assignment_latency_seconds_count")).isEqualTo((double) notReroutes);
    assertThat(afterTraffic.sum("leadflow_routing_assignment_latency_seconds_bucket", "le", "60.0"))
        .as("every demo lead is assigned within a minute").isEqualTo((double) notReroutes);
    assertThat(afterTraffic.sum("leadflow_routing_assignment_latency_seconds_bucket", "le", "10.0")).isPositive();
    long pushed = assignments.stream().filter(a -> a.getMethod() != AssignmentMethod.CLAIM).count();
    assertThat(afterTraffic.sum("leadflow_routing_requests_total")).as("claims come from a pull pool, not a request")
        .isGreaterThanOrEqualTo(pushed);
    double fallbacks = afterTraffic.sum("leadflow_routing_fallbacks_total");
    long withFallback = assignments.stream()
        .filter(a -> a.getDecision().getFallback() != null && !UNTIMED.contains(a.getMethod())).count();
    assertThat(fallbacks).isEqualTo((double) withFallback);
  }

  @Test
  void deliveriesAreCountedPerChannel() {
    assertThat(afterTraffic.sum("leadflow_sink_deliveries_total", "channel", "console", "result", "delivered"))
        .isGreaterThanOrEqualTo(alertsDelivered).isEqualTo((double) assignments.size());
    assertThat(afterTraffic.sum("leadflow_sink_delivery_latency_seconds_count", "channel", "console"))
        .isEqualTo(afterTraffic.sum("leadflow_sink_deliveries_total", "channel", "console", "result", "delivered"));
  }

  @Test
  void deadLettersAreCountedPerAppAndReason() {
    assertThat(afterBadInput.sum("leadflow_dlq_records_total", "app", "enrichment-stream", "reason",
        "InvalidLeadEventException")).isEqualTo(1.0);
    assertThat(afterBadInput.sum("leadflow_dlq_records_total", "app", "enrichment-stream")).isEqualTo(2.0);
    assertThat(afterTraffic.sum("leadflow_dlq_records_total")).as("nothing went to a DLQ before the bad input").isZero();
  }

  @Test
  void responseTimeIsMeasuredFromAssignmentToFirstOutcomeByPriority() {
    LeadAssignment first = assignments.get(0);
    String priority = first.getPriority().name().toLowerCase();
    assertThat(afterTraffic.sum("leadflow_routing_response_seconds_count")).isZero();
    assertThat(afterBadInput.sum("leadflow_routing_response_seconds_count", "priority", priority)).isEqualTo(1.0);
    assertThat(afterBadInput.sum("leadflow_routing_response_seconds_bucket", "priority", priority, "le", "3600.0"))
        .isEqualTo(1.0);
  }

  @Test
  void clientAndJvmMetricsAreThere() {
    assertThat(afterTraffic.samples()).anyMatch(s -> s.name().startsWith("kafka_stream_")
        && s.labels().getOrDefault("client_id", "").startsWith("routing-stream"));
    assertThat(afterTraffic.samples()).anyMatch(s -> s.name().startsWith("kafka_consumer_")
        && s.labels().getOrDefault("client_id", "").contains("notification-sink"));
    assertThat(afterTraffic.samples()).anyMatch(s -> s.name().startsWith("kafka_producer_"));
    assertThat(afterTraffic.has("jvm_memory_used_bytes")).isTrue();
  }

  /** Every leadflow_* series the alert rules read is one the services expose, with the labels the rules select. */
  @Test
  void alertRulesReadOnlyMetricsTheServicesExpose() throws Exception {
    JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
    Set<String> names = new LinkedHashSet<>();
    Pattern metric = Pattern.compile("\\b(leadflow_[a-z0-9_]+)");
    int expressions = 0;
    for (JsonNode group : rules.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        Matcher m = metric.matcher(rule.path("expr").asText());
        expressions++;
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    assertThat(expressions).isGreaterThanOrEqualTo(3);
    assertThat(names).contains("leadflow_routing_fallbacks_total", "leadflow_routing_assignment_latency_seconds_bucket",
        "leadflow_routing_response_seconds_bucket");
    assertThat(names).allSatisfy(name -> assertThat(afterBadInput.has(name)).as(name + " exposed").isTrue());
    assertThat(afterBadInput.sum("leadflow_routing_response_seconds_bucket", "priority", "high", "le", "3600.0"))
        .as("the 1 h bucket of high-priority responses exists (it may be zero)").isNotNegative();
    assertThat(afterBadInput.named("leadflow_routing_response_seconds_bucket"))
        .anyMatch(s -> "high".equals(s.labels().get("priority")) && "3600.0".equals(s.labels().get("le")));
    assertThat(afterBadInput.named("leadflow_routing_assignment_latency_seconds_bucket"))
        .anyMatch(s -> "60.0".equals(s.labels().get("le")));
  }

  private static PrometheusText awaitScrape(URI base, java.util.function.Predicate<PrometheusText> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    PrometheusText scrape;
    do {
      scrape = PrometheusText.parse(get(base.resolve("/metrics")).body());
      if (done.test(scrape)) {
        return scrape;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return scrape;
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
