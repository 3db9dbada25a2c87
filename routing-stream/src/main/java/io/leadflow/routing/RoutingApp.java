package io.leadflow.routing;

import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.observability.Management;
import io.leadflow.platform.service.HealthStatus;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.api.ApiSettings;
import io.leadflow.routing.api.PoolApi;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

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

  /**
   * With the pool API (docs/POOL.md "REST API") on the management port when it is on: the instance advertises
   * {@code routing.api.advertised-host} (default: the management URI's host) and the management port as
   * {@code application.server}, so other instances can forward interactive queries to it.
   */
  public static Service service(LayeredConfig config, Management management) {
    if (management.uri().isEmpty()) {
      return service(config, management.registry());
    }
    RoutingConfig routing = RoutingConfig.from(config);
    ApiSettings api = ApiSettings.from(config);
    URI uri = management.uri().get();
    HostInfo self = new HostInfo(api.advertisedHost() == null ? uri.getHost() : api.advertisedHost(), uri.getPort());
    Properties props = StreamsSettings.base(routing.applicationId(), Topics.ROUTING_DLQ.name(), config);
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
    StreamsService streams = new StreamsService(routing.applicationId(), RoutingTopology.build(routing), props,
        management.registry());
    return new WithApi(streams, management, api, self, routing, config);
  }

  /** The stream plus its API; the API's clients start with the stream and close after it. */
  public static final class WithApi implements Service {
    private final StreamsService streams;
    private final Management management;
    private final ApiSettings settings;
    private final HostInfo self;
    private final RoutingConfig routing;
    private final LayeredConfig config;
    private volatile PoolApi api;

    WithApi(StreamsService streams, Management management, ApiSettings settings, HostInfo self, RoutingConfig routing,
        LayeredConfig config) {
      this.streams = streams;
      this.management = management;
      this.settings = settings;
      this.self = self;
      this.routing = routing;
      this.config = config;
    }

    /** For interactive queries and tests. */
    public org.apache.kafka.streams.KafkaStreams kafkaStreams() {
      return streams.kafkaStreams();
    }

    @Override
    public String name() {
      return streams.name();
    }

    @Override
    public void start(Duration timeout) {
      api = new PoolApi(settings, streams.kafkaStreams(), self, routing.rules(), config.kafkaClientProperties());
      management.addHandler("/api/", api);
      PoolPage.mount(management);
      streams.start(timeout);
    }

    @Override
    public CompletableFuture<Void> stopped() {
      return streams.stopped();
    }

    @Override
    public HealthStatus health() {
      return streams.health();
    }

    @Override
    public void close() {
      streams.close();
      PoolApi running = api;
      if (running != null) {
        running.close();
      }
    }
  }
}
