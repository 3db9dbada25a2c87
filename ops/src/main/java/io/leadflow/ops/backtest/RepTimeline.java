package io.leadflow.ops.backtest;

import io.leadflow.avro.Rep;
import io.leadflow.ops.simulate.SimulationEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Each rep's record as it stood at a moment: the config folder's version, then the log's rep events in time order. */
final class RepTimeline {

  private final Map<String, TreeMap<Long, Rep>> versions = new HashMap<>();

  RepTimeline(List<Rep> initial, List<SimulationEvent> log) {
    initial.forEach(rep -> versions.computeIfAbsent(rep.getRepId(), r -> new TreeMap<>()).put(Long.MIN_VALUE, rep));
    for (SimulationEvent event : log) {
      if (event.value() instanceof Rep rep) {
        versions.computeIfAbsent(rep.getRepId(), r -> new TreeMap<>()).put(event.at(), rep);
      }
    }
  }

  /** The rep's record at {@code at} (a change at that very millisecond counts), or null if unknown then. */
  Rep at(String repId, Instant at) {
    TreeMap<Long, Rep> history = versions.get(repId);
    if (history == null) {
      return null;
    }
    Map.Entry<Long, Rep> entry = history.floorEntry(at.toEpochMilli());
    return entry == null ? null : entry.getValue();
  }

  Rep latest(String repId) {
    TreeMap<Long, Rep> history = versions.get(repId);
    return history == null ? null : history.lastEntry().getValue();
  }
}
