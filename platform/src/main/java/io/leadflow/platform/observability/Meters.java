package io.leadflow.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.Properties;

/**
 * The process's meter registry and how processors reach it. Topologies are built without a registry (they are
 * also run by TopologyTestDriver and the offline simulate), so the registry travels inside the Streams properties
 * under {@link #REGISTRY_CONFIG}: Kafka keeps unknown entries in {@code originals()}, which processors see as
 * {@code context.appConfigs()} and exception handlers get in {@code configure()}. Without it, meters go nowhere.
 */
public final class Meters {

  /** Streams property holding the {@link MeterRegistry} object (not a string). */
  public static final String REGISTRY_CONFIG = "leadflow.meter-registry";

  /** Records nothing: a composite with no registries hands out no-op meters. */
  private static final MeterRegistry NONE = new CompositeMeterRegistry();

  private Meters() {}

  /** A Prometheus registry with the JVM and process binders; one per process, shared by its services. */
  public static PrometheusMeterRegistry prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  public static void putInto(Properties streamsProps, MeterRegistry registry) {
    streamsProps.put(REGISTRY_CONFIG, registry);
  }

  /** The registry put into the Streams properties, or a registry that records nothing. */
  public static MeterRegistry from(Map<String, ?> appConfigs) {
    Object registry = appConfigs == null ? null : appConfigs.get(REGISTRY_CONFIG);
    return registry instanceof MeterRegistry meters ? meters : NONE;
  }
}
