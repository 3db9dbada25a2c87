package io.leadflow.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.platform.service.HealthStatus;
import io.leadflow.platform.service.Service;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The endpoints over real loopback HTTP, with services whose health the test sets. */
class ManagementServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicBoolean brokerUp = new AtomicBoolean(true);
  private PrometheusMeterRegistry registry;
  private ManagementServer server;

  @BeforeEach
  void start() {
    registry = Meters.prometheus();
    server = ManagementServer.start(new ManagementSettings("127.0.0.1", 0), registry, brokerUp::get);
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void metricsAreServedInThePrometheusTextFormat() throws Exception {
    Counter.builder("leadflow.test.things").tag("kind", "a").register(registry).increment(3);
    HttpResponse<String> response = get("/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).contains("leadflow_test_things_total{kind=\"a\"} 3.0")
        .contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
  }

  @Test
  void notReadyBeforeAnyServiceIsRegisteredButLive() throws Exception {
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void readinessFollowsEveryServiceAndTheBroker() throws Exception {
    FakeService routing = new FakeService("routing-stream", HealthStatus.of(true, true, "RUNNING"));
    FakeService sink = new FakeService("notification-sink", HealthStatus.of(true, true, "RUNNING"));
    server.register(routing);
    server.register(sink);
    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.path("status").asText()).isEqualTo("UP");
    assertThat(body.path("broker").asText()).isEqualTo("reachable");
    assertThat(body.path("services").path("routing-stream").path("state").asText()).isEqualTo("RUNNING");

    routing.status = HealthStatus.of(true, false, "REBALANCING_AWAY");
    ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("services").path("routing-stream").path("ready").asBoolean()).isFalse();
    assertThat(get("/health/live").statusCode()).isEqualTo(200);

    routing.status = HealthStatus.of(true, true, "RUNNING");
    brokerUp.set(false);
    ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(ready.body()).path("broker").asText()).isEqualTo("unreachable");
    assertThat(get("/health/live").statusCode()).as("a broker outage is no reason to restart").isEqualTo(200);
  }

  @Test
  void livenessFailsWhenAServiceIsDead() throws Exception {
    FakeService scoring = new FakeService("scoring-stream", HealthStatus.of(true, true, "RUNNING"));
    server.register(scoring);
    assertThat(get("/health/live").statusCode()).isEqualTo(200);
    scoring.status = HealthStatus.of(false, false, "ERROR");
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(live.body()).path("services").path("scoring-stream").path("state").asText()).isEqualTo("ERROR");
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void otherPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
    assertThat(get("/health/ready/x").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(server.uri().resolve("/metrics"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  private HttpResponse<String> get(String path) throws Exception {
    URI uri = server.uri().resolve(path);
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static final class FakeService implements Service {
    private final String name;
    volatile HealthStatus status;

    FakeService(String name, HealthStatus status) {
      this.name = name;
      this.status = status;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void start(Duration timeout) {}

    @Override
    public CompletableFuture<Void> stopped() {
      return new CompletableFuture<>();
    }

    @Override
    public HealthStatus health() {
      return status;
    }

    @Override
    public void close() {}
  }
}
