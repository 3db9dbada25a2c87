package io.leadflow.ops.simulate;

import org.apache.avro.specific.SpecificRecord;

/**
 * One input event: what it is, when it happened (epoch ms), its key on the topic, the record, and where it came
 * from ({@code line}, 1-based, which also orders events with the same time).
 */
public record SimulationEvent(EventKind kind, long at, String key, SpecificRecord value, long line) {

  public static SimulationEvent of(EventKind kind, long at, SpecificRecord value, long line) {
    return new SimulationEvent(kind, at, kind.key(value), value, line);
  }
}
