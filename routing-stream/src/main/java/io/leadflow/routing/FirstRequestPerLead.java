package io.leadflow.routing;

import io.leadflow.avro.LeadStageChange;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A lead gets exactly one owner: only its first routable stage change goes on to routing. Later ones
 * (re-scoring, MQL → HOT) never re-assign. Runs keyed by lead id, before the repartition by pool.
 */
final class FirstRequestPerLead implements FixedKeyProcessor<String, LeadStageChange, LeadStageChange> {

  private final String storeName;
  private FixedKeyProcessorContext<String, LeadStageChange> context;
  private KeyValueStore<String, String> routedLeads;

  FirstRequestPerLead(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, LeadStageChange> context) {
    this.context = context;
    this.routedLeads = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, LeadStageChange> record) {
    if (routedLeads.get(record.key()) != null) {
      return;
    }
    routedLeads.put(record.key(), record.value().getToStage().name());
    context.forward(record);
  }
}
