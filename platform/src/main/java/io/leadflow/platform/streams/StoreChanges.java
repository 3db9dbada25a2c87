package io.leadflow.platform.streams;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Counts the writes to one store, in total and per key, so a processor can keep values it decoded from it until they
 * change: reading a table store decodes the value on every get, which for a table read whole on every record (the
 * reps of a pool, their loads) costs more than the record's own work.
 *
 * <p>Built for a global table: the global thread writes, stream threads read. A reader takes {@link #count()}
 * before it reads, and its decoded value is current while {@link #changedSince} says no for its key. A write
 * increments the count before it stamps the key, so a reader never keeps a value older than its count says. A restore
 * writes behind the wrapper, so every (re-)initialization of the store, which precedes one, counts as a change of
 * every key.
 */
public final class StoreChanges {

  private final AtomicLong count = new AtomicLong();
  /** Key → the count after its last write; only keys written since the last initialization. */
  private final ConcurrentHashMap<Bytes, Long> stamps = new ConcurrentHashMap<>();
  /** The count after the store was last initialized: everything read before it is stale. */
  private volatile long initializedAt;

  /** Writes so far. */
  public long count() {
    return count.get();
  }

  /** Whether {@code key} was written after the reader took {@code seen} from {@link #count()}. */
  public boolean changedSince(Bytes key, long seen) {
    if (initializedAt > seen) {
      return true;
    }
    Long stamp = stamps.get(key);
    return stamp != null && stamp > seen;
  }

  void written(Bytes key) {
    stamps.put(key, count.incrementAndGet());
  }

  void initialized() {
    initializedAt = count.incrementAndGet();
    stamps.clear();
  }

  /** A supplier of {@code inner}'s stores, each of which reports its writes here. */
  public KeyValueBytesStoreSupplier counting(KeyValueBytesStoreSupplier inner) {
    StoreChanges changes = this;
    return new KeyValueBytesStoreSupplier() {
      @Override
      public String name() {
        return inner.name();
      }

      @Override
      public KeyValueStore<Bytes, byte[]> get() {
        KeyValueStore<Bytes, byte[]> store = inner.get();
        return store instanceof TimestampedBytesStore
            ? new TimestampedCountingStore(store, changes) : new CountingStore(store, changes);
      }

      @Override
      public String metricsScope() {
        return inner.metricsScope();
      }
    };
  }

  /** Passes everything to the inner store and reports each write. */
  static class CountingStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
      implements KeyValueStore<Bytes, byte[]> {

    private final StoreChanges changes;

    CountingStore(KeyValueStore<Bytes, byte[]> inner, StoreChanges changes) {
      super(inner);
      this.changes = changes;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      changes.initialized();
      super.init(context, root);
    }

    @Override
    public void put(Bytes key, byte[] value) {
      wrapped().put(key, value);
      changes.written(key);
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
      byte[] previous = wrapped().putIfAbsent(key, value);
      if (previous == null) {
        changes.written(key);
      }
      return previous;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
      wrapped().putAll(entries);
      entries.forEach(entry -> changes.written(entry.key));
    }

    @Override
    public byte[] delete(Bytes key) {
      byte[] previous = wrapped().delete(key);
      changes.written(key);
      return previous;
    }

    @Override
    public byte[] get(Bytes key) {
      return wrapped().get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
      return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
      return wrapped().all();
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
      return wrapped().reverseAll();
    }

    @Override
    public <PS extends Serializer<P>, P>
        KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
      return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
      return wrapped().approximateNumEntries();
    }
  }

  /** The same for a store whose values carry their timestamp, so Kafka Streams does not convert them again. */
  static final class TimestampedCountingStore extends CountingStore
      implements TimestampedBytesStore {

    TimestampedCountingStore(KeyValueStore<Bytes, byte[]> inner, StoreChanges changes) {
      super(inner, changes);
    }
  }
}
