package io.leadflow.routing;

import io.leadflow.avro.LeadStage;
import io.leadflow.platform.config.ConfigException;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.streams.TimerMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** Typed settings of the routing stream, parsed once at start-up. */
public record RoutingConfig(String applicationId, RoutingRules rules, Duration retryInterval, Duration slaCheckInterval,
    Duration countBucket, Duration countRetention, TimerMode timerMode, Duration poolCheckInterval) {

  /** Pull pools checked every 30 s. */
  public RoutingConfig(String applicationId, RoutingRules rules, Duration retryInterval, Duration slaCheckInterval,
      Duration countBucket, Duration countRetention, TimerMode timerMode) {
    this(applicationId, rules, retryInterval, slaCheckInterval, countBucket, countRetention, timerMode,
        Duration.ofSeconds(30));
  }

  /** {@code routing.rules-file} if set, else the shipped example rules (examples/routing.yaml). */
  public static RoutingConfig from(LayeredConfig config) {
    RoutingRules rules = config.find("routing.rules-file").map(Path::of).map(RoutingRules::read)
        .orElseGet(RoutingRules::builtIn);
    Duration retention = config.duration("routing.count-retention");
    rules.pools().forEach((pool, settings) -> {
      if (settings.windowDuration().compareTo(retention) > 0) {
        throw new ConfigException(config.origin("routing.count-retention") + ": field 'routing.count-retention': "
            + retention + " is shorter than the window of pool '" + pool + "' (" + settings.window() + ")");
      }
    });
    return new RoutingConfig(config.string("routing.application-id"), rules, config.duration("routing.retry-interval"),
        config.duration("routing.sla-check-interval"), config.duration("routing.count-bucket"), retention,
        TimerMode.from(config), config.duration("routing.pool-check-interval"));
  }

  /** The stages that trigger routing under the rules the service starts with. */
  public Set<LeadStage> routedStages() {
    return Set.copyOf(rules.trigger().stages());
  }
}
