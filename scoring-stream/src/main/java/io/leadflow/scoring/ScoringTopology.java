package io.leadflow.scoring;

import io.leadflow.avro.LeadScoreState;
import io.leadflow.platform.streams.ConfigDocumentUpdater;
import io.leadflow.platform.streams.EventTimeExtractor;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.streams.WriteBackStores;
import io.leadflow.platform.topics.Topics;
import io.leadflow.schemas.AvroSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * leads-enriched (profiles) + lead-events (activities) + lead-outcomes (CRM) → score state per lead → lead-scores,
 * lead-stage-changes.
 *
 * <p>All inputs are keyed by lead id with the same partition count, so one task sees everything about a lead.
 */
public final class ScoringTopology {

  public static final String LEAD_SCORE_STATE_STORE = "lead-score-state";
  public static final String DECAY_DUE_INDEX_STORE = "decay-due-index";
  public static final String SCORING_CONFIG_STORE = "scoring-config-store";
  /** The key on scoring-config under which {@code leadflow config apply scoring} publishes the rules. */
  public static final String RULES_DOCUMENT = "scoring-rules";
  static final String LEAD_SCORES_SINK = "lead-scores-sink";
  static final String LEAD_STAGE_CHANGES_SINK = "lead-stage-changes-sink";
  private static final String SCORE_LEAD = "score-lead";
  /**
   * Lead states held as objects in front of lead-score-state (docs/SCORING.md, "State as objects"): live, about
   * the leads touched in one commit interval; offline, the most recently touched ones.
   */
  static final int WRITE_BACK_OBJECTS = 10_000;

  private ScoringTopology() {}

  public static Topology build(ScoringConfig config) {
    return build(config, StoreKind.PERSISTENT);
  }

  /** @param stores {@link StoreKind#IN_MEMORY} for offline replays (simulate, backtest); names stay the same */
  public static Topology build(ScoringConfig config, StoreKind stores) {
    return build(config, stores, true);
  }

  /** @param writeBack false only to compare against the plain store in tests */
  static Topology build(ScoringConfig config, StoreKind stores, boolean writeBack) {
    EventTimeExtractor eventTime = new EventTimeExtractor();
    Topology topology = new Topology();
    topology.addSource(AutoOffsetReset.earliest(), "leads-enriched-source", eventTime, Topics.LEADS_ENRICHED.keySerde().deserializer(),
        Topics.LEADS_ENRICHED.valueSerde().deserializer(), Topics.LEADS_ENRICHED.name());
    topology.addSource(AutoOffsetReset.earliest(), "lead-activities-source", eventTime, Topics.LEAD_EVENTS.keySerde().deserializer(),
        Topics.LEAD_EVENTS.valueSerde().deserializer(), Topics.LEAD_EVENTS.name());
    topology.addSource(AutoOffsetReset.earliest(), "lead-outcomes-source", eventTime, Topics.LEAD_OUTCOMES.keySerde().deserializer(),
        Topics.LEAD_OUTCOMES.valueSerde().deserializer(), Topics.LEAD_OUTCOMES.name());
    topology.addProcessor(SCORE_LEAD, () -> new ScoreLeadProcessor(config),
        "leads-enriched-source", "lead-activities-source", "lead-outcomes-source");
    StoreBuilder<KeyValueStore<String, LeadScoreState>> leadStates = cached(
        stores.keyValueStore(LEAD_SCORE_STATE_STORE, Serdes.String(), AvroSerde.of(LeadScoreState.class)), stores);
    topology.addStateStore(writeBack ? WriteBackStores.keyValue(leadStates, WRITE_BACK_OBJECTS, stores == StoreKind.IN_MEMORY)
        : leadStates, SCORE_LEAD);
    topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(SCORING_CONFIG_STORE),
            Serdes.String(), Topics.SCORING_CONFIG.valueSerde()).withLoggingDisabled(),
        "scoring-config-source", Topics.SCORING_CONFIG.keySerde().deserializer(), Topics.SCORING_CONFIG.valueSerde().deserializer(),
        Topics.SCORING_CONFIG.name(), "scoring-config-update", () -> new ConfigDocumentUpdater(SCORING_CONFIG_STORE));
    topology.addStateStore(cached(stores.keyValueStore(DECAY_DUE_INDEX_STORE, Serdes.String(), Serdes.String()), stores),
        SCORE_LEAD);
    topology.addSink(LEAD_SCORES_SINK, Topics.LEAD_SCORES.name(), Topics.LEAD_SCORES.keySerde().serializer(),
        Topics.LEAD_SCORES.valueSerde().serializer(), SCORE_LEAD);
    topology.addSink(LEAD_STAGE_CHANGES_SINK, Topics.LEAD_STAGE_CHANGES.name(),
        Topics.LEAD_STAGE_CHANGES.keySerde().serializer(), Topics.LEAD_STAGE_CHANGES.valueSerde().serializer(), SCORE_LEAD);
    return topology;
  }

  /**
   * A lead's events come in bursts (a profile and its activities within seconds), and each one rewrites the lead's
   * state: with a record cache, the RocksDB write and the changelog record happen once per lead per commit instead of
   * once per event (the ladder benchmark, docs/BENCHMARKS.md). Reads see the cache, so what is emitted is unchanged.
   * In-memory stores (offline replays) gain nothing from it.
   */
  private static <S extends StateStore> StoreBuilder<S> cached(StoreBuilder<S> builder, StoreKind stores) {
    return stores == StoreKind.PERSISTENT ? builder.withCachingEnabled() : builder;
  }
}
