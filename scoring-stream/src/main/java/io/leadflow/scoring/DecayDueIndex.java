package io.leadflow.scoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * (due time, lead id) → lead id, ordered by due time (DESIGN.md choice 3): the decay timer range-scans only the
 * entries that are due, so its cost grows with what is due, not with the number of leads stored.
 */
public final class DecayDueIndex {

  private final KeyValueStore<String, String> store;

  public DecayDueIndex(KeyValueStore<String, String> store) {
    this.store = store;
  }

  /** Zero-padded milliseconds sort like numbers in the store's byte order. */
  private static String key(Instant due, String leadId) {
    return String.format("%016d|%s", due.toEpochMilli(), leadId);
  }

  public void add(Instant due, String leadId) {
    store.put(key(due, leadId), leadId);
  }

  void remove(Instant due, String leadId) {
    store.delete(key(due, leadId));
  }

  /** Lead ids due at or before {@code now}, removed from the index. */
  List<String> takeDue(Instant now) {
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.range(key(Instant.EPOCH, ""), String.format("%016d|\uffff", now.toEpochMilli()))) {
      it.forEachRemaining(due::add);
    }
    due.forEach(entry -> store.delete(entry.key));
    return due.stream().map(entry -> entry.value).toList();
  }
}
