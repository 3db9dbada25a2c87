package io.leadflow.routing;

import io.leadflow.avro.AccountType;
import io.leadflow.avro.AlertType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolCommandType;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolEventType;
import io.leadflow.avro.PoolLead;
import io.leadflow.avro.PoolLeadState;
import io.leadflow.avro.PoolRepState;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.platform.observability.EventLog;
import io.leadflow.platform.observability.Meters;
import io.leadflow.platform.streams.TimeKeys;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.routing.rules.PoolRules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * The pull pool (seed 001), by pool, in the same task as the pool's push decisions: routing requests and the
 * pool's commands ({@code pool-commands}, key = pool id) arrive at one task, so a claim and everything else that
 * happens to the pool are processed one at a time and exactly once: of two claims for one lead the first wins.
 *
 * <p>A routing request for a pool with {@code pull} settings is pushed on to {@code assign-rep} when the hybrid
 * rule says so (strategic account, score at or above the push threshold, push stage); otherwise the lead enters the
 * pool. Claims lock the lead and produce an assignment (method CLAIM); a lock lapses if the rep does not get in touch
 * (a contact notice from {@code track-ownership}) in time. Unclaimed leads are auto-assigned through the push path,
 * then sent to the manager for review. Timers sit in a due index keyed by (due time, step, pool, lead).
 */
final class PoolProcessor implements Processor<String, PoolProcessor.Input, String, PoolProcessor.Output> {

  /** A routing request (or contact notice) or a pool command. */
  record Input(RoutingRequest request, PoolCommand command) {}

  /**
   * One of: a request for {@code assign-rep} (pushed or escalated), an assignment made by a claim, a pool event, or
   * an alert that goes with no assignment (lapsed claim, manager review).
   */
  record Output(RoutingRequest push, RoutingResult claim, PoolEvent event, RepAlert alert) {}

  private static final char SEP = AssignRepProcessor.KEY_SEPARATOR;
  private static final String LOCK = "1lock";
  private static final String AUTO = "2auto";
  private static final String REVIEW = "3review";

  private final RoutingConfig config;
  private ProcessorContext<String, Output> context;
  private KeyValueStore<String, PoolLead> leads;
  private KeyValueStore<String, String> queue;
  private KeyValueStore<String, String> due;
  private KeyValueStore<String, PoolRepState> repStates;
  private TimestampedKeyValueStore<String, Rep> reps;
  private ActiveRoutingRules rules;
  private RoutingMetrics metrics;
  /** Pools with a gauge from this task, so one that empties reads 0 instead of its last size. */
  private final Set<String> observedPools = new HashSet<>();

  PoolProcessor(RoutingConfig config) {
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, Output> context) {
    this.context = context;
    this.leads = context.getStateStore(RoutingTopology.POOL_LEADS_STORE);
    this.queue = context.getStateStore(RoutingTopology.POOL_QUEUE_STORE);
    this.due = context.getStateStore(RoutingTopology.POOL_DUE_STORE);
    this.repStates = context.getStateStore(RoutingTopology.POOL_REP_STATE_STORE);
    this.reps = context.getStateStore(RoutingTopology.REPS_STORE);
    KeyValueStore<String, ConfigDocument> documents = context.getStateStore(RoutingTopology.ROUTING_CONFIG_STORE);
    this.rules = new ActiveRoutingRules(documents, config.rules());
    this.metrics = new RoutingMetrics(context.metrics(), Meters.from(context.appConfigs()));
    context.schedule(config.poolCheckInterval(), config.timerMode().punctuationType(), this::fireDue);
  }

  @Override
  public void process(Record<String, Input> record) {
    long now = config.timerMode() == TimerMode.STREAM_TIME ? record.timestamp() : context.currentSystemTimeMs();
    if (record.value().command() != null) {
      onCommand(record.key(), record.value().command(), now);
      return;
    }
    RoutingRequest request = record.value().request();
    if (request.getContactedRepId() != null) {
      onContact(request, now);
      return;
    }
    if (request.getDirectRepId() != null) {
      push(record.key(), request, record.timestamp());
      return;
    }
    String pool = request.getPoolId();
    PoolLead held = leads.get(leadKey(pool, request.getChange().getLeadId()));
    if (held != null && held.getState() != PoolLeadState.ESCALATED) {
      return; // the pool holds this lead (an SLA re-route of a lapsed claim, or a replay): it stays there
    }
    PullSettings pull = rules.current().pool(pool).pull();
    if (pull == null || request.getMethod() == AssignmentMethod.SLA_REROUTE) {
      push(record.key(), request, record.timestamp());
      return;
    }
    PoolRules.Entry entry = PoolRules.entry(pull.policy(), facts(request));
    if (entry.push()) {
      push(record.key(), request, record.timestamp());
    } else {
      enter(pool, request, pull, entry.reason(), now);
    }
  }

  private void push(String key, RoutingRequest request, long timestamp) {
    context.forward(new Record<>(key, new Output(request, null, null, null), timestamp));
  }

  private void enter(String pool, RoutingRequest request, PullSettings pull, String reason, long now) {
    String leadId = request.getChange().getLeadId();
    EnrichedLead lead = request.getChange().getLead();
    Optional<Duration> auto = pull.autoAssignAfter();
    Optional<Duration> review = pull.managerReviewAfter();
    PoolLead entry = PoolLead.newBuilder()
        .setPoolId(pool)
        .setLeadId(leadId)
        .setState(PoolLeadState.OPEN)
        .setEnteredAt(Instant.ofEpochMilli(now))
        .setCompanyName(lead == null ? null : lead.getCompanyName())
        .setIndustry(lead == null || lead.getFirmographics() == null ? null : lead.getFirmographics().getIndustry())
        .setSegment(lead == null ? io.leadflow.avro.Segment.UNKNOWN : lead.getSegment())
        .setEmployeeCount(lead == null || lead.getFirmographics() == null ? null
            : lead.getFirmographics().getEmployeeCount())
        .setSource(lead == null ? null : lead.getProfile().getLeadSource())
        .setScore(request.getChange().getTotalScore())
        .setAutoAssignDueAt(auto.map(d -> now + d.toMillis()).orElse(null))
        .setReviewDueAt(review.map(d -> now + d.toMillis()).orElse(null))
        .setRequest(request)
        .build();
    leads.put(leadKey(pool, leadId), entry);
    queue.put(queueKey(entry), leadId);
    if (entry.getAutoAssignDueAt() != null) {
      due.put(dueKey(entry.getAutoAssignDueAt(), AUTO, pool, leadId), leadId);
    }
    if (entry.getReviewDueAt() != null) {
      due.put(dueKey(entry.getReviewDueAt(), REVIEW, pool, leadId), leadId);
    }
    event(pool, leadId, PoolEventType.ENTERED, null, reason, null, now);
  }

  // ---- commands ----

  private void onCommand(String key, PoolCommand command, long now) {
    String malformed = malformed(key, command);
    if (malformed != null) {
      // Thrown before any state changes: the processing exception handler sends the command to the DLQ with this
      // message in its headers, and the stream goes on.
      throw new IllegalArgumentException("malformed pool command: " + malformed);
    }
    String pool = command.getPoolId();
    PullSettings pull = rules.current().pools().containsKey(pool) ? rules.current().pool(pool).pull() : null;
    String leadId = command.getLeadId() == null ? "" : command.getLeadId();
    if (pull == null) {
      reject(command, leadId, "pool " + pool + " is not a pull pool", now);
      return;
    }
    Rep rep = rep(command.getRepId());
    if (rep == null) {
      reject(command, leadId, "unknown rep " + command.getRepId(), now);
      return;
    }
    if (!rep.getActive()) {
      reject(command, leadId, "rep " + rep.getRepId() + " is not active", now);
      return;
    }
    if (!rep.getPools().contains(pool)) {
      reject(command, leadId, "rep " + rep.getRepId() + " is not a member of pool " + pool, now);
      return;
    }
    switch (command.getType()) {
      case CLAIM -> claim(command, rep, pull, leadId, false, now);
      case TAKE_NEXT -> takeNext(command, rep, pull, now);
      case RELEASE -> release(command, leadId, now);
      default -> throw new IllegalStateException("unreachable: " + command.getType());
    }
  }

  private static String malformed(String key, PoolCommand command) {
    if (command == null) {
      return "no value";
    }
    if (command.getType() == null || command.getType() == PoolCommandType.UNKNOWN) {
      return "unknown command type";
    }
    if (blank(command.getCommandId())) {
      return "commandId is missing";
    }
    if (blank(command.getRepId())) {
      return "repId is missing";
    }
    if (blank(command.getPoolId())) {
      return "poolId is missing";
    }
    if (!command.getPoolId().equals(key)) {
      return "record key '" + key + "' is not the command's poolId '" + command.getPoolId()
          + "' (pool-commands is keyed by pool id)";
    }
    if (command.getType() != PoolCommandType.TAKE_NEXT && blank(command.getLeadId())) {
      return command.getType() + " needs a leadId";
    }
    return null;
  }

  private void takeNext(PoolCommand command, Rep rep, PullSettings pull, long now) {
    PoolRules.Policy policy = pull.policy();
    PoolRules.AccessDecision access = policy.access().accessOf(profile(rep), day(now));
    if (access.level() == PoolRules.Access.AUTO) {
      reject(command, "", "no pull access in this pool (" + access.reason() + "); leads are assigned to you", now);
      return;
    }
    String next = oldestEligible(command.getPoolId(), policy, access);
    if (next == null) {
      reject(command, "", "no open lead you may take in pool " + command.getPoolId(), now);
      return;
    }
    claim(command, rep, pull, next, true, now);
  }

  private void claim(PoolCommand command, Rep rep, PullSettings pull, String leadId, boolean takeNext, long now) {
    String pool = command.getPoolId();
    PoolLead lead = leads.get(leadKey(pool, leadId));
    if (lead == null || lead.getState() == PoolLeadState.ESCALATED) {
      reject(command, leadId, "lead " + leadId + " is not in pool " + pool
          + (lead == null ? "" : " any more: it was auto-assigned"), now);
      return;
    }
    PoolRules.Policy policy = pull.policy();
    PoolRules.AccessDecision access = policy.access().accessOf(profile(rep), day(now));
    String holder = lead.getState() == PoolLeadState.LOCKED ? lead.getClaimedBy() : null;
    PoolRepState state = repState(pool, rep.getRepId(), now);
    PoolRules.Verdict verdict = PoolRules.checkClaim(policy, rep.getRepId(), access, facts(lead), holder,
        holder == null ? oldestEligible(pool, policy, access) : null, takeNext,
        new PoolRules.RepClaims(state.getHeldLeadIds().size(), state.getClaimsToday(), state.getLowScoreClaimsToday(),
            state.getSkipsInRow()));
    if (!verdict.allowed()) {
      reject(command, leadId, verdict.reason(), now);
      return;
    }
    queue.delete(queueKey(lead));
    long lockDue = now + pull.lockDuration().toMillis();
    lead.setState(PoolLeadState.LOCKED);
    lead.setClaimedBy(rep.getRepId());
    lead.setClaimedAt(Instant.ofEpochMilli(now));
    lead.setLockDueAt(lockDue);
    leads.put(leadKey(pool, leadId), lead);
    due.put(dueKey(lockDue, LOCK, pool, leadId), leadId);

    List<String> held = new ArrayList<>(state.getHeldLeadIds());
    held.add(leadId);
    state.setHeldLeadIds(held);
    state.setClaimsToday(state.getClaimsToday() + 1);
    state.setLowScoreClaimsToday(state.getLowScoreClaimsToday() + (verdict.lowScore() ? 1 : 0));
    state.setSkipsInRow(verdict.skip() ? state.getSkipsInRow() + 1 : 0);
    state.setTotalClaims(state.getTotalClaims() + 1);
    repStates.put(leadKey(pool, rep.getRepId()), state);

    String note = verdict.warnings().isEmpty() ? null : "reported: " + String.join("; ", verdict.warnings());
    event(pool, leadId, PoolEventType.CLAIMED, rep.getRepId(), note, command.getCommandId(), now);
    RoutingDecision decision = RoutingDecision.newBuilder()
        .setRuleMatched(takeNext ? "pool-take-next" : "pool-claim")
        .setPoolId(pool)
        .setWeightModel("pull:" + policy.mode().name().toLowerCase(Locale.ROOT))
        .setLeadNumberInWindow(0)
        .setCandidates(List.of(new Candidate(rep.getRepId(), 1.0, (long) state.getClaimsToday() - 1)))
        .setSkipped(lead.getRequest().getNotes())
        .setFallback(note)
        .setConfigVersion(rules.current().version())
        .build();
    LeadAssignment assignment = assignment(lead, rep, decision, now);
    metrics.assigned(AssignmentMethod.CLAIM, null, rep.getRepId(), null);
    if (EventLog.LOG.isInfoEnabled()) {
      EventLog.LOG.atInfo().addKeyValue("event", "assignment").addKeyValue("leadId", leadId)
          .addKeyValue("repId", rep.getRepId()).addKeyValue("method", AssignmentMethod.CLAIM).addKeyValue("pool", pool)
          .log("lead {} claimed by {} (pool {})", leadId, rep.getRepId(), pool);
    }
    context.forward(new Record<>(leadId, new Output(null,
        new RoutingResult(assignment, Alerts.forAssignment(assignment, rep, AlertType.ASSIGNMENT)), null, null), now));
  }

  private LeadAssignment assignment(PoolLead lead, Rep rep, RoutingDecision decision, long now) {
    LeadStageChange change = lead.getRequest().getChange();
    Priority priority = rules.current().trigger().highPriority().contains(change.getToStage())
        ? Priority.HIGH : Priority.NORMAL;
    return LeadAssignment.newBuilder()
        .setAssignmentId(change.getLeadId() + "@" + rep.getRepId())
        .setLeadId(change.getLeadId())
        .setRepId(rep.getRepId())
        .setPoolId(lead.getPoolId())
        .setMethod(AssignmentMethod.CLAIM)
        .setPriority(priority)
        .setStage(change.getToStage())
        .setTotalScore(change.getTotalScore())
        .setDecision(decision)
        .setPreviousRepId(lead.getLastClaimantRepId())
        .setLead(change.getLead())
        .setEventTime(change.getOccurredAt())
        .setAssignedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private void release(PoolCommand command, String leadId, long now) {
    PoolLead lead = leads.get(leadKey(command.getPoolId(), leadId));
    if (lead == null || lead.getState() != PoolLeadState.LOCKED || !command.getRepId().equals(lead.getClaimedBy())) {
      reject(command, leadId, "release refused: you do not hold lead " + leadId, now);
      return;
    }
    due.delete(dueKey(lead.getLockDueAt(), LOCK, lead.getPoolId(), leadId));
    unlock(lead, PoolEventType.RELEASED, "released by " + command.getRepId(), command.getCommandId(), now);
  }

  /** The lead goes back to its old place in the queue, and escalation steps that fell due meanwhile run next. */
  private void unlock(PoolLead lead, PoolEventType type, String reason, String commandId, long now) {
    String repId = lead.getClaimedBy();
    lead.setState(PoolLeadState.OPEN);
    lead.setLastClaimantRepId(repId);
    lead.setClaimedBy(null);
    lead.setClaimedAt(null);
    lead.setLockDueAt(null);
    queue.put(queueKey(lead), lead.getLeadId());
    if (lead.getAutoAssignDueAt() != null && lead.getAutoAssignDueAt() <= now) {
      lead.setAutoAssignDueAt(now);
      due.put(dueKey(now, AUTO, lead.getPoolId(), lead.getLeadId()), lead.getLeadId());
    }
    if (lead.getReviewDueAt() != null && lead.getReviewDueAt() <= now) {
      lead.setReviewDueAt(now);
      due.put(dueKey(now, REVIEW, lead.getPoolId(), lead.getLeadId()), lead.getLeadId());
    }
    leads.put(leadKey(lead.getPoolId(), lead.getLeadId()), lead);
    PoolRepState state = repState(lead.getPoolId(), repId, now);
    List<String> held = new ArrayList<>(state.getHeldLeadIds());
    held.remove(lead.getLeadId());
    state.setHeldLeadIds(held);
    if (type == PoolEventType.LOCK_EXPIRED) {
      state.setLapsedClaims(state.getLapsedClaims() + 1);
    }
    repStates.put(leadKey(lead.getPoolId(), repId), state);
    event(lead.getPoolId(), lead.getLeadId(), type, repId, reason, commandId, now);
  }

  private void reject(PoolCommand command, String leadId, String reason, long now) {
    event(command.getPoolId(), leadId, PoolEventType.CLAIM_REJECTED, command.getRepId(), reason,
        command.getCommandId(), now);
  }

  // ---- contact notices ----

  /** The rep got in touch with a lead they took from this pool: its lock and escalation are over. */
  private void onContact(RoutingRequest notice, long now) {
    String pool = notice.getPoolId();
    String leadId = notice.getChange().getLeadId();
    String repId = notice.getContactedRepId();
    PoolLead lead = leads.get(leadKey(pool, leadId));
    if (lead == null) {
      return;
    }
    switch (lead.getState()) {
      case LOCKED -> {
        if (!repId.equals(lead.getClaimedBy())) {
          return; // contact by a rep who no longer holds it: the current claim stands
        }
        forgetHeld(pool, repId, leadId, now);
        leads.delete(leadKey(pool, leadId));
      }
      case ESCALATED -> leads.delete(leadKey(pool, leadId));
      default -> {
        if (repId.equals(lead.getLastClaimantRepId())) {
          // Their lock had lapsed, but nobody else took the lead and the CRM still has it with them.
          queue.delete(queueKey(lead));
          leads.delete(leadKey(pool, leadId));
          event(pool, leadId, PoolEventType.CLAIMED, repId, "contacted after the lock lapsed; stays with " + repId,
              null, now);
        }
      }
    }
  }

  private void forgetHeld(String pool, String repId, String leadId, long now) {
    PoolRepState state = repState(pool, repId, now);
    List<String> held = new ArrayList<>(state.getHeldLeadIds());
    held.remove(leadId);
    state.setHeldLeadIds(held);
    repStates.put(leadKey(pool, repId), state);
  }

  // ---- timers ----

  /** Fires every lock expiry and escalation step due up to {@code now}; cost grows with what is due. */
  private void fireDue(long now) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, String> it = due.range(TimeKeys.zeroPadded(0L, 19),
        TimeKeys.zeroPadded(now, 19) + SEP + "\uffff")) {
      it.forEachRemaining(entry -> keys.add(entry.key));
    }
    for (String key : keys) {
      due.delete(key);
      String[] parts = key.split(String.valueOf(SEP), 4);
      long dueAt = Long.parseLong(parts[0]);
      PoolLead lead = leads.get(leadKey(parts[2], parts[3]));
      if (lead == null) {
        continue; // the lead left the pool: a stale timer
      }
      switch (parts[1]) {
        case LOCK -> {
          if (lead.getState() == PoolLeadState.LOCKED && lead.getLockDueAt() == dueAt) {
            expire(lead, now);
          }
        }
        case AUTO -> {
          if (eq(lead.getAutoAssignDueAt(), dueAt) && isOpen(lead)) {
            autoAssign(lead, now);
          } // while locked the step waits: unlock re-arms it
        }
        case REVIEW -> {
          if (eq(lead.getReviewDueAt(), dueAt) && lead.getState() != PoolLeadState.LOCKED) {
            review(lead, now);
          }
        }
        default -> throw new IllegalStateException("unknown pool timer " + parts[1]);
      }
    }
    observePools(now);
  }

  /**
   * Pool size and the age of its oldest unclaimed lead, for the gauges. The queue holds exactly the unclaimed leads,
   * ordered by pool and entry time, so one pass over its keys (no values decoded) gives both; it runs once per check
   * interval, and every pool lives in one task.
   */
  private void observePools(long now) {
    Map<String, long[]> seen = new HashMap<>();
    try (KeyValueIterator<String, String> it = queue.all()) {
      while (it.hasNext()) {
        String[] parts = it.next().key.split(String.valueOf(SEP), 3);
        long[] sizeAndOldest = seen.computeIfAbsent(parts[0], pool -> new long[] {0, Long.parseLong(parts[1])});
        sizeAndOldest[0]++;
      }
    }
    observedPools.forEach(pool -> seen.putIfAbsent(pool, new long[] {0, now}));
    seen.forEach((pool, sizeAndOldest) ->
        metrics.poolObserved(pool, sizeAndOldest[0], Duration.ofMillis(Math.max(0, now - sizeAndOldest[1]))));
    observedPools.clear();
    observedPools.addAll(seen.keySet());
  }

  private void expire(PoolLead lead, long now) {
    String repId = lead.getClaimedBy();
    PullSettings pull = rules.current().pool(lead.getPoolId()).pull();
    String lock = pull == null ? "its lock time" : format(pull.lockDuration());
    unlock(lead, PoolEventType.LOCK_EXPIRED, "not contacted within " + lock + " of the claim", null, now);
    Rep rep = rep(repId);
    if (rep != null) {
      alert(rep, AlertType.CLAIM_EXPIRY, lead, "your claim lapsed: not contacted within " + lock
          + "; the lead is back in pool " + lead.getPoolId(), now);
    }
  }

  /** Seed 001: unclaimed after 30 minutes → the next rep by the push rule (so fairness counts stay right). */
  private void autoAssign(PoolLead lead, long now) {
    PullSettings pull = rules.current().pool(lead.getPoolId()).pull();
    String after = pull == null ? "its escalation time" : pull.autoAssignAfter().map(PoolProcessor::format).orElse("?");
    String reason = "unclaimed in pool " + lead.getPoolId() + " for " + after;
    queue.delete(queueKey(lead));
    lead.setState(PoolLeadState.ESCALATED);
    leads.put(leadKey(lead.getPoolId(), lead.getLeadId()), lead);
    RoutingRequest request = RoutingRequest.newBuilder(lead.getRequest())
        .setMethod(AssignmentMethod.ESCALATION)
        .setRule("pool-escalation")
        .setFallback(reason)
        .setPreviousRepId(lead.getLastClaimantRepId())
        .build();
    event(lead.getPoolId(), lead.getLeadId(), PoolEventType.ESCALATED_AUTO_ASSIGN, null, reason, null, now);
    push(lead.getPoolId(), request, now);
    if (lead.getReviewDueAt() == null) {
      leads.delete(leadKey(lead.getPoolId(), lead.getLeadId())); // no later step: the pool is done with it
    }
  }

  /** Seed 001: after 60 minutes the manager reviews a lead nobody claimed or, once auto-assigned, contacted. */
  private void review(PoolLead lead, long now) {
    PullSettings pull = rules.current().pool(lead.getPoolId()).pull();
    String after = pull == null ? "its review time" : pull.managerReviewAfter().map(PoolProcessor::format).orElse("?");
    String managerId = pull == null ? null : pull.manager();
    Rep manager = managerId == null ? null : rep(managerId);
    String reason = (lead.getState() == PoolLeadState.ESCALATED ? "auto-assigned but not contacted" : "not claimed")
        + " within " + after + " of entering pool " + lead.getPoolId()
        + (manager == null ? "; no manager to alert (set pull.escalation.manager)" : "");
    event(lead.getPoolId(), lead.getLeadId(), PoolEventType.ESCALATED_MANAGER_REVIEW, managerId, reason, null, now);
    if (manager != null) {
      alert(manager, AlertType.MANAGER_REVIEW, lead, reason, now);
    }
    if (lead.getState() == PoolLeadState.ESCALATED) {
      leads.delete(leadKey(lead.getPoolId(), lead.getLeadId()));
    } else {
      lead.setState(PoolLeadState.REVIEW); // still claimable; the manager decides
      leads.put(leadKey(lead.getPoolId(), lead.getLeadId()), lead);
    }
  }

  // ---- helpers ----

  /** The oldest open lead this rep may see: the queue head, or the first in their filtered view. */
  private String oldestEligible(String pool, PoolRules.Policy policy, PoolRules.AccessDecision access) {
    try (KeyValueIterator<String, String> it = queue.range(pool + SEP, pool + SEP + "\uffff")) {
      while (it.hasNext()) {
        String leadId = it.next().value;
        PoolLead lead = leads.get(leadKey(pool, leadId));
        if (lead != null && policy.access().hides(access, facts(lead)) == null) {
          return leadId;
        }
      }
    }
    return null;
  }

  private PoolRepState repState(String pool, String repId, long now) {
    String today = day(now).toString();
    PoolRepState state = repStates.get(leadKey(pool, repId));
    if (state == null) {
      return PoolRepState.newBuilder().setPoolId(pool).setRepId(repId).setDay(today).build();
    }
    if (!today.equals(state.getDay())) {
      state.setDay(today);
      state.setClaimsToday(0);
      state.setLowScoreClaimsToday(0);
    }
    return state;
  }

  private void event(String pool, String leadId, PoolEventType type, String repId, String reason, String commandId,
      long now) {
    String id = commandId != null ? commandId + ":" + type.name().toLowerCase(Locale.ROOT)
        : type.name().toLowerCase(Locale.ROOT) + ":" + pool + ":" + leadId + ":" + now;
    PoolEvent event = PoolEvent.newBuilder()
        .setEventId(id).setPoolId(pool).setLeadId(leadId).setType(type).setRepId(repId).setReason(reason)
        .setCommandId(commandId).setOccurredAt(Instant.ofEpochMilli(now)).build();
    context.forward(new Record<>(pool, new Output(null, null, event, null), now));
  }

  private void alert(Rep rep, AlertType type, PoolLead lead, String reason, long now) {
    RepAlert alert = Alerts.forPool(rep, type, lead.getPoolId(), lead.getLeadId(), lead.getCompanyName(),
        lead.getScore(), reason, now);
    context.forward(new Record<>(rep.getRepId(), new Output(null, null, null, alert), now));
  }

  private static PoolRules.LeadFacts facts(RoutingRequest request) {
    EnrichedLead lead = request.getChange().getLead();
    boolean strategic = lead != null && lead.getAccount() != null && (lead.getAccount().getStrategic()
        || lead.getAccount().getType() == AccountType.CUSTOMER || lead.getAccount().getType() == AccountType.NAMED);
    return new PoolRules.LeadFacts(request.getChange().getLeadId(), request.getChange().getTotalScore(),
        request.getChange().getToStage().name(), lead == null ? null : lead.getSegment().name(),
        lead == null || lead.getFirmographics() == null ? null : lead.getFirmographics().getIndustry(), strategic);
  }

  private static PoolRules.LeadFacts facts(PoolLead lead) {
    return new PoolRules.LeadFacts(lead.getLeadId(), lead.getScore(), lead.getRequest().getChange().getToStage().name(),
        lead.getSegment().name(), lead.getIndustry(), false);
  }

  private static PoolRules.RepProfile profile(Rep rep) {
    return new PoolRules.RepProfile(rep.getRepId(), rep.getTier(), rep.getConversionRate(), rep.getStartDate());
  }

  private Rep rep(String repId) {
    ValueAndTimestamp<Rep> rep = repId == null ? null : reps.get(repId);
    return rep == null ? null : rep.value();
  }

  private static boolean isOpen(PoolLead lead) {
    return lead.getState() == PoolLeadState.OPEN || lead.getState() == PoolLeadState.REVIEW;
  }

  private static boolean eq(Long value, long expected) {
    return value != null && value == expected;
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  private static LocalDate day(long now) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
  }

  private static String format(Duration duration) {
    return duration.toSeconds() % 60 == 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
  }

  /** Store key of a pool's lead (or rep): the pool first, so one pool's entries are one prefix range. */
  static String leadKey(String pool, String id) {
    return pool + SEP + id;
  }

  /** Zero-padded entry time, so key order is queue order; ties by lead id. */
  static String queueKey(PoolLead lead) {
    return lead.getPoolId() + SEP + TimeKeys.zeroPadded(lead.getEnteredAt().toEpochMilli(), 19) + SEP + lead.getLeadId();
  }

  static String dueKey(long dueAt, String step, String pool, String leadId) {
    return TimeKeys.zeroPadded(dueAt, 19) + SEP + step + SEP + pool + SEP + leadId;
  }
}
