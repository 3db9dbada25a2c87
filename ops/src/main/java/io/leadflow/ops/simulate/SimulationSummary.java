package io.leadflow.ops.simulate;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadEvent;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a simulation did, all of it determined by the input (no wall-clock figures, so it can sit in the output
 * file): events read per kind, events no topology reads (e.g. claims before the pull pool exists), outputs per kind,
 * distinct leads seen and assigned, assignments per rep, and the first and last event time.
 */
public record SimulationSummary(Map<String, Long> events, Map<String, Long> unread, Map<String, Long> outputs,
    long leads, long leadsAssigned, Map<String, Long> assignmentsPerRep, Instant firstEventAt, Instant lastEventAt) {

  public long events(EventKind kind) {
    return events.getOrDefault(kind.jsonName(), 0L);
  }

  public long outputs(String kind) {
    return outputs.getOrDefault(kind, 0L);
  }

  private static Map<String, Long> sorted(Map<String, Long> map) {
    return java.util.Collections.unmodifiableMap(new TreeMap<>(map));
  }

  static final class Builder {
    private final Map<String, Long> events = new TreeMap<>();
    private final Map<String, Long> unread = new TreeMap<>();
    private final Map<String, Long> outputs = new TreeMap<>();
    private final Set<String> leads = new HashSet<>();
    private final Set<String> assigned = new HashSet<>();
    private final Map<String, Long> perRep = new TreeMap<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    void input(SimulationEvent event) {
      events.merge(event.kind().jsonName(), 1L, Long::sum);
      if (event.value() instanceof LeadEvent lead) {
        leads.add(lead.getLeadId());
      }
      first = Math.min(first, event.at());
      last = Math.max(last, event.at());
    }

    void unread(EventKind kind) {
      unread.merge(kind.jsonName(), 1L, Long::sum);
    }

    void output(SimulationOutput output) {
      outputs.merge(output.kind(), 1L, Long::sum);
      if (output.value() instanceof LeadAssignment a) {
        assigned.add(a.getLeadId());
        perRep.merge(a.getRepId(), 1L, Long::sum);
      }
    }

    SimulationSummary build() {
      return new SimulationSummary(sorted(events), sorted(unread), sorted(outputs), leads.size(),
          assigned.size(), sorted(perRep),
          first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
          last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last));
    }
  }
}
