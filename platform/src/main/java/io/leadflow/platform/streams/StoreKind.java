package io.leadflow.platform.streams;

import java.time.Duration;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;

/**
 * Where a topology keeps its state: RocksDB with changelogs when live, memory in an offline replay
 * ({@code leadflow simulate}/{@code backtest}), where nothing is restored and TopologyTestDriver's commit after
 * every record makes RocksDB about 3× slower. Store names are the same either way, so describe() stays stable.
 */
public enum StoreKind {
  PERSISTENT,
  IN_MEMORY;

  public KeyValueBytesStoreSupplier keyValue(String name) {
    return this == PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }

  /** A DSL table store; persistent ones stay the DSL's default (timestamped RocksDB), as before this switch. */
  public <K, V> Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized(String name) {
    return this == PERSISTENT ? Materialized.as(name) : Materialized.as(Stores.inMemoryKeyValueStore(name));
  }

  public WindowBytesStoreSupplier window(String name, Duration retention, Duration windowSize, boolean retainDuplicates) {
    return this == PERSISTENT
        ? Stores.persistentWindowStore(name, retention, windowSize, retainDuplicates)
        : Stores.inMemoryWindowStore(name, retention, windowSize, retainDuplicates);
  }
}
