package io.leadflow.routing;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.avro.RoutingDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Decides the rep for each routing request of one pool; all requests of a pool arrive at the same task. A request
 * that no rep can take now waits in {@code waiting-for-rep} and is retried on a timer, so it is never lost.
 */
final class AssignRepProcessor implements Processor<String, LeadStageChange, String, RoutingResult> {

  /** Waiting requests are keyed pool + NUL + lead id: one per lead, grouped by pool. */
  private static final char WAITING_KEY_SEPARATOR = '\u0000';

  private final RoutingConfig config;
  private ProcessorContext<String, RoutingResult> context;
  private KeyValueStore<String, Long> poolCounts;
  private KeyValueStore<String, LeadStageChange> waiting;
  private TimestampedKeyValueStore<String, Rep> reps;

  AssignRepProcessor(RoutingConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, RoutingResult> context) {
    this.context = context;
    this.poolCounts = context.getStateStore(RoutingTopology.POOL_ASSIGNMENT_COUNTS_STORE);
    this.waiting = context.getStateStore(RoutingTopology.WAITING_FOR_REP_STORE);
    this.reps = context.getStateStore(RoutingTopology.REPS_STORE);
    context.schedule(config.retryInterval(), config.timerMode().punctuationType(), now -> retryWaiting());
  }

  @Override
  public void process(Record<String, LeadStageChange> record) {
    if (!tryAssign(record.key(), record.value(), record.timestamp())) {
      waiting.put(waitingKey(record.key(), record.value().getLeadId()), record.value());
    }
  }

  private void retryWaiting() {
    List<KeyValue<String, LeadStageChange>> assigned = new ArrayList<>();
    try (KeyValueIterator<String, LeadStageChange> it = waiting.all()) {
      it.forEachRemaining(entry -> {
        String pool = entry.key.substring(0, entry.key.indexOf(WAITING_KEY_SEPARATOR));
        if (tryAssign(pool, entry.value, entry.value.getOccurredAt().toEpochMilli())) {
          assigned.add(entry);
        }
      });
    }
    assigned.forEach(entry -> waiting.delete(entry.key));
  }


  private static String waitingKey(String pool, String leadId) {
    return pool + WAITING_KEY_SEPARATOR + leadId;
  }

  /** Assigns the lead if a rep of the pool can take it now; false if nobody can. */
  private boolean tryAssign(String pool, LeadStageChange change, long timestamp) {
    List<Rep> eligible = RoundRobin.eligible(allReps(), pool);
    Long counted = poolCounts.get(pool);
    long assignedSoFar = counted == null ? 0L : counted;
    Optional<Rep> chosen = RoundRobin.pick(eligible, assignedSoFar);
    if (chosen.isEmpty()) {
      return false;
    }
    Rep rep = chosen.get();
    poolCounts.put(pool, assignedSoFar + 1);

    Instant assignedAt = Instant.ofEpochMilli(context.currentSystemTimeMs());
    LeadAssignment assignment = LeadAssignment.newBuilder()
        .setAssignmentId(change.getLeadId() + "@" + pool + "#" + (assignedSoFar + 1))
        .setLeadId(change.getLeadId())
        .setRepId(rep.getRepId())
        .setPoolId(pool)
        .setMethod(AssignmentMethod.ROUND_ROBIN)
        .setPriority(change.getToStage() == LeadStage.HOT ? Priority.HIGH : Priority.NORMAL)
        .setStage(change.getToStage())
        .setTotalScore(change.getTotalScore())
        .setDecision(RoutingDecision.newBuilder()
            .setRuleMatched("round-robin")
            .setPoolId(pool)
            .setWeightModel("equal")
            .setLeadNumberInWindow(assignedSoFar + 1)
            // Equal weights over the pool's lifetime count; per-rep window counts come with weighted routing.
            .setCandidates(eligible.stream().map(r -> Candidate.newBuilder()
                .setRepId(r.getRepId()).setWeight(1.0).setWindowCount(0).build()).toList())
            .setSkipped(List.of())
            .build())
        .setLead(change.getLead())
        .setEventTime(change.getOccurredAt())
        .setAssignedAt(assignedAt)
        .build();
    context.forward(new Record<>(change.getLeadId(), new RoutingResult(assignment, alertFor(assignment, rep)), timestamp));
    return true;
  }

  private List<Rep> allReps() {
    List<Rep> all = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<Rep>> it = reps.all()) {
      it.forEachRemaining(entry -> {
        if (entry.value != null) {
          all.add(entry.value.value());
        }
      });
    }
    return all;
  }

  private static RepAlert alertFor(LeadAssignment assignment, Rep rep) {
    EnrichedLead lead = assignment.getLead();
    List<NotificationChannel> channels = rep.getChannels().isEmpty()
        ? List.of(NotificationChannel.newBuilder().setType(ChannelType.CONSOLE).setAddress(rep.getRepId()).build())
        : rep.getChannels();
    return RepAlert.newBuilder()
        .setAlertId("assignment:" + assignment.getAssignmentId())
        .setType(AlertType.ASSIGNMENT)
        .setRepId(rep.getRepId())
        .setRepName(rep.getName())
        .setLeadId(assignment.getLeadId())
        .setPriority(assignment.getPriority())
        .setCompanyName(lead == null ? null : lead.getCompanyName())
        .setTotalScore(assignment.getTotalScore())
        .setChannels(channels)
        .setLocale(rep.getLocale())
        .setDetails(Map.of("pool", assignment.getPoolId(), "rule", assignment.getDecision().getRuleMatched()))
        .setCreatedAt(assignment.getAssignedAt())
        .build();
  }

  static KeyValue<String, RepAlert> alertKeyedByRep(RoutingResult result) {
    return KeyValue.pair(result.alert().getRepId(), result.alert());
  }
}
