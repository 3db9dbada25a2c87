package io.leadflow.enrichment;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** Config → topology → run. */
public final class EnrichmentApp {

  private EnrichmentApp() {}

  public static StreamsService service(LayeredConfig config) {
    return service(config, new CompositeMeterRegistry());
  }

  public static StreamsService service(LayeredConfig config, MeterRegistry meters) {
    EnrichmentConfig enrichment = EnrichmentConfig.from(config);
    return new StreamsService(enrichment.applicationId(), EnrichmentTopology.build(enrichment),
        StreamsSettings.base(enrichment.applicationId(), Topics.ENRICHMENT_DLQ.name(), config), meters);
  }
}
