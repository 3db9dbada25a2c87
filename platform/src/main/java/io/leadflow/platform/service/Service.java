package io.leadflow.platform.service;

import java.time.Duration;

/** A long-running leadflow service (a stream or the sink) that a launcher starts and stops. */
public interface Service extends AutoCloseable {

  String name();

  /** Starts the service and returns once it is processing, or throws if it cannot get there in time. */
  void start(Duration timeout);

  /** Stops processing, commits what is done and releases resources. Idempotent. */
  @Override
  void close();
}
