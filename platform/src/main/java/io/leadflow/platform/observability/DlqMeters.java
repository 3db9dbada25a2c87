package io.leadflow.platform.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code leadflow_dlq_records_total{app, reason}}: records a service sent to its dead-letter topic. The reason is a
 * short, bounded word (an exception's class name, or a fixed category), never a message, so the series stay few.
 */
public final class DlqMeters {

  public static final String NAME = "leadflow.dlq.records";

  private final MeterRegistry registry;
  private final String app;

  public DlqMeters(MeterRegistry registry, String app) {
    this.registry = registry;
    this.app = app;
  }

  public void record(String reason) {
    Counter.builder(NAME).tag("app", app).tag("reason", reason)
        .description("Records sent to the service's dead-letter topic, by reason").register(registry).increment();
  }

  /** The reason for an exception: its class name, without the package. */
  public static String reason(Throwable exception) {
    return exception == null ? "unknown" : exception.getClass().getSimpleName();
  }
}
