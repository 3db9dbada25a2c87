package io.leadflow.enrichment;

import io.leadflow.platform.config.LayeredConfig;

/** Typed settings of the enrichment stream, parsed once at start-up. */
public record EnrichmentConfig(String applicationId, int midMarketMinEmployees, int enterpriseMinEmployees) {

  public static EnrichmentConfig from(LayeredConfig config) {
    return new EnrichmentConfig(
        config.string("enrichment.application-id"),
        config.integer("enrichment.segments.mid-market-min-employees"),
        config.integer("enrichment.segments.enterprise-min-employees"));
  }
}
