package io.leadflow.platform.observability;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Observability of one process: the Prometheus registry every service of the process records into, and, unless
 * {@code management.port} is off, the HTTP endpoints with a broker probe for readiness. A launcher starts this
 * first, creates its services with {@link #registry()}, and {@link #register registers} each for the health answers.
 */
public final class Management implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final ManagementServer server;
  private final BrokerProbe probe;

  private Management(PrometheusMeterRegistry registry, ManagementServer server, BrokerProbe probe) {
    this.registry = registry;
    this.server = server;
    this.probe = probe;
  }

  public static Management start(LayeredConfig config) {
    PrometheusMeterRegistry registry = Meters.prometheus();
    Optional<ManagementSettings> settings = ManagementSettings.from(config);
    if (settings.isEmpty()) {
      return new Management(registry, null, null);
    }
    BrokerProbe probe = new BrokerProbe(config.kafkaClientProperties(), Duration.ofSeconds(2));
    try {
      return new Management(registry, ManagementServer.start(settings.get(), registry, probe), probe);
    } catch (RuntimeException e) {
      probe.close();
      registry.close();
      throw e;
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The registry as Prometheus text, as {@code /metrics} serves it. */
  public String scrape() {
    return registry.scrape();
  }

  public void register(Service service) {
    if (server != null) {
      server.register(service);
    }
  }

  /**
   * Mounts extra endpoints under {@code path} on the management port; false (and nothing mounted) when the endpoints
   * are off.
   */
  public boolean addHandler(String path, com.sun.net.httpserver.HttpHandler handler) {
    if (server == null) {
      return false;
    }
    server.addHandler(path, handler);
    return true;
  }

  /** The endpoints' base URI, empty when they are off. */
  public Optional<URI> uri() {
    return Optional.ofNullable(server).map(ManagementServer::uri);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
    if (probe != null) {
      probe.close();
    }
    registry.close();
  }
}
