package io.leadflow.routing;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.AssignmentMethod;
import io.leadflow.avro.Candidate;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.PoolRepWindowCount;
import io.leadflow.avro.Priority;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepWeight;
import io.leadflow.avro.RoutingDecision;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.avro.SkippedRep;
import io.leadflow.platform.observability.EventLog;
import io.leadflow.platform.observability.Meters;
import io.leadflow.platform.streams.StoreChanges;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.routing.rules.AbsencePolicy;
import io.leadflow.routing.rules.ChairmanAssignment;
import io.leadflow.routing.rules.ComputedWeight;
import io.leadflow.routing.rules.Eligibility;
import io.leadflow.routing.rules.EligibilitySettings;
import io.leadflow.routing.rules.RepAvailability;
import io.leadflow.routing.rules.WeightModels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Decides the rep for each routing request of one pool (DESIGN.md choices 4–6); all requests of a pool arrive at
 * the same task, so the windowed per-rep counts it reads are exact. Eligible reps get their model weight, skipped
 * ones weight 0 with the reason; the chairman rule picks among them, and the decision record lists it all. A
 * request that no rep can take now waits in {@code waiting-for-rep} and is retried on a timer, so it is never lost.
 */
final class AssignRepProcessor implements Processor<String, RoutingRequest, String, RoutingResult> {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AssignRepProcessor.class);

  /** Store keys are pool + NUL + rep (or lead): one entry each, grouped by pool. */
  static final char KEY_SEPARATOR = '\u0000';
  /** Key of {@code pool-rep-window-counts} that holds the newest bucket start (no pool id is empty). */
  static final String NEWEST_BUCKET_KEY = String.valueOf(KEY_SEPARATOR);

  private final RoutingConfig config;
  private ProcessorContext<String, RoutingResult> context;
  private WindowStore<String, Long> counts;
  private KeyValueStore<String, PoolRepWindowCount> windowTotals;
  /** Keys whose running total was checked against the buckets since this task started (see {@link #windowCount}). */
  private final Set<String> checkedSinceStart = new HashSet<>();
  /** Newest bucket start ever written to {@code counts}: the store's retention is measured from it. */
  private long newestBucket = Long.MIN_VALUE;
  private KeyValueStore<String, Long> awaySince;
  private KeyValueStore<String, RoutingRequest> waiting;
  private TimestampedKeyValueStore<String, Rep> reps;
  private TimestampedKeyValueStore<String, RepWeight> repWeights;
  private TimestampedKeyValueStore<String, RepLoad> repLoads;
  private ActiveRoutingRules rules;
  private RoutingMetrics metrics;
  private final java.util.Map<String, UnseenLoad> unseenLoad = new java.util.HashMap<>();
  /** Writes to the reps and rep-load tables, so their decoded values below are read again only once changed. */
  private final StoreChanges repChanges;
  private final StoreChanges loadChanges;
  /** Pool → its members, decoded when {@code repChanges} stood at {@link #membersReadAt}. */
  private final java.util.Map<String, List<Rep>> membersByPool = new java.util.HashMap<>();
  private long membersReadAt = -1;
  /** Rep → the load table's value for them, decoded when {@code loadChanges} stood at {@link StoredLoad#readAt}. */
  private final java.util.Map<String, StoredLoad> storedLoads = new java.util.HashMap<>();

  private record StoredLoad(long readAt, RepLoad load) {}

  AssignRepProcessor(RoutingConfig config, StoreChanges repChanges, StoreChanges loadChanges) {
    this.config = config;
    this.repChanges = repChanges;
    this.loadChanges = loadChanges;
  }

  @Override
  public void init(ProcessorContext<String, RoutingResult> context) {
    this.context = context;
    this.counts = context.getStateStore(RoutingTopology.POOL_REP_COUNTS_STORE);
    this.windowTotals = context.getStateStore(RoutingTopology.POOL_REP_WINDOW_COUNTS_STORE);
    PoolRepWindowCount newest = windowTotals.get(NEWEST_BUCKET_KEY);
    this.newestBucket = newest == null ? Long.MIN_VALUE : newest.getLatestBucket();
    this.awaySince = context.getStateStore(RoutingTopology.POOL_REP_AWAY_STORE);
    this.waiting = context.getStateStore(RoutingTopology.WAITING_FOR_REP_STORE);
    this.reps = context.getStateStore(RoutingTopology.REPS_STORE);
    this.repWeights = context.getStateStore(RoutingTopology.REP_WEIGHTS_STORE);
    this.repLoads = context.getStateStore(RoutingTopology.REP_LOAD_STORE);
    KeyValueStore<String, ConfigDocument> documents = context.getStateStore(RoutingTopology.ROUTING_CONFIG_STORE);
    this.rules = new ActiveRoutingRules(documents, config.rules());
    this.metrics = new RoutingMetrics(context.metrics(), Meters.from(context.appConfigs()));
    context.schedule(config.retryInterval(), config.timerMode().punctuationType(), this::retryWaiting);
  }

  @Override
  public void process(Record<String, RoutingRequest> record) {
    metrics.requested(record.value().getMethod());
    if (!tryAssign(record.value(), record.timestamp())) {
      metrics.noRep();
      waiting.put(record.key() + KEY_SEPARATOR + record.value().getChange().getLeadId(), record.value());
    }
  }

  /**
   * Retries at the timer's time, so a rep back from vacation since the lead arrived can take it. Each lead leaves
   * the queue as soon as it is assigned, and one that fails stays for the next round without stopping the others.
   */
  private void retryWaiting(long now) {
    List<KeyValue<String, RoutingRequest>> queued = new ArrayList<>();
    try (KeyValueIterator<String, RoutingRequest> it = waiting.all()) {
      it.forEachRemaining(queued::add);
    }
    for (KeyValue<String, RoutingRequest> entry : queued) {
      try {
        if (tryAssign(entry.value, now)) {
          waiting.delete(entry.key);
        }
      } catch (RuntimeException e) {
        LOG.error("routing lead {} failed; it stays queued: {}", entry.value.getChange().getLeadId(), e.toString());
      }
    }
  }

  /**
   * Assigns the lead if a rep can take it at {@code decisionTime} (event time, or the timer's time on a retry);
   * false if nobody can.
   */
  private boolean tryAssign(RoutingRequest request, long decisionTime) {
    RoutingRules current = rules.current();
    return request.getDirectRepId() != null
        ? assignDirect(request, current, decisionTime)
        : assignFromPool(request.getPoolId(), request, current, decisionTime);
  }

  /**
   * A rule named the rep (account owner, manager, fallback rep, SLA backup). Caps do not apply, an existing
   * relationship outranks load; but an owner who is away hands the lead to their backup, if the backup is here.
   */
  private boolean assignDirect(RoutingRequest request, RoutingRules current, long decisionTime) {
    Rep rep = rep(request.getDirectRepId());
    if (rep == null) {
      return false; // a fallback rep that is not (yet) on the reps topic: wait for it
    }
    Instant at = Instant.ofEpochMilli(decisionTime);
    EligibilitySettings settings = eligibilitySettings(current);
    List<SkippedRep> skipped = new ArrayList<>(request.getNotes());
    String fallback = request.getFallback();
    Rep chosen = rep;
    RepAvailability owner = availability(rep, at);
    if (owner != null && Eligibility.isAbsent(owner, at, settings) && rep.getBackupRepId() != null) {
      Rep backup = rep(rep.getBackupRepId());
      RepAvailability backupAvailability = backup == null ? null : availability(backup, at);
      if (backupAvailability != null && Eligibility.check(backupAvailability, at, settings).isEmpty()) {
        skipped.add(new SkippedRep(rep.getRepId(), Eligibility.check(owner, at, settings)
            .map(Eligibility.Skip::describe).orElse("away")));
        chosen = backup;
        fallback = "owner-away:backup";
      }
    }
    RoutingDecision decision = RoutingDecision.newBuilder()
        .setRuleMatched(request.getRule())
        .setPoolId(request.getPoolId())
        .setWeightModel("direct")
        .setLeadNumberInWindow(0)
        .setCandidates(List.of(new Candidate(chosen.getRepId(), 1.0, 0L)))
        .setSkipped(skipped)
        .setFallback(fallback)
        .setConfigVersion(current.version())
        .build();
    emit(request, chosen, request.getMethod(), decision, decisionTime, current);
    return true;
  }

  private boolean assignFromPool(String pool, RoutingRequest request, RoutingRules current, long decisionTime) {
    RoutingRules.PoolSettings settings = current.pool(pool);
    Instant at = Instant.ofEpochMilli(decisionTime);
    EligibilitySettings eligibility = eligibilitySettings(current);
    Set<String> excluded = new HashSet<>(request.getExcludedRepIds());
    List<SkippedRep> skipped = new ArrayList<>(request.getNotes());

    List<Rep> members = poolMembers(pool);
    List<ComputedWeight> modelWeights = WeightModels.compute(
        members.stream().map(rep -> PoolWeights.facts(rep, load(rep.getRepId()))).toList(),
        PoolWeights.settings(settings), LocalDate.ofInstant(at, ZoneOffset.UTC));

    int size = members.size();
    double[] weights = new double[size];
    long[] windowCounts = new long[size];
    boolean[] returning = new boolean[size];
    long bucketStart = decisionTime - Math.floorMod(decisionTime, config.countBucket().toMillis());
    long windowFrom = decisionTime - settings.windowDuration().toMillis();
    for (int i = 0; i < size; i++) {
      Rep rep = members.get(i);
      String awayKey = pool + KEY_SEPARATOR + rep.getRepId();
      if (excluded.contains(rep.getRepId())) {
        skipped.add(new SkippedRep(rep.getRepId(), "excluded: " + request.getFallback()));
        continue;
      }
      RepAvailability availability = availability(rep, at);
      if (availability == null) {
        skipped.add(new SkippedRep(rep.getRepId(), "invalid rep record: unknown time zone or bad working hours"));
        continue;
      }
      Optional<Eligibility.Skip> skip = Eligibility.check(availability, at, eligibility);
      if (skip.isPresent()) {
        skipped.add(new SkippedRep(rep.getRepId(), skip.get().describe()));
        if (skip.get().reason().meansAway() && awaySince.get(awayKey) == null) {
          awaySince.put(awayKey, decisionTime);
        }
        continue;
      }
      double weight = effectiveWeight(rep, modelWeights.get(i));
      if (weight <= 0) {
        skipped.add(new SkippedRep(rep.getRepId(), "weight 0: " + modelWeights.get(i).explanation()));
        continue;
      }
      weights[i] = weight;
      windowCounts[i] = windowCount(pool, rep.getRepId(), windowFrom, decisionTime);
      returning[i] = awaySince.get(awayKey) != null;
    }
    creditReturningReps(pool, settings.absence(), settings.catchUpLimitOrDefault(), members, weights, windowCounts,
        returning, bucketStart);

    int pick = ChairmanAssignment.pick(weights, windowCounts, size);
    if (pick < 0) {
      return false;
    }
    Rep chosen = members.get(pick);
    long total = 0;
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (weights[i] > 0) {
        total += windowCounts[i];
        candidates.add(new Candidate(members.get(i).getRepId(), weights[i], windowCounts[i]));
      }
    }
    addToWindow(pool + KEY_SEPARATOR + chosen.getRepId(), 1, bucketStart);

    RoutingDecision decision = RoutingDecision.newBuilder()
        .setRuleMatched(request.getRule())
        .setPoolId(pool)
        .setWeightModel(settings.model().configName())
        .setLeadNumberInWindow(total + 1)
        .setCandidates(candidates)
        .setSkipped(skipped)
        .setFallback(request.getFallback())
        .setConfigVersion(current.version())
        .build();
    AssignmentMethod method = request.getMethod();
    emit(request, chosen, method, decision, decisionTime, current);
    return true;
  }

  /**
   * A rep back from absence is behind their share; the pool's policy decides how much of that gap to forgive
   * (DESIGN.md choice 5). The credit goes into the window as leads, so it expires with the window like real ones.
   */
  private void creditReturningReps(String pool, AbsencePolicy policy, int limit, List<Rep> members, double[] weights,
      long[] windowCounts, boolean[] returning, long bucketStart) {
    double totalWeight = 0;
    long totalCount = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        totalWeight += weights[i];
        totalCount += windowCounts[i];
      }
    }
    for (int i = 0; i < weights.length; i++) {
      if (!returning[i] || weights[i] <= 0) {
        continue;
      }
      String key = pool + KEY_SEPARATOR + members.get(i).getRepId();
      awaySince.delete(key);
      long credit = policy.credit(weights[i] / totalWeight, totalCount, windowCounts[i], limit);
      if (credit > 0) {
        addToWindow(key, credit, bucketStart);
        windowCounts[i] += credit;
        totalCount += credit;
      }
    }
  }

  /**
   * The rep's leads in the pool's window: the sum of the buckets of {@code pool-rep-counts} that start in
   * [{@code from}, {@code to}], exactly what summing them gives, read from the running total in
   * {@code pool-rep-window-counts} instead of from up to window ÷ bucket (720 for 30 days in hours) buckets.
   *
   * <p>The total is moved along with the window: buckets that fell out of it are subtracted when it passes them
   * (each bucket once), and a window that grew (new rules, an older event) adds the buckets it gained. The store
   * decides what is in the window near its retention edge (expired buckets vanish from it), so the total is used
   * only where every bucket it counts is certainly still kept: otherwise, and for a decision older than the newest
   * bucket counted, the buckets are summed as before. Each key is checked against its buckets once after the task
   * starts, so the total never depends on how the last run ended.
   */
  private long windowCount(String pool, String repId, long from, long to) {
    String key = pool + KEY_SEPARATOR + repId;
    long kept = keptFrom();
    if (from < kept) {
      return sumBuckets(key, from, to);
    }
    PoolRepWindowCount total = checkedSinceStart.contains(key) ? windowTotals.get(key) : null;
    if (total == null || total.getEarliestBucket() < kept) {
      total = recount(key, from);
      checkedSinceStart.add(key);
    } else if (from > total.getEarliestBucket()) {
      total = expire(key, total, from);
    } else if (from < total.getWindowFrom()) {
      total = extend(key, total, from);
    }
    return total.getLatestBucket() <= to ? total.getTotal() : sumBuckets(key, from, to);
  }

  /** Buckets starting before this may already have been dropped by the window store's retention. */
  private long keptFrom() {
    if (newestBucket == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return newestBucket - config.countRetention().plus(config.countBucket()).toMillis() + 1;
  }

  private long sumBuckets(String key, long from, long to) {
    return bucketsIn(key, from, to).sum();
  }

  /** The total of every bucket from {@code from} on, counted afresh. */
  private PoolRepWindowCount recount(String key, long from) {
    BucketSpan span = bucketsIn(key, from, Long.MAX_VALUE);
    PoolRepWindowCount total = new PoolRepWindowCount(from, span.sum(), span.earliest(), span.latest());
    windowTotals.put(key, total);
    return total;
  }

  /** Sum and first/last bucket start of the buckets starting in [{@code from}, {@code to}]. */
  private BucketSpan bucketsIn(String key, long from, long to) {
    long sum = 0;
    long earliest = Long.MAX_VALUE;
    long latest = Long.MIN_VALUE;
    try (WindowStoreIterator<Long> it = counts.fetch(key, from, to)) {
      while (it.hasNext()) {
        KeyValue<Long, Long> bucket = it.next();
        sum += bucket.value;
        earliest = Math.min(earliest, bucket.key);
        latest = Math.max(latest, bucket.key);
      }
    }
    return new BucketSpan(sum, earliest, latest);
  }

  private record BucketSpan(long sum, long earliest, long latest) {}

  /** Drops the buckets that start before {@code from}; the next one still counted becomes the earliest. */
  private PoolRepWindowCount expire(String key, PoolRepWindowCount total, long from) {
    long sum = total.getTotal();
    long earliest = Long.MAX_VALUE;
    try (WindowStoreIterator<Long> it = counts.fetch(key, total.getEarliestBucket(), Long.MAX_VALUE)) {
      while (it.hasNext()) {
        KeyValue<Long, Long> bucket = it.next();
        if (bucket.key >= from) {
          earliest = bucket.key;
          break;
        }
        sum -= bucket.value;
      }
    }
    PoolRepWindowCount moved = new PoolRepWindowCount(from, sum, earliest,
        earliest == Long.MAX_VALUE ? Long.MIN_VALUE : total.getLatestBucket());
    windowTotals.put(key, moved);
    return moved;
  }

  /** Adds the buckets in [{@code from}, windowFrom): the window now reaches further back. */
  private PoolRepWindowCount extend(String key, PoolRepWindowCount total, long from) {
    BucketSpan gained = bucketsIn(key, from, total.getWindowFrom() - 1);
    PoolRepWindowCount extended = new PoolRepWindowCount(from, total.getTotal() + gained.sum(),
        Math.min(total.getEarliestBucket(), gained.earliest()), Math.max(total.getLatestBucket(), gained.latest()));
    windowTotals.put(key, extended);
    return extended;
  }

  /** Counts {@code leads} for a rep in the bucket starting at {@code bucketStart}, and in the running total. */
  private void addToWindow(String key, long leads, long bucketStart) {
    Long inBucket = counts.fetch(key, bucketStart);
    counts.put(key, (inBucket == null ? 0 : inBucket) + leads, bucketStart);
    if (bucketStart > newestBucket) {
      newestBucket = bucketStart;
      windowTotals.put(NEWEST_BUCKET_KEY, new PoolRepWindowCount(Long.MIN_VALUE, 0L, Long.MAX_VALUE, bucketStart));
    }
    PoolRepWindowCount total = checkedSinceStart.contains(key) ? windowTotals.get(key) : null;
    if (total != null && bucketStart >= total.getWindowFrom()) {
      windowTotals.put(key, new PoolRepWindowCount(total.getWindowFrom(), total.getTotal() + leads,
          Math.min(total.getEarliestBucket(), bucketStart), Math.max(total.getLatestBucket(), bucketStart)));
    }
  }

  /**
   * A weight from {@code rep-weights} (recalibration, admin edits) replaces the pool model's weight. A NaN, infinite or
   * negative one is ignored: one such record would make the pool's weight sum NaN, and then no rep would ever be a
   * candidate again (docs/BAD-INPUT.md).
   */
  private double effectiveWeight(Rep rep, ComputedWeight computed) {
    ValueAndTimestamp<RepWeight> override = repWeights.get(rep.getRepId());
    return override == null || !PoolWeights.usable(override.value()) ? computed.weight() : override.value().getWeight();
  }

  private void emit(RoutingRequest request, Rep rep, AssignmentMethod method, RoutingDecision decision, long decisionTime,
      RoutingRules current) {
    LeadStageChange change = request.getChange();
    Priority priority = current.trigger().highPriority().contains(change.getToStage()) ? Priority.HIGH : Priority.NORMAL;
    long assignedAt = config.timerMode() == TimerMode.STREAM_TIME ? decisionTime : context.currentSystemTimeMs();
    LeadAssignment assignment = LeadAssignment.newBuilder()
        .setAssignmentId(change.getLeadId() + "@" + rep.getRepId())
        .setLeadId(change.getLeadId())
        .setRepId(rep.getRepId())
        .setPoolId(decision.getPoolId())
        .setMethod(method)
        .setPriority(priority)
        .setStage(change.getToStage())
        .setTotalScore(change.getTotalScore())
        .setDecision(decision)
        .setPreviousRepId(request.getPreviousRepId())
        .setLead(change.getLead())
        .setEventTime(change.getOccurredAt())
        .setAssignedAt(Instant.ofEpochMilli(assignedAt))
        .build();
    boolean again = method == AssignmentMethod.SLA_REROUTE || method == AssignmentMethod.ESCALATION;
    metrics.assigned(method, decision.getFallback(), rep.getRepId(),
        again ? null : java.time.Duration.ofMillis(assignedAt - change.getOccurredAt().toEpochMilli()));
    if (EventLog.LOG.isInfoEnabled()) {
      EventLog.LOG.atInfo().addKeyValue("event", "assignment").addKeyValue("leadId", change.getLeadId())
          .addKeyValue("repId", rep.getRepId()).addKeyValue("method", method).addKeyValue("pool", decision.getPoolId())
          .addKeyValue("priority", priority)
          .log("lead {} assigned to {} ({}, pool {})", change.getLeadId(), rep.getRepId(), method, decision.getPoolId());
    }
    countUnseen(rep.getRepId());
    AlertType type = method == AssignmentMethod.SLA_REROUTE || method == AssignmentMethod.ESCALATION
        ? AlertType.ESCALATION : AlertType.ASSIGNMENT;
    context.forward(new Record<>(change.getLeadId(), new RoutingResult(assignment, Alerts.forAssignment(assignment, rep, type)),
        decisionTime));
  }

  /** Read-only: the same list and reps serve every lead until the reps table changes. */
  private List<Rep> poolMembers(String pool) {
    long changes = repChanges.count(); // before reading: a write during the read shows as a change next time
    if (changes != membersReadAt) {
      membersByPool.clear();
      membersReadAt = changes;
    }
    return membersByPool.computeIfAbsent(pool, this::readPoolMembers);
  }

  private List<Rep> readPoolMembers(String pool) {
    List<Rep> members = new ArrayList<>();
    try (KeyValueIterator<String, ValueAndTimestamp<Rep>> it = reps.all()) {
      it.forEachRemaining(entry -> {
        if (entry.value != null && entry.value.value().getPools().contains(pool)) {
          members.add(entry.value.value());
        }
      });
    }
    return List.copyOf(members); // the store iterates in key order, so every instance sees reps in the same order
  }

  private Rep rep(String repId) {
    ValueAndTimestamp<Rep> rep = reps.get(repId);
    return rep == null ? null : rep.value();
  }

  /**
   * Null for a rep record the loader would have refused (unknown time zone, bad working hours): such a rep is
   * skipped with that reason rather than failing every lead of the pool.
   */
  private RepAvailability availability(Rep rep, Instant at) {
    try {
      return RepAvailabilities.of(rep, load(rep.getRepId()), at);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The rep's load from the global {@code rep-load} table plus what this task assigned to them since the table last
   * changed for them: the table lags by a few commits, and without this a queue of waiting leads would all go to the
   * one rep who just dropped below a cap.
   */
  private RepLoad load(String repId) {
    RepLoad load = storedLoad(repId);
    UnseenLoad unseen = unseenLoad.get(repId);
    if (unseen == null) {
      return load;
    }
    if (!java.util.Objects.equals(unseen.seenLoad(), load)) {
      unseenLoad.remove(repId); // the table moved: it now counts (at least some of) them
      return load;
    }
    Instant at = Instant.ofEpochMilli(context.currentStreamTimeMs());
    RepLoad base = load != null ? load : new RepLoad(repId, 0L, java.time.LocalDate.ofInstant(at, ZoneOffset.UTC), 0L,
        RepAvailabilities.weekStart(java.time.LocalDate.ofInstant(at, ZoneOffset.UTC)), 0L, at);
    return RepLoad.newBuilder(base).setActiveLeads(base.getActiveLeads() + unseen.count())
        .setAssignedToday(base.getAssignedToday() + unseen.count())
        .setAssignedThisWeek(base.getAssignedThisWeek() + unseen.count()).build();
  }

  /** The rep-load table's value for the rep (read-only: it serves until the table changes for them). */
  private RepLoad storedLoad(String repId) {
    StoredLoad known = storedLoads.get(repId);
    if (known != null && !loadChanges.changedSince(Bytes.wrap(repId.getBytes(StandardCharsets.UTF_8)), known.readAt())) {
      return known.load();
    }
    long changes = loadChanges.count();
    ValueAndTimestamp<RepLoad> stored = repLoads.get(repId);
    RepLoad load = stored == null ? null : stored.value();
    storedLoads.put(repId, new StoredLoad(changes, load));
    return load;
  }

  /** Assignments this task made to a rep that the {@code rep-load} value it last saw ({@code seenLoad}) lacks. */
  private record UnseenLoad(RepLoad seenLoad, long count) {}

  private void countUnseen(String repId) {
    ValueAndTimestamp<RepLoad> stored = repLoads.get(repId);
    RepLoad seen = stored == null ? null : stored.value();
    UnseenLoad unseen = unseenLoad.get(repId);
    long before = unseen != null && java.util.Objects.equals(unseen.seenLoad(), seen) ? unseen.count() : 0;
    unseenLoad.put(repId, new UnseenLoad(seen, before + 1));
  }

  private static EligibilitySettings eligibilitySettings(RoutingRules rules) {
    return new EligibilitySettings(rules.loginTimeout().orElse(null), rules.skip().activeLeadCap(),
        rules.skip().workingHours());
  }

  static KeyValue<String, io.leadflow.avro.RepAlert> alertKeyedByRep(RoutingResult result) {
    return KeyValue.pair(result.alert().getRepId(), result.alert());
  }
}
