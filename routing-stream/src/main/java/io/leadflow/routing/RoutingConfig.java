package io.leadflow.routing;

import io.leadflow.avro.LeadStage;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.TimerMode;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

/** Typed settings of the routing stream, parsed once at start-up. */
public record RoutingConfig(String applicationId, String defaultPool, Set<LeadStage> routedStages, Duration retryInterval,
    TimerMode timerMode) {

  public static RoutingConfig from(LayeredConfig config) {
    Set<LeadStage> stages;
    try {
      stages = config.list("routing.route-on-stages").stream().map(LeadStage::valueOf).collect(Collectors.toUnmodifiableSet());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(config.origin("routing.route-on-stages")
          + ": field 'routing.route-on-stages': not a lead stage (" + e.getMessage() + ")");
    }
    return new RoutingConfig(config.string("routing.application-id"), config.string("routing.default-pool"), stages,
        config.duration("routing.retry-interval"), TimerMode.from(config));
  }
}
