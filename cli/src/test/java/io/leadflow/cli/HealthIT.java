package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadflow.platform.broker.EmbeddedKafkaBroker;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Management;
import io.leadflow.platform.service.Service;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness against a broker that goes away and comes back: a stream (scoring) and the sink, wired the way
 * {@code leadflow run} wires them, on a broker of this class's own (it is stopped, so it cannot be shared).
 */
class HealthIT {

  /** A Streams client keeps saying RUNNING long after its broker went away; readiness must not wait for that. */
  private static final Duration READY_FLIPS_WITHIN = Duration.ofSeconds(15);

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Path brokerData;
  private static int brokerPort;
  private static EmbeddedKafkaBroker broker;
  private static Management management;
  private static final List<Service> services = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    brokerData = Files.createTempDirectory("leadflow-health-broker");
    try (ServerSocket socket = new ServerSocket(0)) {
      brokerPort = socket.getLocalPort();
    }
    broker = EmbeddedKafkaBroker.start(brokerPort, brokerData);
    LayeredConfig config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", broker.bootstrapServers())
        .with("streams.state-dir", Files.createTempDirectory("leadflow-health").toString())
        .with("management.port", "0");
    TopicSetup.createAll(config);
    management = Management.start(config);
    for (Services which : List.of(Services.SCORING, Services.SINK)) {
      Service service = which.create(config, management.registry());
      management.register(service);
      services.add(service);
    }
    for (Service service : services) {
      service.start(Duration.ofMinutes(1));
    }
  }

  @AfterAll
  static void stop() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    if (management != null) {
      management.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void readinessGoesDownWithTheBrokerAndUpAgainWhileLivenessStays() throws Exception {
    URI base = management.uri().orElseThrow();
    HttpResponse<String> ready = get(base.resolve("/health/ready"));
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(JSON.readTree(ready.body()).path("services").path("notification-sink").path("state").asText())
        .isEqualTo("RUNNING");

    broker.close();
    long stoppedAt = System.nanoTime();
    HttpResponse<String> down = awaitStatus(base.resolve("/health/ready"), 503, READY_FLIPS_WITHIN);
    assertThat(down.statusCode()).as("readiness within " + READY_FLIPS_WITHIN + " of the broker stopping")
        .isEqualTo(503);
    assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(READY_FLIPS_WITHIN);
    JsonNode body = JSON.readTree(down.body());
    assertThat(body.path("status").asText()).isEqualTo("DOWN");
    assertThat(body.path("broker").asText()).isEqualTo("unreachable");
    // Nothing died: a supervisor must not restart services over a broker outage.
    HttpResponse<String> live = get(base.resolve("/health/live"));
    assertThat(live.statusCode()).as(live.body()).isEqualTo(200);

    broker = EmbeddedKafkaBroker.start(brokerPort, brokerData);
    HttpResponse<String> up = awaitStatus(base.resolve("/health/ready"), 200, Duration.ofSeconds(90));
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(get(base.resolve("/health/live")).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> awaitStatus(URI uri, int status, Duration patience) throws Exception {
    long deadline = System.nanoTime() + patience.toNanos();
    HttpResponse<String> response;
    do {
      response = get(uri);
      if (response.statusCode() == status) {
        return response;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    return response;
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
