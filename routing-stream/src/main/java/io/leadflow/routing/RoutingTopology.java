package io.leadflow.routing;

import io.leadflow.avro.Rep;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepLoadDelta;
import io.leadflow.avro.RepWeight;
import io.leadflow.avro.RoutingRequest;
import io.leadflow.platform.streams.ConfigDocumentUpdater;
import io.leadflow.platform.streams.EventTimeExtractor;
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
 *   <li>routing-requests-by-pool → rep decision with windowed per-rep counts → lead-assignments, rep-alerts;</li>
 *   <li>lead-assignments + lead-outcomes, by lead → owner, active load and SLA timer → load changes by rep →
 *       rep-load (read back as a global table); overdue leads go back to part 2 as re-routing requests.</li>
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
  public static final String POOL_REP_AWAY_STORE = "pool-rep-away-since";
  public static final String WAITING_FOR_REP_STORE = "waiting-for-rep";
  public static final String LEAD_OWNERSHIP_STORE = "lead-ownership";
  public static final String SLA_DUE_STORE = "sla-due-index";
  public static final String REP_LOAD_TOTALS_STORE = "rep-load-totals";
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
    builder.globalTable(Topics.REPS.name(), Topics.REPS.consumed("reps-source"),
        stores.<String, Rep>materialized(REPS_STORE)
            .withKeySerde(Topics.REPS.keySerde()).withValueSerde(Topics.REPS.valueSerde()));
    builder.globalTable(Topics.REP_WEIGHTS.name(), Topics.REP_WEIGHTS.consumed("rep-weights-source"),
        stores.<String, RepWeight>materialized(REP_WEIGHTS_STORE)
            .withKeySerde(Topics.REP_WEIGHTS.keySerde()).withValueSerde(Topics.REP_WEIGHTS.valueSerde()));
    builder.globalTable(Topics.REP_LOAD.name(), Topics.REP_LOAD.consumed("rep-load-source"),
        stores.<String, RepLoad>materialized(REP_LOAD_STORE)
            .withKeySerde(Topics.REP_LOAD.keySerde()).withValueSerde(Topics.REP_LOAD.valueSerde()));
    builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ROUTING_CONFIG_STORE),
            Serdes.String(), Topics.ROUTING_CONFIG.valueSerde()).withLoggingDisabled(),
        Topics.ROUTING_CONFIG.name(), Topics.ROUTING_CONFIG.consumed("routing-config-source"),
        () -> new ConfigDocumentUpdater(ROUTING_CONFIG_STORE));

    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(ROUTED_LEADS_STORE),
        Serdes.String(), Serdes.String()));
    builder.addStateStore(Stores.windowStoreBuilder(stores.window(POOL_REP_COUNTS_STORE,
        config.countRetention().plus(config.countBucket()), config.countBucket(), false), Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(POOL_REP_AWAY_STORE),
        Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(WAITING_FOR_REP_STORE),
        Serdes.String(), requestSerde));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(LEAD_OWNERSHIP_STORE),
        Serdes.String(), AvroSerde.of(io.leadflow.avro.LeadOwnership.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(SLA_DUE_STORE),
        Serdes.String(), Serdes.String()));
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.keyValue(REP_LOAD_TOTALS_STORE),
        Serdes.String(), Topics.REP_LOAD.valueSerde()));

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
    KStream<String, RoutingRequest> reroutes = ownership
        .filter((key, output) -> output.reroute() != null, Named.as("reroutes-only"))
        .mapValues(LeadOwnershipProcessor.Output::reroute, Named.as("reroute-request"));

    // Part 2: decisions, serialized per pool.
    KStream<String, RoutingResult> results = newRequests
        .merge(reroutes, Named.as("new-and-rerouted-requests"))
        .repartition(Repartitioned.<String, RoutingRequest>as(ROUTING_REQUESTS_BY_POOL)
            .withKeySerde(Serdes.String()).withValueSerde(requestSerde))
        .process(() -> new AssignRepProcessor(config), Named.as("assign-rep"),
            POOL_REP_COUNTS_STORE, POOL_REP_AWAY_STORE, WAITING_FOR_REP_STORE);
    results
        .mapValues(RoutingResult::assignment, Named.as("assignment-of-result"))
        .to(Topics.LEAD_ASSIGNMENTS.name(), Topics.LEAD_ASSIGNMENTS.produced("lead-assignments-sink"));
    results
        .map((leadId, result) -> AssignRepProcessor.alertKeyedByRep(result), Named.as("alert-keyed-by-rep"))
        .to(Topics.REP_ALERTS.name(), Topics.REP_ALERTS.produced("rep-alerts-sink"));
    return builder.build();
  }
}
