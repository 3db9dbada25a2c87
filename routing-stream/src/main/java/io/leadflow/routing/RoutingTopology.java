package io.leadflow.routing;

import io.leadflow.avro.PoolLead;
import io.leadflow.avro.PoolRepState;
import io.leadflow.avro.PoolSourceStats;
import io.leadflow.avro.PoolStatsDelta;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepLoadDelta;
import io.leadflow.avro.RepWeight;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.platform.streams.ConfigDocumentUpdater;
import io.leadflow.platform.streams.EventTimeExtractor;
import io.leadflow.platform.streams.StoreChanges;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import io.leadflow.schemas.AvroSerde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Routing in three parts, all keyed explicitly:
 *
 * <ol>
 *   <li>lead-stage-changes → first triggering change per lead → hierarchy (pool or rep) → re-keyed by pool;</li>
 *   <li>routing-requests-by-pool and pool-commands → pull pool (hybrid push/pull, claims, locks, escalation) →
 *       rep decision with windowed per-rep counts → lead-assignments, rep-alerts, lead-pool-events;</li>
 *   <li>lead-assignments + lead-outcomes, by lead → owner, active load and SLA timer → load changes by rep →
 *       rep-load (read back as a global table); overdue leads go back to part 2 as re-routing requests; each
 *       assignment and funnel step → re-keyed by pool → pool-source-stats (the ops dashboard's latency and
 *       conversion by claim source).</li>
 * </ol>
 *
 * <p>Routing is serialized per pool (DESIGN.md choice 4): after the repartition every decision of a pool runs in
 * one task, against exact counts. Per-rep load crosses pools through rep-load and is eventually consistent.
 */
public final class RoutingTopology {

  public static final String RULES_DOCUMENT = "routing";

  public static final String REPS_STORE = "reps-store";
  public static final String REP_WEIGHTS_STORE = "rep-weights-store";
  public static final String REP_LOAD_STORE = "rep-load-store";
  public static final String ROUTING_CONFIG_STORE = "routing-config-store";
  public static final String ROUTED_LEADS_STORE = "routed-leads";
  public static final String POOL_REP_COUNTS_STORE = "pool-rep-counts";
  /** Running totals of pool-rep-counts over each pool's window: key pool + NUL + rep (AssignRepProcessor). */
  public static final String POOL_REP_WINDOW_COUNTS_STORE = "pool-rep-window-counts";
  public static final String POOL_REP_AWAY_STORE = "pool-rep-away-since";
  public static final String WAITING_FOR_REP_STORE = "waiting-for-rep";
  public static final String LEAD_OWNERSHIP_STORE = "lead-ownership";
  public static final String SLA_DUE_STORE = "sla-due-index";
  public static final String REP_LOAD_TOTALS_STORE = "rep-load-totals";
  /** Pull pools (docs/POOL.md): a pool's leads (key pool + NUL + lead; prefix-scan one pool), readable by IQ. */
  public static final String POOL_LEADS_STORE = "pool-leads";
  /** Open leads in queue order: key pool + NUL + entry time + NUL + lead. */
  public static final String POOL_QUEUE_STORE = "pool-queue";
  /** Lock expiries and escalation steps: key due time + NUL + step + NUL + pool + NUL + lead. */
  public static final String POOL_DUE_STORE = "pool-due-index";
  /** Each rep's claims per pool (held leads, day counters): key pool + NUL + rep. */
  public static final String POOL_REP_STATE_STORE = "pool-rep-state";
  /** The ops dashboard's per-pool figures by claim source (assignments, latency histogram, funnel): key pool id. */
  public static final String POOL_SOURCE_STATS_STORE = "pool-source-stats";
  public static final String POOL_STATS_DELTAS_BY_POOL = "pool-stats-deltas-by-pool";
  public static final String ROUTING_REQUESTS_BY_POOL = "routing-requests-by-pool";
  public static final String REP_LOAD_DELTAS_BY_REP = "rep-load-deltas-by-rep";

  private RoutingTopology() {}

  public static Topology build(RoutingConfig config) {
    return build(config, StoreKind.PERSISTENT);
  }

  /** @param stores {@link StoreKind#IN_MEMORY} for offline replays (simulate, backtest); names stay the same */
  public static Topology build(RoutingConfig config, StoreKind stores) {
    Serde<RoutingRequest> requestSerde = AvroSerde.of(RoutingRequest.class);
    Serde<RepLoadDelta> deltaSerde = AvroSerde.of(RepLoadDelta.class);
    StreamsBuilder builder = StreamsSettings.namedResourcesBuilder();
    // Assigning reads every rep of a pool and their loads for each lead; it keeps them decoded until they change.
    StoreChanges repChanges = new StoreChanges();
    StoreChanges loadChanges = new StoreChanges();
    builder.globalTable(Topics.REPS.name(), Topics.REPS.consumed("reps-source"),
        stores.<String, Rep>materialized(REPS_STORE, repChanges)
            .withKeySerde(Topics.REPS.keySerde()).withValueSerde(Topics.REPS.valueSerde()));
    builder.globalTable(Topics.REP_WEIGHTS.name(), Topics.REP_WEIGHTS.consumed("rep-weights-source"),
        stores.<String, RepWeight>materialized(REP_WEIGHTS_STORE)
            .withKeySerde(Topics.REP_WEIGHTS.keySerde()).withValueSerde(Topics.REP_WEIGHTS.valueSerde()));
    builder.globalTable(Topics.REP_LOAD.name(), Topics.REP_LOAD.consumed("rep-load-source"),
        stores.<String, RepLoad>materialized(REP_LOAD_STORE, loadChanges)
            .withKeySerde(Topics.REP_LOAD.keySerde()).withValueSerde(Topics.REP_LOAD.valueSerde()));
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROUTING_CONFIG_STORE),
            Serdes.String(), Topics.ROUTING_CONFIG.valueSerde()).withLoggingDisabled(),
        Topics.ROUTING_CONFIG.name(), Topics.ROUTING_CONFIG.consumed("routing-config-source"),
        () -> new ConfigDocumentUpdater(ROUTING_CONFIG_STORE));

    builder.addStateStore(stores.keyValueStore(ROUTED_LEADS_STORE, Serdes.String(), Serdes.String()));
    builder.addStateStore(stores.windowStore(POOL_REP_COUNTS_STORE,
        config.countRetention().plus(config.countBucket()), config.countBucket(), Serdes.String(), Serdes.Long()));
    builder.addStateStore(stores.keyValueStore(POOL_REP_WINDOW_COUNTS_STORE,
        Serdes.String(), AvroSerde.of(io.leadflow.avro.PoolRepWindowCount.class)));
    builder.addStateStore(stores.keyValueStore(POOL_REP_AWAY_STORE, Serdes.String(), Serdes.Long()));
    builder.addStateStore(stores.keyValueStore(WAITING_FOR_REP_STORE, Serdes.String(), requestSerde));
    builder.addStateStore(stores.keyValueStore(LEAD_OWNERSHIP_STORE,
        Serdes.String(), AvroSerde.of(io.leadflow.avro.LeadOwnership.class)));
    builder.addStateStore(stores.keyValueStore(SLA_DUE_STORE, Serdes.String(), Serdes.String()));
    builder.addStateStore(stores.keyValueStore(REP_LOAD_TOTALS_STORE, Serdes.String(), Topics.REP_LOAD.valueSerde()));
    builder.addStateStore(stores.keyValueStore(POOL_LEADS_STORE, Serdes.String(), AvroSerde.of(PoolLead.class)));
    builder.addStateStore(stores.keyValueStore(POOL_QUEUE_STORE, Serdes.String(), Serdes.String()));
    builder.addStateStore(stores.keyValueStore(POOL_DUE_STORE, Serdes.String(), Serdes.String()));
    builder.addStateStore(stores.keyValueStore(POOL_REP_STATE_STORE, Serdes.String(), AvroSerde.of(PoolRepState.class)));
    builder.addStateStore(stores.keyValueStore(POOL_SOURCE_STATS_STORE, Serdes.String(), AvroSerde.of(PoolSourceStats.class)));

    // Part 1: one request per lead, sent where the hierarchy says.
    KStream<String, RoutingRequest> newRequests = builder
        .stream(Topics.LEAD_STAGE_CHANGES.name(), Topics.LEAD_STAGE_CHANGES.consumed("lead-stage-changes-source")
            .withTimestampExtractor(new EventTimeExtractor()))
        .process(() -> new RequestRouteProcessor(config), Named.as("request-route"), ROUTED_LEADS_STORE);

    // Part 3: ownership, load and SLA, by lead.
    KStream<String, LeadOwnershipProcessor.Event> assignmentEvents = builder
        .stream(Topics.LEAD_ASSIGNMENTS.name(), Topics.LEAD_ASSIGNMENTS.consumed("lead-assignments-source"))
        .mapValues(assignment -> new LeadOwnershipProcessor.Event(assignment, null), Named.as("assignment-event"));
    KStream<String, LeadOwnershipProcessor.Event> outcomeEvents = builder
        .stream(Topics.LEAD_OUTCOMES.name(), Topics.LEAD_OUTCOMES.consumed("lead-outcomes-source")
            .withTimestampExtractor(new EventTimeExtractor()))
        .mapValues(outcome -> new LeadOwnershipProcessor.Event(null, outcome), Named.as("outcome-event"));
    KStream<String, LeadOwnershipProcessor.Output> ownership = assignmentEvents
        .merge(outcomeEvents, Named.as("ownership-events"))
        .process(() -> new LeadOwnershipProcessor(config), Named.as("track-ownership"), LEAD_OWNERSHIP_STORE, SLA_DUE_STORE);
    ownership
        .filter((repId, output) -> output.loadDelta() != null, Named.as("load-changes-only"))
        .mapValues(LeadOwnershipProcessor.Output::loadDelta, Named.as("load-change"))
        .repartition(Repartitioned.<String, RepLoadDelta>as(REP_LOAD_DELTAS_BY_REP)
            .withKeySerde(Serdes.String()).withValueSerde(deltaSerde))
        .process(RepLoadAggregator::new, Named.as("sum-rep-load"), REP_LOAD_TOTALS_STORE)
        .to(Topics.REP_LOAD.name(), Topics.REP_LOAD.produced("rep-load-sink"));
    // Keyed by pool after the repartition, so one pool's figures are one record in one task.
    ownership
        .filter((pool, output) -> output.poolStats() != null, Named.as("pool-stats-changes-only"))
        .mapValues(LeadOwnershipProcessor.Output::poolStats, Named.as("pool-stats-change"))
        .repartition(Repartitioned.<String, PoolStatsDelta>as(POOL_STATS_DELTAS_BY_POOL)
            .withKeySerde(Serdes.String()).withValueSerde(AvroSerde.of(PoolStatsDelta.class)))
        .process(PoolSourceStatsAggregator::new, Named.as("sum-pool-source-stats"), POOL_SOURCE_STATS_STORE);
    KStream<String, RoutingRequest> reroutes = ownership
        .filter((key, output) -> output.reroute() != null, Named.as("reroutes-only"))
        .mapValues(LeadOwnershipProcessor.Output::reroute, Named.as("reroute-request"));

    // Part 2: decisions, serialized per pool. Pool commands (key = pool id) join the pool's requests in one task,
    // so pool-commands must have as many partitions as routing-requests-by-pool (docs/POOL.md).
    KStream<String, PoolProcessor.Input> poolCommands = builder
        .stream(Topics.POOL_COMMANDS.name(), Topics.POOL_COMMANDS.consumed("pool-commands-source")
            .withTimestampExtractor(new EventTimeExtractor()))
        .mapValues(command -> new PoolProcessor.Input(null, command), Named.as("pool-command-input"));
    KStream<String, PoolProcessor.Output> pool = newRequests
        .merge(reroutes, Named.as("new-and-rerouted-requests"))
        .repartition(Repartitioned.<String, RoutingRequest>as(ROUTING_REQUESTS_BY_POOL)
            .withKeySerde(Serdes.String()).withValueSerde(requestSerde))
        .mapValues(request -> new PoolProcessor.Input(request, null), Named.as("pool-request-input"))
        .merge(poolCommands, Named.as("requests-and-pool-commands"))
        .process(() -> new PoolProcessor(config), Named.as("pull-pool"),
            POOL_LEADS_STORE, POOL_QUEUE_STORE, POOL_DUE_STORE, POOL_REP_STATE_STORE);
    KStream<String, RoutingResult> pushed = pool
        .filter((key, output) -> output.push() != null, Named.as("pushed-only"))
        .mapValues(PoolProcessor.Output::push, Named.as("pushed-request"))
        .process(() -> new AssignRepProcessor(config, repChanges, loadChanges), Named.as("assign-rep"),
            POOL_REP_COUNTS_STORE, POOL_REP_WINDOW_COUNTS_STORE, POOL_REP_AWAY_STORE, WAITING_FOR_REP_STORE);
    KStream<String, RoutingResult> results = pushed.merge(pool
        .filter((key, output) -> output.claim() != null, Named.as("claims-only"))
        .mapValues(PoolProcessor.Output::claim, Named.as("claim-result")), Named.as("pushed-and-claimed"));
    pool
        .filter((key, output) -> output.event() != null, Named.as("pool-events-only"))
        .mapValues(PoolProcessor.Output::event, Named.as("pool-event"))
        .to(Topics.LEAD_POOL_EVENTS.name(), Topics.LEAD_POOL_EVENTS.produced("lead-pool-events-sink"));
    pool
        .filter((key, output) -> output.alert() != null, Named.as("pool-alerts-only"))
        .mapValues(PoolProcessor.Output::alert, Named.as("pool-alert"))
        .to(Topics.REP_ALERTS.name(), Topics.REP_ALERTS.produced("pool-alerts-sink"));
    results
        .mapValues(RoutingResult::assignment, Named.as("assignment-of-result"))
        .to(Topics.LEAD_ASSIGNMENTS.name(), Topics.LEAD_ASSIGNMENTS.produced("lead-assignments-sink"));
    results
        .map((leadId, result) -> AssignRepProcessor.alertKeyedByRep(result), Named.as("alert-keyed-by-rep"))
        .to(Topics.REP_ALERTS.name(), Topics.REP_ALERTS.produced("rep-alerts-sink"));
    return builder.build();
  }
}
