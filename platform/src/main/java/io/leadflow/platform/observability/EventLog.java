package io.leadflow.platform.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per business event (assignment, stage change, delivery) on the logger {@code leadflow.events}, with the
 * lead id and rep id as SLF4J key-value pairs: fields of their own in JSON logs, {@code leadId=… repId=…} in text.
 * A separate logger so operators (and the demo, and benchmarks) can turn the per-lead lines off without losing
 * the service's own messages.
 */
public final class EventLog {

  public static final String LOGGER_NAME = "leadflow.events";
  public static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

  private EventLog() {}
}
