package io.leadflow.routing;

import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadOwnership;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.OutcomeType;
import io.leadflow.avro.PoolStatsDelta;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepLoadDelta;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.avro.SkippedRep;
import io.leadflow.platform.observability.Meters;
import io.leadflow.platform.streams.TimeKeys;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.routing.rules.ClaimSources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Keyed by lead id, over {@code lead-assignments} and {@code lead-outcomes}: who owns each lead now. It turns
 * assignments and closing outcomes into load changes per rep (active load = assignments minus closing outcomes),
 * and runs the SLA timer (seed 002: not contacted within 2 h → re-route to the backup rep); a CONTACTED outcome,
 * or any later one, stops the timer. It alone knows both how a lead was assigned and what became of it, so it also
 * sends the ops dashboard's per-pool figures (assignment latency and funnel by claim source) as deltas keyed by pool.
 *
 * <p>Due SLA timers sit in an index keyed by (due time, lead id), range-scanned up to now, so a check costs what is
 * due, not the number of leads.
 */
final class LeadOwnershipProcessor implements Processor<String, LeadOwnershipProcessor.Event, String, LeadOwnershipProcessor.Output> {

  /** An assignment or an outcome of one lead. */
  record Event(LeadAssignment assignment, LeadOutcome outcome) {}

  /** A load change for a rep, a re-routing request, or a change to a pool's figures. */
  record Output(RepLoadDelta loadDelta, RoutingRequest reroute, PoolStatsDelta poolStats) {
    Output(RepLoadDelta loadDelta, RoutingRequest reroute) {
      this(loadDelta, reroute, null);
    }
  }

  /** Outcomes after which a lead no longer counts towards its rep's active load. */
  static final Set<OutcomeType> CLOSING = Set.of(OutcomeType.OPPORTUNITY, OutcomeType.WON, OutcomeType.LOST,
      OutcomeType.DISQUALIFIED, OutcomeType.RECYCLED);

  private final RoutingConfig config;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, LeadOwnership> owners;
  private KeyValueStore<String, String> slaDue;
  private TimestampedKeyValueStore<String, Rep> reps;
  private ActiveRoutingRules rules;
  private RoutingMetrics metrics;

  LeadOwnershipProcessor(RoutingConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.owners = context.getStateStore(RoutingTopology.LEAD_OWNERSHIP_STORE);
    this.slaDue = context.getStateStore(RoutingTopology.SLA_DUE_STORE);
    this.reps = context.getStateStore(RoutingTopology.REPS_STORE);
    KeyValueStore<String, ConfigDocument> documents = context.getStateStore(RoutingTopology.ROUTING_CONFIG_STORE);
    this.rules = new ActiveRoutingRules(documents, config.rules());
    this.metrics = new RoutingMetrics(context.metrics(), Meters.from(context.appConfigs()));
    context.schedule(config.slaCheckInterval(), config.timerMode().punctuationType(), this::rerouteOverdue);
  }

  @Override
  public void process(Record<String, Event> record) {
    if (record.value().assignment() != null) {
      onAssignment(record.key(), record.value().assignment(), record.timestamp());
    } else {
      onOutcome(record.key(), record.value().outcome(), record.timestamp());
    }
  }

  private void onAssignment(String leadId, LeadAssignment assignment, long timestamp) {
    LeadOwnership previous = owners.get(leadId);
    if (previous != null && previous.getAssignment().getAssignmentId().equals(assignment.getAssignmentId())) {
      return; // the same assignment read twice (e.g. replayed): counted already
    }
    int reroutes = 0;
    if (previous != null) {
      cancelSla(previous, leadId);
      reroutes = previous.getReroutes() + (assignment.getMethod() == AssignmentMethod.SLA_REROUTE ? 1 : 0);
      if (!previous.getClosed()) {
        forwardDelta(previous.getAssignment().getRepId(), -1, 0, timestamp);
      }
    }
    long now = timerNow(timestamp);
    Long due = reroutes < rules.current().maxReroutes()
        ? now + rules.current().slaTimer(assignment.getPriority()).toMillis() : null;
    LeadOwnership ownership = LeadOwnership.newBuilder()
        .setAssignment(assignment).setContacted(false).setClosed(false).setSlaDueAt(due).setReroutes(reroutes).build();
    owners.put(leadId, ownership);
    if (due != null) {
      slaDue.put(dueKey(due, leadId), leadId);
    }
    forwardDelta(assignment.getRepId(), 1, 1, timestamp);
    forwardPoolStats(assignment, 1, assignment.getAssignedAt().toEpochMilli() - assignment.getEventTime().toEpochMilli(),
        null, timestamp);
  }

  private void onOutcome(String leadId, LeadOutcome outcome, long timestamp) {
    LeadOwnership ownership = owners.get(leadId);
    if (ownership == null || outcome.getType() == OutcomeType.UNKNOWN) {
      return;
    }
    boolean closes = CLOSING.contains(outcome.getType()) && !ownership.getClosed();
    if (!ownership.getContacted()) {
      LeadAssignment assignment = ownership.getAssignment();
      metrics.responded(assignment.getPriority(),
          java.time.Duration.ofMillis(timestamp - assignment.getAssignedAt().toEpochMilli()));
      cancelSla(ownership, leadId); // any outcome means the rep got in touch
      ownership.setContacted(true);
      ownership.setSlaDueAt(null);
      notifyPool(ownership.getAssignment(), timestamp);
    }
    List<String> reached = new ArrayList<>(ownership.getMilestones());
    for (String milestone : ClaimSources.reached(outcome.getType().name())) {
      if (!reached.contains(milestone)) {
        reached.add(milestone);
        forwardPoolStats(ownership.getAssignment(), 0, null, milestone, timestamp);
      }
    }
    ownership.setMilestones(reached);
    if (closes) {
      ownership.setClosed(true);
      forwardDelta(ownership.getAssignment().getRepId(), -1, 0, timestamp);
    }
    owners.put(leadId, ownership);
  }

  /** Re-routes every lead whose SLA fell due up to {@code now} and that nobody contacted. */
  private void rerouteOverdue(long now) {
    List<String> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = slaDue.range(dueKey(0, ""), dueKey(now, "\uffff"))) {
      it.forEachRemaining(entry -> due.add(entry.key));
    }
    for (String key : due) {
      String leadId = slaDue.get(key);
      slaDue.delete(key);
      LeadOwnership ownership = owners.get(leadId);
      if (ownership == null || ownership.getContacted() || ownership.getClosed()) {
        continue;
      }
      ownership.setSlaDueAt(null);
      owners.put(leadId, ownership);
      metrics.slaRerouted(ownership.getAssignment().getPriority());
      reroute(ownership.getAssignment(), now);
    }
  }

  /**
   * To the backup rep if the owner names one; otherwise back to the pool without the owner (an account owner's
   * lead goes to the general pool). Either way the new assignment says who had it and why.
   */
  private void reroute(LeadAssignment assignment, long now) {
    RoutingRules current = rules.current();
    Rep owner = rep(assignment.getRepId());
    String backup = owner == null ? null : owner.getBackupRepId();
    String reason = "sla: not contacted within " + current.sla().getOrDefault(assignment.getPriority(), "2h")
        + " by " + assignment.getRepId();
    boolean directPool = RouteResolver.DIRECT_POOL.equals(assignment.getPoolId());
    String pool = directPool ? current.generalPool() : assignment.getPoolId();
    LeadStageChange change = LeadStageChange.newBuilder()
        .setLeadId(assignment.getLeadId())
        .setFromStage(assignment.getStage())
        .setToStage(assignment.getStage())
        .setReason(reason)
        .setTotalScore(assignment.getTotalScore())
        .setOccurredAt(assignment.getEventTime())
        .setLead(assignment.getLead())
        .build();
    boolean toBackup = backup != null && rep(backup) != null && rep(backup).getActive();
    RoutingRequest request = RoutingRequest.newBuilder()
        .setChange(change)
        .setPoolId(toBackup ? RouteResolver.DIRECT_POOL : pool)
        .setDirectRepId(toBackup ? backup : null)
        .setMethod(AssignmentMethod.SLA_REROUTE)
        .setRule(toBackup ? "sla-backup" : "sla-pool")
        .setFallback(reason)
        .setExcludedRepIds(List.of(assignment.getRepId()))
        .setPreviousRepId(assignment.getRepId())
        .setNotes(List.of(new SkippedRep(assignment.getRepId(), reason)))
        .setConfigVersion(current.version())
        .build();
    String key = toBackup ? RouteResolver.DIRECT_POOL + ":" + backup : pool;
    context.forward(new Record<>(key, new Output(null, request), now));
  }

  /**
   * A lead taken from a pull pool (claim or escalation) was contacted: the pool, keyed by pool id like routing
   * requests, stops its lock and escalation timers and the rep's hoarding count.
   */
  private void notifyPool(LeadAssignment assignment, long timestamp) {
    AssignmentMethod method = assignment.getMethod();
    if (method != AssignmentMethod.CLAIM && method != AssignmentMethod.ESCALATION) {
      return;
    }
    LeadStageChange change = LeadStageChange.newBuilder()
        .setLeadId(assignment.getLeadId())
        .setFromStage(assignment.getStage())
        .setToStage(assignment.getStage())
        .setReason("contacted")
        .setTotalScore(assignment.getTotalScore())
        .setOccurredAt(assignment.getEventTime())
        .build();
    RoutingRequest notice = RoutingRequest.newBuilder()
        .setChange(change)
        .setPoolId(assignment.getPoolId())
        .setMethod(method)
        .setRule("pool-contact-notice")
        .setContactedRepId(assignment.getRepId())
        .setConfigVersion(rules.current().version())
        .build();
    context.forward(new Record<>(assignment.getPoolId(), new Output(null, notice), timestamp));
  }

  private void cancelSla(LeadOwnership ownership, String leadId) {
    if (ownership.getSlaDueAt() != null) {
      slaDue.delete(dueKey(ownership.getSlaDueAt(), leadId));
    }
  }

  private void forwardDelta(String repId, int active, int assigned, long timestamp) {
    RepLoadDelta delta = new RepLoadDelta(repId, active, assigned, Instant.ofEpochMilli(timestamp));
    context.forward(new Record<>(repId, new Output(delta, null), timestamp));
  }

  /** Counted under the pool of the assignment the lead has now: a re-assigned lead's later outcomes go to its new source. */
  private void forwardPoolStats(LeadAssignment assignment, int assigned, Long latencyMillis, String milestone, long timestamp) {
    PoolStatsDelta delta = PoolStatsDelta.newBuilder()
        .setPoolId(assignment.getPoolId())
        .setSource(ClaimSources.of(assignment.getMethod().name(), assignment.getDecision().getRuleMatched()))
        .setAssigned(assigned)
        .setLatencyMillis(latencyMillis == null ? null : Math.max(0, latencyMillis))
        .setMilestone(milestone)
        .setAt(Instant.ofEpochMilli(timestamp))
        .build();
    context.forward(new Record<>(assignment.getPoolId(), new Output(null, null, delta), timestamp));
  }

  private long timerNow(long recordTimestamp) {
    return config.timerMode() == TimerMode.STREAM_TIME ? recordTimestamp : context.currentSystemTimeMs();
  }

  private Rep rep(String repId) {
    ValueAndTimestamp<Rep> rep = reps.get(repId);
    return rep == null ? null : rep.value();
  }

  /** Zero-padded so that string order is time order. */
  static String dueKey(long dueAt, String leadId) {
    return TimeKeys.zeroPadded(dueAt, 19) + AssignRepProcessor.KEY_SEPARATOR + leadId;
  }
}
