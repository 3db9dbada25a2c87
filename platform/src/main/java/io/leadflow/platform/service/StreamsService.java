package io.leadflow.platform.service;

import io.leadflow.platform.observability.Meters;
import io.leadflow.platform.streams.ThreadReplacementPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one Kafka Streams topology as a {@link Service}. */
public final class StreamsService implements Service {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

  private final String name;
  private final KafkaStreams streams;
  private final CountDownLatch running = new CountDownLatch(1);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final KafkaStreamsMetrics clientMetrics;
  private volatile boolean closing;

  /** Without metrics: domain meters and client metrics go nowhere. */
  public StreamsService(String name, Topology topology, Properties props) {
    this(name, topology, props, new CompositeMeterRegistry());
  }

  /**
   * @param meters the process's registry: processors record domain meters into it (through the properties, see
   *     {@link Meters}) and the Kafka Streams client metrics are bound to it
   */
  public StreamsService(String name, Topology topology, Properties props, MeterRegistry meters) {
    this.name = name;
    Properties withMeters = new Properties();
    withMeters.putAll(props);
    Meters.putInto(withMeters, meters);
    this.streams = new KafkaStreams(topology, withMeters);
    this.clientMetrics = new KafkaStreamsMetrics(streams);
    clientMetrics.bindTo(meters);
    streams.setUncaughtExceptionHandler(ThreadReplacementPolicy.standard());
    streams.setStateListener((newState, oldState) -> {
      LOG.debug("{}: {} -> {}", name, oldState, newState);
      if (newState == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      if (newState == KafkaStreams.State.ERROR || (newState == KafkaStreams.State.NOT_RUNNING && !closing)) {
        stopped.completeExceptionally(new IllegalStateException(name + " stopped unexpectedly (state " + newState + ")"));
      }
    });
  }

  /** The running client, for interactive queries (routing-stream's pool API). */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start(Duration timeout) {
    streams.start();
    try {
      if (!running.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " did not reach RUNNING within " + timeout + " (state " + streams.state() + ")");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " start interrupted", e);
    }
    LOG.info("{} running", name);
  }

  /**
   * Starts with processing paused ({@link KafkaStreams#pause()} before {@link KafkaStreams#start()}): the client joins
   * its group and gets its tasks, but restores and processes nothing until {@link KafkaStreams#resume()}. It stays
   * REBALANCING meanwhile, so the caller sees the assignment in the group (admin client). For benchmarks that time
   * processing without the start-up.
   */
  public void startPaused() {
    streams.pause();
    streams.start();
    LOG.info("{} started, paused", name);
  }

  @Override
  public CompletableFuture<Void> stopped() {
    return stopped;
  }

  @Override
  public HealthStatus health() {
    return health(streams.state(), closing);
  }

  /**
   * Ready in RUNNING or REBALANCING (a rebalance is normal work, and a scaled-out group rebalances often); live
   * unless dead: ERROR, or stopping/stopped when nobody asked it to.
   */
  static HealthStatus health(KafkaStreams.State state, boolean closing) {
    boolean live = switch (state) {
      case ERROR, PENDING_ERROR -> false;
      case PENDING_SHUTDOWN, NOT_RUNNING -> closing;
      case CREATED, REBALANCING, RUNNING -> true;
    };
    boolean ready = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    return HealthStatus.of(live, ready, state.name());
  }

  @Override
  public void close() {
    closing = true;
    // Leave the group: a replacement instance (restart, redeploy) takes the tasks over at once instead of waiting
    // out the session timeout.
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    clientMetrics.close();
    stopped.complete(null);
  }
}
