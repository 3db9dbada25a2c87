package io.leadflow.enrichment;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.TimerMode;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Typed settings of the enrichment stream, parsed and checked once at start-up. */
public record EnrichmentConfig(
    String applicationId,
    int midMarketMinEmployees,
    int enterpriseMinEmployees,
    Set<String> personalEmailDomains,
    List<String> completenessRequired,
    List<String> completenessOptional,
    Duration pendingTtl,
    int pendingMaxLeadsPerDomain,
    int pendingMaxDomains,
    Duration pendingCheckInterval,
    TimerMode timerMode) {

  public static EnrichmentConfig from(LayeredConfig config) {
    EnrichmentConfig parsed = new EnrichmentConfig(
        config.string("enrichment.application-id"),
        config.integer("enrichment.segments.mid-market-min-employees"),
        config.integer("enrichment.segments.enterprise-min-employees"),
        Set.copyOf(config.list("enrichment.personal-email-domains")),
        config.list("enrichment.completeness.required"),
        config.list("enrichment.completeness.optional"),
        config.duration("enrichment.pending.ttl"),
        config.integer("enrichment.pending.max-leads-per-domain"),
        config.integer("enrichment.pending.max-domains"),
        config.duration("enrichment.pending.check-interval"),
        TimerMode.from(config));
    if (parsed.midMarketMinEmployees >= parsed.enterpriseMinEmployees) {
      throw new ConfigException(config.origin("enrichment.segments.mid-market-min-employees")
          + ": field 'enrichment.segments.mid-market-min-employees' must be below enterprise-min-employees");
    }
    try {
      new Completeness(parsed.completenessRequired, parsed.completenessOptional);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.origin("enrichment.completeness.required") + ": " + e.getMessage());
    }
    return parsed;
  }
}
