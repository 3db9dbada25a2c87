package io.leadflow.enrichment;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;

/** Config → topology → run. */
public final class EnrichmentApp {

  private EnrichmentApp() {}

  public static StreamsService service(LayeredConfig config) {
    EnrichmentConfig enrichment = EnrichmentConfig.from(config);
    return new StreamsService(enrichment.applicationId(), EnrichmentTopology.build(enrichment),
        StreamsSettings.base(enrichment.applicationId(), Topics.ENRICHMENT_DLQ.name(), config));
  }
}
