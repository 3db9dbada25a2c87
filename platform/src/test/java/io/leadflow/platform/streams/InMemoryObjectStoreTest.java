package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.PoolRepWindowCount;
import io.leadflow.avro.PoolSourceStats;
import io.leadflow.avro.SourceStats;
import io.leadflow.schemas.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The object store against Kafka's in-memory byte store under the same serdes: the same random operations on both
 * must give the same answers, byte for byte once encoded, whatever the caller does to the objects it gets or puts.
 */
class InMemoryObjectStoreTest {

  /** Keys whose UTF-8 order differs from Java's String order ('\uFF21' sorts before the surrogate pair in UTF-16). */
  private static final List<String> KEYS = List.of("a", "a|1", "a|2", "ab", "b", "b|1", "z", "é", "\uFF21",
      "\uD83D\uDE00", "", "a\u0000x");

  private static <V> KeyValueStore<String, V> bytes(Serde<V> values) {
    KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(), values)
        .withLoggingDisabled().withCachingDisabled().build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }

  /** @param hotValues 0: as {@link StoreKind#IN_MEMORY} builds it; else that few values kept as objects */
  private static <V> KeyValueStore<String, V> objects(Serde<V> values, int hotValues) {
    KeyValueStore<String, V> store = hotValues == 0
        ? StoreKind.IN_MEMORY.keyValueStore("s", Serdes.String(), values).build()
        : new InMemoryObjectStore<>("s", Serdes.String(), values, hotValues);
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }

  private static PoolRepWindowCount count(SplittableRandom random) {
    return new PoolRepWindowCount(random.nextLong(100), random.nextLong(1000), random.nextLong(), random.nextLong());
  }

  /** A record with a map: kept encoded, so its decoded map comes back in the order a decode gives. */
  private static PoolSourceStats stats(SplittableRandom random) {
    Map<String, SourceStats> sources = new LinkedHashMap<>();
    for (String source : List.of("push", "claim", "take-next", "escalation", "sla-reroute")) {
      if (random.nextBoolean()) {
        sources.put(source, SourceStats.newBuilder().setAssigned(random.nextLong(50))
            .setLatencyBuckets(new ArrayList<>(List.of(random.nextLong(9), random.nextLong(9)))).build());
      }
    }
    return PoolSourceStats.newBuilder().setPoolId("p" + random.nextInt(3)).setSources(sources)
        .setUpdatedAt(Instant.ofEpochMilli(random.nextLong(1L << 40))).build();
  }

  @Test
  void recordsWithoutAMapBehaveAsInTheByteStore() {
    for (long seed = 1; seed <= 20; seed++) {
      compare(AvroSerde.of(PoolRepWindowCount.class), InMemoryObjectStoreTest::count, value -> value.setTotal(-1L), seed, 0);
    }
  }

  /** With three values kept as objects, most are encoded when they drop out and become objects again when read. */
  @Test
  void valuesEncodedWhenTheyDropOutAndReadAgainBehaveAsInTheByteStore() {
    for (long seed = 1; seed <= 20; seed++) {
      compare(AvroSerde.of(PoolRepWindowCount.class), InMemoryObjectStoreTest::count, value -> value.setTotal(-1L), seed, 3);
    }
  }

  @Test
  void recordsWithAMapBehaveAsInTheByteStore() {
    for (long seed = 1; seed <= 20; seed++) {
      compare(AvroSerde.of(PoolSourceStats.class), InMemoryObjectStoreTest::stats, value -> value.getSources().clear(), seed, 0);
    }
  }

  @Test
  void stringsBehaveAsInTheByteStore() {
    for (long seed = 1; seed <= 20; seed++) {
      compare(Serdes.String(), random -> "v" + random.nextInt(1000), value -> { }, seed, 0);
    }
  }

  /**
   * 400 random operations on both stores; after each, the answer, encoded, must be the same. {@code mutate} changes
   * an object in place: done to what a get returned and to what was just put, it must change neither store. The first
   * {@value #KEYED_OPERATIONS} only read and write by key, so the object store's hashed map fills before its first
   * ordered read turns it into a sorted one.
   */
  private static final int KEYED_OPERATIONS = 150;

  private static <V> void compare(Serde<V> serde, Function<SplittableRandom, V> values,
      java.util.function.Consumer<V> mutate, long seed, int hotValues) {
    SplittableRandom random = new SplittableRandom(seed);
    KeyValueStore<String, V> expected = bytes(serde);
    KeyValueStore<String, V> actual = objects(serde, hotValues);
    for (int i = 0; i < 400; i++) {
      String key = KEYS.get(random.nextInt(KEYS.size()));
      String other = random.nextInt(5) == 0 ? null : KEYS.get(random.nextInt(KEYS.size()));
      String step = "seed " + seed + ", operation " + i;
      int operation = random.nextInt(10);
      switch (i < KEYED_OPERATIONS ? Math.min(operation, 5) : operation) {
        case 0, 1, 2 -> {
          V value = values.apply(random);
          V copy = serde.deserializer().deserialize("s", serde.serializer().serialize("s", value));
          expected.put(key, copy);
          actual.put(key, value);
          mutate.accept(value);
        }
        case 3 -> {
          V value = values.apply(random);
          assertThat(encode(serde, actual.putIfAbsent(key, value))).as(step)
              .isEqualTo(encode(serde, expected.putIfAbsent(key, value)));
        }
        case 4 -> assertThat(encode(serde, actual.delete(key))).as(step).isEqualTo(encode(serde, expected.delete(key)));
        case 5 -> {
          V got = actual.get(key);
          assertThat(encode(serde, got)).as(step).isEqualTo(encode(serde, expected.get(key)));
          if (got != null) {
            mutate.accept(got);
          }
        }
        case 6 -> assertThat(list(serde, actual.range(key, other))).as(step).isEqualTo(list(serde, expected.range(key, other)));
        case 7 -> assertThat(list(serde, actual.reverseRange(other, key))).as(step)
            .isEqualTo(list(serde, expected.reverseRange(other, key)));
        case 8 -> {
          String prefix = key.isEmpty() ? "a" : key.substring(0, 1);
          assertThat(list(serde, actual.prefixScan(prefix, new StringSerializer()))).as(step)
              .isEqualTo(list(serde, expected.prefixScan(prefix, new StringSerializer())));
        }
        default -> assertThat(deleteWhileIterating(serde, actual, key)).as(step)
            .isEqualTo(deleteWhileIterating(serde, expected, key));
      }
      assertThat(actual.approximateNumEntries()).as(step).isEqualTo(expected.approximateNumEntries());
      if (i >= KEYED_OPERATIONS) {
        assertThat(list(serde, actual.all())).as(step).isEqualTo(list(serde, expected.all()));
        assertThat(list(serde, actual.reverseAll())).as(step).isEqualTo(list(serde, expected.reverseAll()));
      }
    }
  }

  /** Iterates all, deleting {@code key} after the first entry: iterators skip what was deleted since they began. */
  private static <V> List<String> deleteWhileIterating(Serde<V> serde, KeyValueStore<String, V> store, String key) {
    List<String> seen = new ArrayList<>();
    try (KeyValueIterator<String, V> all = store.all()) {
      while (all.hasNext()) {
        String peeked = all.peekNextKey();
        KeyValue<String, V> entry = all.next();
        seen.add(peeked + "=" + entry.key + "=" + encode(serde, entry.value));
        if (seen.size() == 1) {
          store.delete(key);
        }
      }
    }
    return seen;
  }

  private static <V> List<String> list(Serde<V> serde, KeyValueIterator<String, V> iterator) {
    List<String> entries = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(entry -> entries.add(entry.key + "=" + encode(serde, entry.value)));
    }
    return entries;
  }

  private static <V> String encode(Serde<V> serde, V value) {
    return value == null ? "null" : java.util.HexFormat.of().formatHex(serde.serializer().serialize("s", value));
  }
}
