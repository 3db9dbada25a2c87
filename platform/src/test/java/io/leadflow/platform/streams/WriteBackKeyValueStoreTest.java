package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The write-back layer over a real (in-memory, serializing) store. The inner store stands for what reaches the
 * changelog: its logging layer writes exactly what is put into it, so "not in the inner store" means "not logged".
 */
class WriteBackKeyValueStoreTest {

  private final AtomicInteger decodes = new AtomicInteger();
  private final AtomicInteger encodes = new AtomicInteger();
  private KeyValueStore<String, StringBuilder> inner;
  private WriteBackKeyValueStore<String, StringBuilder> store;

  /** Values are mutable, like Avro records; the serde counts decodes. */
  private WriteBackKeyValueStore<String, StringBuilder> open(int maxObjects, boolean keepAcrossCommits) {
    return open(maxObjects, keepAcrossCommits, false);
  }

  private WriteBackKeyValueStore<String, StringBuilder> open(int maxObjects, boolean keepAcrossCommits, boolean initElsewhere) {
    Deserializer<StringBuilder> decode = (topic, bytes) -> {
      decodes.incrementAndGet();
      return bytes == null ? null : new StringBuilder(new StringDeserializer().deserialize(topic, bytes));
    };
    Serde<StringBuilder> serde = Serdes.serdeFrom((topic, value) -> {
      encodes.incrementAndGet();
      return value == null ? null : Serdes.String().serializer().serialize(topic, value.toString());
    }, decode);
    inner = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("states"), Serdes.String(), serde)
        .withLoggingDisabled().withCachingDisabled().build();
    store = new WriteBackKeyValueStore<>(inner, maxObjects, keepAcrossCommits);
    Runnable init = () -> store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    if (initElsewhere) {
      CompletableFuture.runAsync(init).join();
    } else {
      init.run();
    }
    return store;
  }

  @AfterEach
  void close() {
    if (store != null && store.isOpen()) {
      store.close();
    }
  }

  private String innerValue(String key) {
    StringBuilder value = inner.get(key);
    return value == null ? null : value.toString();
  }

  /** An offline replay flushes only at the end: what was evicted and written through must not stay referenced. */
  @Test
  void withoutAFlushItKeepsNoMoreThanTwiceItsObjects() {
    open(3, true);
    for (int i = 0; i < 100; i++) {
      store.put("lead-" + i, new StringBuilder("v" + i));
    }

    assertThat(store.trackedForFlush()).isLessThanOrEqualTo(6);
    assertThat(innerValue("lead-0")).as("evicted, so written through").isEqualTo("v0");
    store.flushCache();
    for (int i = 0; i < 100; i++) {
      assertThat(innerValue("lead-" + i)).isEqualTo("v" + i);
    }
  }

  @Test
  void putsReachTheInnerStoreOnlyAtTheCommitsCacheFlushWithTheirLatestContent() {
    open(100, false);
    StringBuilder state = new StringBuilder("a");
    store.put("lead-1", state);
    state.append("b"); // mutated after put, as the processor does with the next event
    store.put("lead-1", state);
    assertThat(innerValue("lead-1")).as("nothing written before the commit").isNull();
    assertThat(store.get("lead-1")).as("the processor sees its own updates").isSameAs(state);

    store.flushCache();
    assertThat(innerValue("lead-1")).isEqualTo("ab");
  }

  @Test
  void whatWasPutAfterTheLastCommitIsLostOnACrashAndTheCommittedStateIsReadAgain() {
    open(100, false);
    store.put("lead-1", new StringBuilder("committed"));
    store.flushCache();
    StringBuilder state = store.get("lead-1");
    state.append("+uncommitted");
    store.put("lead-1", state);

    store.clearCache(); // what a task corrupted under exactly-once does before it is revived
    assertThat(innerValue("lead-1")).isEqualTo("committed");
    assertThat(store.get("lead-1")).hasToString("committed");
    store.flushCache();
    assertThat(innerValue("lead-1")).as("the discarded update is not written later either").isEqualTo("committed");
  }

  @Test
  void aKeyIsDecodedOncePerCommitIntervalLiveAndOnceInAllOffline() {
    open(100, false);
    store.put("lead-1", new StringBuilder("x"));
    store.flushCache();
    decodes.set(0);
    for (int event = 0; event < 5; event++) {
      store.put("lead-1", store.get("lead-1").append(event));
    }
    assertThat(decodes).as("one decode for five events").hasValue(1);
    store.flushCache();
    store.get("lead-1");
    assertThat(decodes).as("objects are dropped at each commit in a live store").hasValue(2);
    assertThat(store.get("lead-1")).hasToString("x01234");
    store.close();

    decodes.set(0);
    open(100, true);
    store.put("lead-2", new StringBuilder("y"));
    store.flushCache();
    store.get("lead-2");
    store.flushCache();
    store.get("lead-2");
    assertThat(decodes).as("an offline replay keeps clean objects across commits").hasValue(0);
  }

  @Test
  void pastTheBoundTheLeastRecentlyUsedObjectIsWrittenThroughAndDropped() {
    open(2, true);
    store.put("a", new StringBuilder("1"));
    store.put("b", new StringBuilder("2"));
    store.get("a"); // b is now the least recently used
    store.put("c", new StringBuilder("3"));
    assertThat(store.heldObjects()).isEqualTo(2);
    assertThat(innerValue("b")).as("a dirty object is written before it is dropped").isEqualTo("2");
    assertThat(innerValue("a")).isNull();
    assertThat(List.of(store.get("a").toString(), store.get("b").toString(), store.get("c").toString()))
        .containsExactly("1", "2", "3");
    store.flushCache();
    assertThat(List.of(innerValue("a"), innerValue("b"), innerValue("c"))).containsExactly("1", "2", "3");
  }

  /** Stores may be initialized on another thread than the one that processes; the writer sees its own puts. */
  @Test
  void theThreadThatWritesReadsItsOwnPutsWhereverTheStoreWasInitialized() {
    open(100, false, true);
    store.put("a", new StringBuilder("1"));
    store.flushCache();
    store.put("a", store.get("a").append("2"));
    assertThat(store.get("a")).hasToString("12");
    store.flushCache();
    assertThat(innerValue("a")).isEqualTo("12");
  }

  @Test
  void aCommitWritesWhatChangedOnlyOnceEach() {
    open(100, true);
    for (String key : List.of("a", "b", "c")) {
      store.put(key, new StringBuilder(key));
    }
    store.flushCache();
    encodes.set(0);
    store.put("b", store.get("b").append("1"));
    store.put("b", store.get("b").append("2"));
    store.flushCache();
    assertThat(encodes).as("one encode: b, once").hasValue(1);
    assertThat(innerValue("b")).isEqualTo("b12");
    store.flushCache();
    assertThat(encodes).as("nothing dirty, nothing written").hasValue(1);
  }

  @Test
  void deletesAreWrittenBackToo() {
    open(100, false);
    store.put("a", new StringBuilder("1"));
    store.flushCache();
    assertThat(store.delete("a")).hasToString("1");
    assertThat(store.get("a")).isNull();
    assertThat(innerValue("a")).isEqualTo("1");
    store.flushCache();
    assertThat(innerValue("a")).isNull();
  }

  @Test
  void rangeReadsOnTheOwningThreadSeeDirtyObjectsOtherThreadsSeeTheLastFlush() throws Exception {
    open(100, false);
    store.put("a", new StringBuilder("1"));
    store.flushCache();
    store.put("a", new StringBuilder("2"));
    store.put("b", new StringBuilder("3"));

    String fromQueryThread = CompletableFuture.supplyAsync(() -> String.valueOf(store.get("a"))).get();
    assertThat(fromQueryThread).isEqualTo("1");

    List<String> all = new ArrayList<>();
    try (KeyValueIterator<String, StringBuilder> it = store.all()) {
      it.forEachRemaining((KeyValue<String, StringBuilder> kv) -> all.add(kv.key + "=" + kv.value));
    }
    assertThat(all).containsExactly("a=2", "b=3");
  }
}
