package io.leadflow.platform.streams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A typed write-back layer in front of a key-value store: {@code get} hands out the live object, {@code put} only
 * marks it dirty, and the dirty objects are written through to the inner (serializing, caching, logging) store
 * when the task flushes its caches before a commit. A key changed many times between two commits therefore costs
 * one serialization, and a read of a key already held costs no deserialization.
 *
 * <p>Exactly-once: before committing, a Kafka Streams 4.3 task calls {@code flushCache()} on every registered store
 * that is a {@code CachedStateStore} (this one is, via {@link WrappedStateStore}), then flushes the record
 * collector, then commits the transaction; {@code commit(Map)} follows after. This layer writes its dirty objects
 * into the inner store first thing in {@code flushCache()}, so the changelog of every transaction holds exactly the
 * states the inner store would have held without this layer. What was put after the last commit is in no
 * transaction: a crash loses it together with the input offsets, and it is computed again. On close, a dirty
 * close and {@code clearCache()} (task corrupted or revived) the objects are dropped unwritten, like a record cache.
 *
 * <p>Contract for callers: mutate an object obtained from {@code get} only on a path that ends in {@code put} of
 * that key (a mutation without put would be seen by the next {@code get} but never written), and never hand a
 * mutable part of it to anything that keeps it past the current record.
 *
 * <p>Clean objects are kept across commits only if {@code keepAcrossCommits}: a live task may be recycled into a
 * standby and back, and the standby updates the inner store behind this layer's back, so live stores drop them
 * at every commit (in {@code flushCache()}, which precedes every commit and so every recycling). Offline replays ({@link StoreKind#IN_MEMORY}, one task, no standbys) keep them. At most
 * {@code maxObjects} objects are held; past that the least recently used one is dropped, written through first
 * if dirty (the inner store is not the changelog; it is only logged at the commit).
 *
 * <p>Reads from another thread (interactive queries) bypass the objects and see the inner store, that is the
 * state as of the last flush. Range reads and {@code all()} from the owning thread write the dirty objects
 * through first, so they see everything.
 */
public final class WriteBackKeyValueStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
    implements KeyValueStore<K, V> {

  private static final class Held<K, V> {
    final K key;
    V value; // null: deleted, written through as a delete
    boolean dirty;

    Held(K key, V value) {
      this.key = key;
      this.value = value;
    }
  }

  private final int maxObjects;
  private final boolean keepAcrossCommits;
  private final LinkedHashMap<K, Held<K, V>> held;
  /** The dirty entries, so that a commit costs what was changed, not what is held (offline, a commit per record). */
  private final List<Held<K, V>> dirty = new ArrayList<>();
  /**
   * The thread that writes (the stream thread): the last one to put or flush. Taken from writes rather than from
   * init, which may run on another thread than processing; a read by the writer always sees its own puts.
   */
  private volatile Thread owner;

  public WriteBackKeyValueStore(KeyValueStore<K, V> inner, int maxObjects, boolean keepAcrossCommits) {
    super(inner);
    if (maxObjects < 1) {
      throw new IllegalArgumentException("maxObjects must be positive, got " + maxObjects);
    }
    this.maxObjects = maxObjects;
    this.keepAcrossCommits = keepAcrossCommits;
    this.held = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, Held<K, V>> eldest) {
        if (size() <= WriteBackKeyValueStore.this.maxObjects) {
          return false;
        }
        writeThrough(eldest.getValue()); // if dirty; it stays in the dirty list, clean, until a flush or compaction
        return true;
      }
    };
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    owner = Thread.currentThread();
    drop();
    super.init(context, root);
  }

  private boolean foreignThread() {
    return Thread.currentThread() != owner;
  }

  private void ownedByThisThread() {
    Thread current = Thread.currentThread();
    if (owner != current) {
      owner = current;
    }
  }

  @Override
  public V get(K key) {
    if (foreignThread()) {
      return wrapped().get(key);
    }
    Held<K, V> entry = held.get(key);
    if (entry != null) {
      return entry.value;
    }
    V value = wrapped().get(key);
    if (value != null) {
      held.put(key, new Held<>(key, value));
    }
    return value;
  }

  @Override
  public void put(K key, V value) {
    ownedByThisThread();
    Held<K, V> entry = held.get(key);
    if (entry == null) {
      entry = new Held<>(key, value);
      held.put(key, entry);
    }
    entry.value = value;
    if (!entry.dirty) {
      entry.dirty = true;
      if (dirty.size() >= 2 * maxObjects) {
        // Entries written through on eviction stay in the list until the next flush; without a flush for a long
        // time (an offline replay commits only at the end) they would keep every object ever put. At most
        // maxObjects entries are really dirty (all of them held), so this runs at most once per maxObjects puts.
        dirty.removeIf(held -> !held.dirty);
      }
      dirty.add(entry);
    }
  }

  @Override
  public V putIfAbsent(K key, V value) {
    V current = get(key);
    if (current == null) {
      put(key, value);
    }
    return current;
  }

  @Override
  public void putAll(List<KeyValue<K, V>> entries) {
    entries.forEach(entry -> put(entry.key, entry.value));
  }

  @Override
  public V delete(K key) {
    V current = get(key);
    put(key, null);
    return current;
  }

  /** Entries the next flush will look at, dirty or written through since; for tests. */
  int trackedForFlush() {
    return dirty.size();
  }

  private void writeThrough(Held<K, V> entry) {
    if (!entry.dirty) {
      return;
    }
    if (entry.value == null) {
      wrapped().delete(entry.key);
    } else {
      wrapped().put(entry.key, entry.value);
    }
    entry.dirty = false;
  }

  /** Writes every dirty object to the inner store; they stay held, clean. */
  private void writeDirty() {
    if (dirty.isEmpty()) {
      return;
    }
    for (Held<K, V> entry : dirty) {
      writeThrough(entry);
      if (entry.value == null && held.get(entry.key) == entry) {
        held.remove(entry.key); // a delete, now in the inner store
      }
    }
    dirty.clear();
  }

  private void drop() {
    held.clear();
    dirty.clear();
  }

  /** Called by the task before it flushes the record collector and commits: the write-back point. */
  @Override
  public void flushCache() {
    ownedByThisThread();
    writeBack();
    super.flushCache();
  }

  @Override
  public void flush() {
    writeBack();
    wrapped().flush();
  }

  /**
   * After the transaction committed, and under exactly-once only at checkpoints, not at every commit: so the
   * per-commit work is in {@link #flushCache()}. Nothing is dirty here normally.
   */
  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    ownedByThisThread();
    writeBack();
    super.commit(changelogOffsets);
  }

  private void writeBack() {
    writeDirty();
    if (!keepAcrossCommits) {
      held.clear();
    }
  }

  /** The task was corrupted or is revived: what was put since the last commit is void. */
  @Override
  public void clearCache() {
    drop();
    super.clearCache();
  }

  @Override
  public void close() {
    drop();
    super.close();
  }

  @Override
  public KeyValueIterator<K, V> range(K from, K to) {
    ownerWritesDirty();
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<K, V> reverseRange(K from, K to) {
    ownerWritesDirty();
    return wrapped().reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<K, V> all() {
    ownerWritesDirty();
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<K, V> reverseAll() {
    ownerWritesDirty();
    return wrapped().reverseAll();
  }

  @Override
  public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix,
      PS prefixKeySerializer) {
    ownerWritesDirty();
    return wrapped().prefixScan(prefix, prefixKeySerializer);
  }

  private void ownerWritesDirty() {
    if (!foreignThread()) {
      writeDirty();
    }
  }

  /** The inner store's estimate; keys put for the first time since the last flush are not in it yet. */
  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries();
  }

  /** Objects held now (tests, metrics). */
  public int heldObjects() {
    return held.size();
  }
}
