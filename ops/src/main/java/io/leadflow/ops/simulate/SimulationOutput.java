package io.leadflow.ops.simulate;

import org.apache.avro.specific.SpecificRecord;

/**
 * One output record of a simulation: {@code kind} is assignment, stage-change, pool-event, alert or dead-letter;
 * {@code at} the record's event time (epoch ms); {@code key} its key on the topic. A dead letter has no decoded
 * value: {@code topic} is where it was headed and {@code reason} what went wrong.
 */
public record SimulationOutput(String kind, long at, String key, SpecificRecord value, String topic, String reason) {

  public static final String ASSIGNMENT = "assignment";
  public static final String STAGE_CHANGE = "stage-change";
  public static final String POOL_EVENT = "pool-event";
  public static final String ALERT = "alert";
  public static final String DEAD_LETTER = "dead-letter";
}
