package io.leadflow.platform.streams;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Where a topology keeps its state: RocksDB with changelogs when live, memory without changelogs in an offline
 * replay ({@code leadflow simulate}/{@code backtest}). A replay restores nothing, so a changelog would only be
 * written and thrown away; RocksDB is about 3× slower than memory there. A replay's key-value stores
 * also keep their values as objects ({@link InMemoryObjectStore}). Store names are the same either way, so
 * describe() stays stable.
 */
public enum StoreKind {
  PERSISTENT,
  IN_MEMORY;

  /** In an offline replay, values stay objects between processor and store ({@link InMemoryObjectStore}). */
  public <K, V> StoreBuilder<KeyValueStore<K, V>> keyValueStore(String name, Serde<K> keys, Serde<V> values) {
    return this == PERSISTENT
        ? Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
        : InMemoryObjectStore.builder(name, keys, values);
  }

  public <K, V> StoreBuilder<WindowStore<K, V>> windowStore(String name, Duration retention, Duration windowSize,
      Serde<K> keys, Serde<V> values) {
    WindowBytesStoreSupplier supplier = this == PERSISTENT
        ? Stores.persistentWindowStore(name, retention, windowSize, false)
        : Stores.inMemoryWindowStore(name, retention, windowSize, false);
    StoreBuilder<WindowStore<K, V>> builder = Stores.windowStoreBuilder(supplier, keys, values);
    return this == PERSISTENT ? builder : builder.withLoggingDisabled();
  }

  /**
   * A DSL table store whose writes are counted in {@code changes}, for a global table read whole by a processor. It
   * is not cached: a write must reach the count when readers can see it.
   */
  public <K, V> Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized(String name, StoreChanges changes) {
    KeyValueBytesStoreSupplier supplier = this == PERSISTENT
        ? Stores.persistentTimestampedKeyValueStore(name)
        : Stores.inMemoryKeyValueStore(name);
    Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized =
        Materialized.<K, V>as(changes.counting(supplier)).withCachingDisabled();
    return this == PERSISTENT ? materialized : materialized.withLoggingDisabled();
  }

  /** A DSL table store; persistent ones stay the DSL's default (timestamped RocksDB, logged). */
  public <K, V> Materialized<K, V, KeyValueStore<Bytes, byte[]>> materialized(String name) {
    return this == PERSISTENT
        ? Materialized.as(name)
        : Materialized.<K, V>as(Stores.inMemoryKeyValueStore(name)).withLoggingDisabled();
  }
}
