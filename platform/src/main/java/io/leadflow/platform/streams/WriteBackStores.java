package io.leadflow.platform.streams;

import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/** Puts a {@link WriteBackKeyValueStore} in front of what a key-value store builder builds. */
public final class WriteBackStores {

  private WriteBackStores() {}

  /** @param keepAcrossCommits only for offline replays: see {@link WriteBackKeyValueStore} */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(StoreBuilder<KeyValueStore<K, V>> inner, int maxObjects,
      boolean keepAcrossCommits) {
    return new Builder<>(inner, maxObjects, keepAcrossCommits);
  }

  private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
    private final StoreBuilder<KeyValueStore<K, V>> inner;
    private final int maxObjects;
    private final boolean keepAcrossCommits;

    Builder(StoreBuilder<KeyValueStore<K, V>> inner, int maxObjects, boolean keepAcrossCommits) {
      this.inner = inner;
      this.maxObjects = maxObjects;
      this.keepAcrossCommits = keepAcrossCommits;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
      inner.withCachingEnabled();
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
      inner.withCachingDisabled();
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
      inner.withLoggingEnabled(config);
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
      inner.withLoggingDisabled();
      return this;
    }

    @Override
    public KeyValueStore<K, V> build() {
      return new WriteBackKeyValueStore<>(inner.build(), maxObjects, keepAcrossCommits);
    }

    @Override
    public Map<String, String> logConfig() {
      return inner.logConfig();
    }

    @Override
    public boolean loggingEnabled() {
      return inner.loggingEnabled();
    }

    @Override
    public String name() {
      return inner.name();
    }
  }
}
