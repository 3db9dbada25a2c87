package io.leadflow.platform.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * An offline replay's key-value store: the values a replay is working on stay objects instead of being encoded on
 * every put and decoded on every get, which was most of a replay's Avro work (docs/BENCHMARKS.md, "Simulate"). It
 * behaves as Kafka's in-memory byte store under a serde does, so the topologies cannot tell the difference:
 * <ul>
 *   <li>keys are ordered by their serialized bytes, so ranges and prefix scans return what they would;</li>
 *   <li>every get returns a copy and every put stores one, as a byte round trip would: a processor that changes an
 *       object it read, or one it stored, changes nothing in the store;</li>
 *   <li>iterators see the keys as they were when created and skip those deleted since.</li>
 * </ul>
 * Only the values used last ({@value #HOT_VALUES} per store) are kept as objects; older ones are encoded when they
 * drop out, so a long replay needs about the memory of the byte store (as objects, a routed lead's ownership record with its
 * assignment, decision and candidates takes several times its encoded size). A copy of an Avro record is Avro's deep
 * copy, except for records with a map: a decoded map's iteration order (which sums can depend on) is only reproduced
 * by decoding, so those, and any value that is neither an Avro record nor immutable, are always kept encoded. No
 * changelog, no cache, nothing to restore: only for {@link StoreKind#IN_MEMORY}.
 */
public final class InMemoryObjectStore<K, V> implements KeyValueStore<K, V> {

  /**
   * Values kept as objects per store: the keys a replay reads and writes again and again (a pool's reps, a burst of
   * leads). More cost more than they save: a value written once and rarely read (a lead's ownership) is copied on put
   * and encoded when it drops out, and the garbage collector copies every held object until then. With 10,000, the
   * 1,000,000-event benchmark ran about 10 % slower (docs/BENCHMARKS.md, "Simulate").
   */
  static final int HOT_VALUES = 1_000;

  private final String name;
  private final Serde<K> keySerde;
  private final Serde<V> valueSerde;
  /**
   * Hashed until the first range, scan or prefix scan, sorted by key bytes from then on (see {@link #sorted}). Most of
   * a replay's stores (a lead's state, its ownership) are only ever read by key, and inserting into a tree of a few
   * hundred thousand keys was a fifth of the scoring thread's time (docs/BENCHMARKS.md, "Simulate").
   */
  private Map<Bytes, Slot<K>> map = new HashMap<>();
  /** The slots holding objects, least recently used first; the eldest is encoded when there are too many. */
  private final Map<Bytes, Slot<K>> hot = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Bytes, Slot<K>> eldest) {
      if (size() <= hotValues) {
        return false;
      }
      eldest.getValue().value = encode(eldest.getValue().value);
      return true;
    }
  };
  private final Map<Schema, Boolean> hasMap = new HashMap<>();
  private final int hotValues;
  private boolean open;

  /** @param hotValues {@link #HOT_VALUES}; a test uses fewer to see values encoded and promoted again */
  InMemoryObjectStore(String name, Serde<K> keySerde, Serde<V> valueSerde, int hotValues) {
    this.name = name;
    this.keySerde = keySerde;
    this.valueSerde = valueSerde;
    this.hotValues = hotValues;
  }

  /** A builder for {@link StoreKind#IN_MEMORY}: logging and caching stay off. */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(String name, Serde<K> keys, Serde<V> values) {
    return new Builder<>(name, keys, values);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    context.register(root, (key, value) -> {
      throw new IllegalStateException("store " + name + " has no changelog to restore from");
    });
    open = true;
  }

  @Override
  public void close() {
    map.clear();
    hot.clear();
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public V get(K key) {
    Bytes bytes = bytes(key);
    Slot<K> slot = map.get(bytes);
    if (slot == null) {
      return null;
    }
    if (slot.value instanceof Encoded encoded) {
      V decoded = decode(encoded);
      if (keptAsObject(decoded)) { // in use again: back to an object
        slot.value = deepCopy((SpecificRecord) decoded);
        hot.put(bytes, slot);
      }
      return decoded;
    }
    hot.get(bytes); // most recently used now
    return read(slot.value);
  }

  @Override
  public void put(K key, V value) {
    if (value == null) {
      delete(key);
    } else {
      Bytes bytes = bytes(key);
      Slot<K> slot = new Slot<>(key, stored(value));
      map.put(bytes, slot);
      if (slot.value instanceof Encoded || immutable(slot.value)) {
        hot.remove(bytes);
      } else {
        hot.put(bytes, slot);
      }
    }
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V existing = get(key);
    if (existing == null) {
      put(key, value);
    }
    return existing;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    entries.forEach(entry -> put(entry.key, entry.value));
  }

  @Override
  public V delete(K key) {
    Bytes bytes = bytes(key);
    hot.remove(bytes);
    Slot<K> removed = map.remove(bytes);
    return removed == null ? null : read(removed.value);
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    return iterator(slice(from, to), true);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    return iterator(slice(from, to), false);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    return iterator(sorted(), true);
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    return iterator(sorted(), false);
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
    Bytes from = Bytes.wrap(prefixKeySerializer.serialize(name, prefix));
    Bytes to = Bytes.increment(from);
    return iterator(sorted().subMap(from, true, to, false), true);
  }

  @Override
  public long approximateNumEntries() {
    return map.size();
  }

  /** The entries in key byte order; the first call turns the hashed map into a sorted one, for good. */
  private NavigableMap<Bytes, Slot<K>> sorted() {
    if (!(map instanceof TreeMap)) {
      map = new TreeMap<>(map);
    }
    return (NavigableMap<Bytes, Slot<K>>) map;
  }

  private NavigableMap<Bytes, Slot<K>> slice(K from, K to) {
    NavigableMap<Bytes, Slot<K>> sorted = sorted();
    if (from == null && to == null) {
      return sorted;
    }
    if (from == null) {
      return sorted.headMap(bytes(to), true);
    }
    if (to == null) {
      return sorted.tailMap(bytes(from), true);
    }
    Bytes fromBytes = bytes(from);
    Bytes toBytes = bytes(to);
    return fromBytes.compareTo(toBytes) > 0 ? new TreeMap<>() : sorted.subMap(fromBytes, true, toBytes, true);
  }

  private Bytes bytes(K key) {
    return Bytes.wrap(keySerde.serializer().serialize(name, key));
  }

  /** What the store keeps for a value: the value itself if immutable, else a deep copy, else its encoding. */
  private Object stored(V value) {
    if (immutable(value)) {
      return value;
    }
    return keptAsObject(value) ? deepCopy((SpecificRecord) value) : encode(value);
  }

  private boolean keptAsObject(Object value) {
    return value instanceof SpecificRecord record && !hasMap.computeIfAbsent(record.getSchema(), InMemoryObjectStore::hasMap);
  }

  /** A value the caller may change as it likes. */
  @SuppressWarnings("unchecked")
  private V read(Object stored) {
    if (stored instanceof Encoded encoded) {
      return decode(encoded);
    }
    return immutable(stored) ? (V) stored : (V) deepCopy((SpecificRecord) stored);
  }

  @SuppressWarnings("unchecked")
  private Encoded encode(Object value) {
    return new Encoded(valueSerde.serializer().serialize(name, (V) value));
  }

  private V decode(Encoded encoded) {
    return valueSerde.deserializer().deserialize(name, encoded.bytes());
  }

  private static boolean immutable(Object value) {
    return value instanceof String || value instanceof Long || value instanceof Integer || value instanceof Double
        || value instanceof Boolean;
  }

  private static SpecificRecord deepCopy(SpecificRecord record) {
    return SpecificData.getForSchema(record.getSchema()).deepCopy(record.getSchema(), record);
  }

  /** A key and its value as kept: an object (see {@link #stored}) or {@link Encoded}. */
  private static final class Slot<K> {
    final K key;
    Object value;

    Slot(K key, Object value) {
      this.key = key;
      this.value = value;
    }
  }

  private record Encoded(byte[] bytes) {}

  private static boolean hasMap(Schema schema) {
    return hasMap(schema, new HashSet<>());
  }

  private static boolean hasMap(Schema schema, Set<String> seen) {
    return switch (schema.getType()) {
      case MAP -> true;
      case ARRAY -> hasMap(schema.getElementType(), seen);
      case UNION -> schema.getTypes().stream().anyMatch(type -> hasMap(type, seen));
      case RECORD -> seen.add(schema.getFullName())
          && schema.getFields().stream().anyMatch(field -> hasMap(field.schema(), seen));
      default -> false;
    };
  }

  private KeyValueIterator<K, V> iterator(NavigableMap<Bytes, Slot<K>> slice, boolean forward) {
    List<Bytes> keys = new ArrayList<>(forward ? slice.navigableKeySet() : slice.descendingKeySet());
    return new KeyValueIterator<>() {
      private final Iterator<Bytes> remaining = keys.iterator();
      private Slot<K> next;

      @Override
      public boolean hasNext() {
        while (next == null && remaining.hasNext()) {
          next = map.get(remaining.next()); // null when deleted since the iterator was made
        }
        return next != null;
      }

      @Override
      public KeyValue<K, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Slot<K> slot = next;
        next = null;
        return KeyValue.pair(slot.key, read(slot.value)); // an iterator does not count as use: scans stay encoded
      }

      @Override
      public K peekNextKey() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return next.key;
      }

      @Override
      public void close() {
      }
    };
  }

  private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
    private final String name;
    private final Serde<K> keys;
    private final Serde<V> values;

    Builder(String name, Serde<K> keys, Serde<V> values) {
      this.name = name;
      this.keys = keys;
      this.values = values;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
      throw new UnsupportedOperationException("an offline replay's object store " + name + " has no record cache");
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
      throw new UnsupportedOperationException("an offline replay's object store " + name + " has no changelog");
    }

    @Override
    public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
      return this;
    }

    @Override
    public KeyValueStore<K, V> build() {
      return new InMemoryObjectStore<>(name, keys, values, HOT_VALUES);
    }

    @Override
    public Map<String, String> logConfig() {
      return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
