package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.junit.jupiter.api.Test;

/** Every kind of write shows in the count and for its key; reads change nothing; a timestamped store stays one. */
class StoreChangesTest {

  private static Bytes key(String key) {
    return Bytes.wrap(key.getBytes(StandardCharsets.UTF_8));
  }

  private static KeyValueStore<Bytes, byte[]> open(KeyValueStore<Bytes, byte[]> store) {
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }

  @Test
  void countsEachWriteAndStampsItsKey() {
    StoreChanges changes = new StoreChanges();
    KeyValueStore<Bytes, byte[]> store = open(changes.counting(Stores.inMemoryKeyValueStore("reps")).get());
    long before = changes.count();

    store.put(key("alice"), new byte[] {1});
    assertThat(changes.changedSince(key("alice"), before)).isTrue();
    assertThat(changes.changedSince(key("bob"), before)).isFalse();

    long seen = changes.count();
    store.get(key("alice"));
    store.all().close();
    assertThat(changes.count()).as("reads are not writes").isEqualTo(seen);
    assertThat(changes.changedSince(key("alice"), seen)).isFalse();

    store.putIfAbsent(key("alice"), new byte[] {2});
    assertThat(changes.changedSince(key("alice"), seen)).as("nothing was put").isFalse();
    store.putIfAbsent(key("bob"), new byte[] {2});
    store.putAll(List.of(KeyValue.pair(key("carol"), new byte[] {3})));
    store.delete(key("alice"));
    assertThat(List.of("alice", "bob", "carol")).allMatch(k -> changes.changedSince(key(k), seen));
    assertThat(changes.count()).isEqualTo(seen + 3);
    assertThat(store.get(key("carol"))).containsExactly(3);
  }

  /** A restore writes behind the store's back; it follows an initialization, which therefore changes every key. */
  @Test
  void anInitializationChangesEveryKey() {
    StoreChanges changes = new StoreChanges();
    KeyValueStore<Bytes, byte[]> store = open(changes.counting(Stores.inMemoryKeyValueStore("reps")).get());
    store.put(key("alice"), new byte[] {1});
    long seen = changes.count();
    store.close();

    open(store);
    assertThat(changes.count()).isGreaterThan(seen);
    assertThat(changes.changedSince(key("bob"), seen)).isTrue();
    assertThat(changes.changedSince(key("bob"), changes.count())).isFalse();
  }

  @Test
  void aTimestampedStoreStaysTimestamped() {
    StoreChanges changes = new StoreChanges();
    assertThat(changes.counting(Stores.persistentTimestampedKeyValueStore("reps")).get())
        .isInstanceOf(TimestampedBytesStore.class);
    assertThat(changes.counting(Stores.inMemoryKeyValueStore("reps")).get())
        .isNotInstanceOf(TimestampedBytesStore.class);
  }
}
