package io.leadflow.routing;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/** Config → topology → run. */
public final class RoutingApp {

  private RoutingApp() {}

  public static StreamsService service(LayeredConfig config) {
    return service(config, new CompositeMeterRegistry());
  }

  public static StreamsService service(LayeredConfig config, MeterRegistry meters) {
    RoutingConfig routing = RoutingConfig.from(config);
    return new StreamsService(routing.applicationId(), RoutingTopology.build(routing),
        StreamsSettings.base(routing.applicationId(), Topics.ROUTING_DLQ.name(), config), meters);
  }
}
