package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code leadflow health} against a real loopback HTTP server standing in for a service's management port. */
class HealthCommandTest {

  private final AtomicInteger status = new AtomicInteger(200);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private HttpServer server;
  private String readyUrl;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health/ready", exchange -> {
      byte[] body = (status.get() == 200 ? "RUNNING" : "REBALANCING").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status.get(), body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    readyUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/health/ready";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private int run(String... args) {
    CommandLine cli = LeadflowCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void readyIsExitZero() {
    assertThat(run("health", "--url", readyUrl)).isZero();
    assertThat(out.toString()).contains("200 RUNNING");
  }

  @Test
  void notReadyIsExitOne() {
    status.set(503);
    assertThat(run("health", "--url", readyUrl)).isEqualTo(1);
    assertThat(err.toString()).contains("503");
  }

  @Test
  void nobodyListeningIsExitOne() {
    int port = server.getAddress().getPort();
    server.stop(0);
    assertThat(run("health", "--url", "http://127.0.0.1:" + port + "/health/ready", "--timeout", "1s")).isEqualTo(1);
    assertThat(err.toString()).contains("not reachable");
  }

  @Test
  void theDefaultUrlFollowsTheManagementPort() {
    assertThat(HealthCommand.defaultUrl(null)).isEqualTo("http://localhost:8080/health/ready");
    assertThat(HealthCommand.defaultUrl("9191")).isEqualTo("http://localhost:9191/health/ready");
  }
}
