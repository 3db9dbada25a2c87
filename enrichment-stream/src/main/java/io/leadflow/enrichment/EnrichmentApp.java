package io.leadflow.enrichment;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** Config → topology → run. */
public final class EnrichmentApp {

  private EnrichmentApp() {}

  public static StreamsService service(LayeredConfig config) {
    return service(config, new CompositeMeterRegistry());
  }

  public static StreamsService service(LayeredConfig config, MeterRegistry meters) {
    EnrichmentConfig enrichment = EnrichmentConfig.from(config);
    Properties props = StreamsSettings.base(enrichment.applicationId(), Topics.ENRICHMENT_DLQ.name(), config);
    // The join task (leads by domain + company profiles) never has to wait for a company profile: a lead without one
    // is parked and released when it arrives (ParkOrPublish). Not waiting spares Kafka's per-record log formatting.
    props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsSettings.maxTaskIdleMillis(config, "enrichment.max-task-idle"));
    return new StreamsService(enrichment.applicationId(), EnrichmentTopology.build(enrichment), props, meters);
  }
}
