package io.leadflow.cli;

import io.leadflow.enrichment.EnrichmentApp;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Management;
import io.leadflow.platform.service.Service;
import io.leadflow.routing.RoutingApp;
import io.leadflow.scoring.ScoringApp;
import io.leadflow.sink.SinkApp;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.function.BiFunction;

/** The services the launcher can run, by the name used on the command line and in compose. */
public enum Services {
  ENRICHMENT("enrichment-stream", EnrichmentApp::service),
  SCORING("scoring-stream", ScoringApp::service),
  ROUTING("routing-stream", RoutingApp::service),
  SINK("notification-sink", SinkApp::service);

  private final String serviceName;
  private final BiFunction<LayeredConfig, MeterRegistry, Service> factory;

  Services(String serviceName, BiFunction<LayeredConfig, MeterRegistry, Service> factory) {
    this.serviceName = serviceName;
    this.factory = factory;
  }

  public String serviceName() {
    return serviceName;
  }

  /** Without metrics (tests that do not look at them). */
  public Service create(LayeredConfig config) {
    return create(config, new CompositeMeterRegistry());
  }

  /** Recording its meters, and binding its Kafka clients' metrics, into the process's registry. */
  public Service create(LayeredConfig config, MeterRegistry meters) {
    return factory.apply(config, meters);
  }

  /**
   * Recording into the process's registry; routing-stream also mounts its pool API and page on the management port
   * (docs/POOL.md "REST API").
   */
  public Service create(LayeredConfig config, Management management) {
    return this == ROUTING ? RoutingApp.service(config, management) : create(config, management.registry());
  }

  public static Services named(String name) {
    for (Services service : values()) {
      if (service.serviceName.equals(name)) {
        return service;
      }
    }
    throw new ConfigException("unknown service '" + name + "'; one of " + names());
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Services::serviceName).toList();
  }

  /** Lets picocli complete and validate service names. */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return names().iterator();
    }
  }
}
