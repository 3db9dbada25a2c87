package io.leadflow.platform.observability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.leadflow.platform.service.HealthStatus;
import io.leadflow.platform.service.Service;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management endpoints of one process, on the JDK's HTTP server (no framework for three GETs):
 *
 * <ul>
 *   <li>{@code GET /metrics}: every meter in the Prometheus text format;</li>
 *   <li>{@code GET /health/live}: 200 unless a service is dead (Kafka Streams ERROR, stopped unexpectedly);</li>
 *   <li>{@code GET /health/ready}: 200 when every service can work now (RUNNING or REBALANCING; the sink polling
 *       with its assignment) and a broker answers.</li>
 * </ul>
 *
 * Health answers are 503 otherwise, both with a small JSON body naming each service's state.
 */
public final class ManagementServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusMeterRegistry registry;
  private final BooleanSupplier brokerReachable;
  private final List<Service> services = new CopyOnWriteArrayList<>();

  private ManagementServer(HttpServer server, ExecutorService executor, PrometheusMeterRegistry registry,
      BooleanSupplier brokerReachable) {
    this.server = server;
    this.executor = executor;
    this.registry = registry;
    this.brokerReachable = brokerReachable;
  }

  /**
   * @param brokerReachable asked by {@code /health/ready} only, never by liveness: a broker outage must not make a
   *     supervisor restart services that will carry on once it is back
   */
  public static ManagementServer start(ManagementSettings settings, PrometheusMeterRegistry registry,
      BooleanSupplier brokerReachable) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the management endpoints on " + settings.host() + ":"
          + settings.port() + " (" + ManagementSettings.PORT + "): " + e.getMessage(), e);
    }
    // More than the two threads that /metrics and /health need: mounted handlers (routing-stream's pool API) hold a
    // thread while a claim waits for the pool's answer or a query is forwarded to another instance.
    ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
      Thread thread = new Thread(runnable, "leadflow-management");
      thread.setDaemon(true);
      return thread;
    });
    ManagementServer management = new ManagementServer(server, executor, registry, brokerReachable);
    server.createContext("/metrics", exchange -> management.handle(exchange, management::metrics));
    server.createContext("/health/live", exchange -> management.handle(exchange, () -> management.health(false)));
    server.createContext("/health/ready", exchange -> management.handle(exchange, () -> management.health(true)));
    server.setExecutor(executor);
    server.start();
    LOG.info("management endpoints on {}", management.uri());
    return management;
  }

  /** Adds a service to the health answers; until the first is added the process is live but not ready. */
  public void register(Service service) {
    services.add(service);
  }

  /**
   * Mounts another service's endpoints (e.g. routing-stream's pool API and page) on this port, so that one port
   * serves them with /metrics and /health/*. The handler gets every request whose path starts with {@code path}.
   */
  public void addHandler(String path, com.sun.net.httpserver.HttpHandler handler) {
    server.createContext(path, handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Base URI for clients on this host (the loopback address when bound to all interfaces). */
  public URI uri() {
    String host = server.getAddress().getAddress().isAnyLocalAddress() ? "localhost"
        : server.getAddress().getAddress().getHostAddress();
    return URI.create("http://" + host + ":" + port());
  }

  private record Reply(int status, String contentType, String body) {}

  private interface Handler {
    Reply reply() throws Exception;
  }

  private void handle(HttpExchange exchange, Handler handler) throws IOException {
    try (exchange) {
      Reply reply;
      if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
        reply = new Reply(405, "text/plain; charset=utf-8", "GET only\n");
      } else if (!isExactPath(exchange)) {
        reply = new Reply(404, "text/plain; charset=utf-8", "not found\n");
      } else {
        try {
          reply = handler.reply();
        } catch (Exception e) {
          LOG.warn("management endpoint {} failed", exchange.getRequestURI().getPath(), e);
          reply = new Reply(500, "text/plain; charset=utf-8", "error\n");
        }
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      boolean head = "HEAD".equals(exchange.getRequestMethod());
      exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  /** The JDK server matches contexts by prefix; /metricsfoo is not /metrics. */
  private static boolean isExactPath(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    String context = exchange.getHttpContext().getPath();
    return path.equals(context) || path.equals(context + "/");
  }

  private Reply metrics() {
    return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  private Reply health(boolean readiness) throws IOException {
    Map<String, Object> byService = new LinkedHashMap<>();
    boolean live = true;
    boolean ready = !services.isEmpty();
    for (Service service : services) {
      HealthStatus status = service.health();
      live &= status.live();
      ready &= status.ready();
      byService.put(service.name(), Map.of("state", status.state(), "live", status.live(), "ready", status.ready()));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    boolean up = live;
    if (readiness) {
      boolean broker = brokerReachable.getAsBoolean();
      up = live && ready && broker;
      body.put("status", up ? "UP" : "DOWN");
      body.put("broker", broker ? "reachable" : "unreachable");
    } else {
      body.put("status", up ? "UP" : "DOWN");
    }
    body.put("services", byService);
    return new Reply(up ? 200 : 503, "application/json", JSON.writeValueAsString(body) + "\n");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
