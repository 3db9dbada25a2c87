package io.leadflow.platform.streams;

import io.leadflow.avro.ConfigDocument;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps a global store of config documents equal to its compacted config topic (scoring-config, routing-config). */
public final class ConfigDocumentUpdater implements Processor<String, ConfigDocument, Void, Void> {

  private final String storeName;
  private KeyValueStore<String, ConfigDocument> store;

  public ConfigDocumentUpdater(String storeName) {
    this.storeName = storeName;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, ConfigDocument> record) {
    store.put(record.key(), record.value());
  }
}
