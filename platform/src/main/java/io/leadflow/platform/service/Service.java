package io.leadflow.platform.service;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A long-running leadflow service (a stream or the sink) that a launcher starts and stops. */
public interface Service extends AutoCloseable {

  String name();

  /** Starts the service and returns once it is processing, or throws if it cannot get there in time. */
  void start(Duration timeout);

  /**
   * Completes when the service has stopped: normally after {@link #close()}, exceptionally when it died on its own
   * (so a launcher can exit non-zero and let its supervisor restart it).
   */
  CompletableFuture<Void> stopped();

  /**
   * For {@code /health/live} and {@code /health/ready}. The default knows only whether the service has stopped;
   * services override it with what they know (Kafka Streams state, a consumer's assignment).
   */
  default HealthStatus health() {
    CompletableFuture<Void> stopped = stopped();
    if (stopped.isCompletedExceptionally()) {
      return HealthStatus.of(false, false, "FAILED");
    }
    return stopped.isDone() ? HealthStatus.of(true, false, "STOPPED") : HealthStatus.of(true, true, "RUNNING");
  }

  /** Stops processing, commits what is done and releases resources. Idempotent. */
  @Override
  void close();
}
