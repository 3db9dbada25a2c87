package io.leadflow.routing;

import io.leadflow.avro.AssignmentMethod;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Counts assignments per method and fallbacks per kind as Kafka Streams metrics (group
 * {@code stream-leadflow-routing-metrics}, {@code assignment-total}/{@code fallback-total} with tag
 * {@code leadflow-routing-id}), so they show wherever the client's metrics are exported (JMX, Micrometer).
 */
final class RoutingMetrics {

  static final String SCOPE = "leadflow-routing";

  private final StreamsMetrics metrics;
  private final Map<String, Sensor> sensors = new HashMap<>();

  RoutingMetrics(StreamsMetrics metrics) {
    this.metrics = metrics;
  }

  void assigned(AssignmentMethod method, String fallback) {
    sensor("method-" + method.name(), "assignment").record();
    // SLA re-routes carry a sentence in `fallback`; the method counts them, and metric names stay bounded.
    if (fallback != null && method != AssignmentMethod.SLA_REROUTE) {
      sensor(fallback, "fallback").record();
    }
  }

  private Sensor sensor(String entity, String operation) {
    return sensors.computeIfAbsent(operation + "/" + entity,
        key -> metrics.addRateTotalSensor(SCOPE, entity, operation, Sensor.RecordingLevel.INFO));
  }
}
