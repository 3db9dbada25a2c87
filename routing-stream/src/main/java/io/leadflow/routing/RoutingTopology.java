package io.leadflow.routing;

import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.Rep;
import io.leadflow.platform.streams.EventTimeExtractor;
import io.leadflow.platform.streams.StreamsSettings;
import io.leadflow.platform.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * lead-stage-changes → one request per lead → repartition by pool → rep decision → lead-assignments, rep-alerts.
 *
 * <p>Routing is serialized per pool (DESIGN.md choice 4): after the repartition every decision of a pool runs
 * in one task, against exact counts.
 */
public final class RoutingTopology {

  public static final String REPS_STORE = "reps-store";
  public static final String ROUTED_LEADS_STORE = "routed-leads";
  public static final String POOL_ASSIGNMENT_COUNTS_STORE = "pool-assignment-counts";
  public static final String WAITING_FOR_REP_STORE = "waiting-for-rep";
  public static final String ROUTING_REQUESTS_BY_POOL = "routing-requests-by-pool";

  private RoutingTopology() {}

  public static Topology build(RoutingConfig config) {
    StreamsBuilder builder = StreamsSettings.namedResourcesBuilder();
    builder.globalTable(Topics.REPS.name(), Topics.REPS.consumed("reps-source"),
        Materialized.<String, Rep, KeyValueStore<Bytes, byte[]>>as(REPS_STORE)
            .withKeySerde(Topics.REPS.keySerde()).withValueSerde(Topics.REPS.valueSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ROUTED_LEADS_STORE),
        Serdes.String(), Serdes.String()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POOL_ASSIGNMENT_COUNTS_STORE),
        Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WAITING_FOR_REP_STORE),
        Serdes.String(), Topics.LEAD_STAGE_CHANGES.valueSerde()));

    KStream<String, RoutingResult> results = builder
        .stream(Topics.LEAD_STAGE_CHANGES.name(), Topics.LEAD_STAGE_CHANGES.consumed("lead-stage-changes-source")
            .withTimestampExtractor(new EventTimeExtractor()))
        .filter((leadId, change) -> config.routedStages().contains(change.getToStage()), Named.as("routable-stages-only"))
        .processValues(() -> new FirstRequestPerLead(ROUTED_LEADS_STORE), Named.as("first-request-per-lead"), ROUTED_LEADS_STORE)
        .selectKey((leadId, change) -> config.defaultPool(), Named.as("key-by-pool"))
        .repartition(Repartitioned.<String, LeadStageChange>as(ROUTING_REQUESTS_BY_POOL)
            .withKeySerde(Topics.LEAD_STAGE_CHANGES.keySerde()).withValueSerde(Topics.LEAD_STAGE_CHANGES.valueSerde()))
        .process(() -> new AssignRepProcessor(config), Named.as("assign-rep"), POOL_ASSIGNMENT_COUNTS_STORE, WAITING_FOR_REP_STORE);

    results
        .mapValues(RoutingResult::assignment, Named.as("assignment-of-result"))
        .to(Topics.LEAD_ASSIGNMENTS.name(), Topics.LEAD_ASSIGNMENTS.produced("lead-assignments-sink"));
    results
        .map((leadId, result) -> AssignRepProcessor.alertKeyedByRep(result), Named.as("alert-keyed-by-rep"))
        .to(Topics.REP_ALERTS.name(), Topics.REP_ALERTS.produced("rep-alerts-sink"));
    return builder.build();
  }
}
