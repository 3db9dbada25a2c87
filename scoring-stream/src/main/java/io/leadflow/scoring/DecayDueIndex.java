package io.leadflow.scoring;

import io.leadflow.platform.streams.TimeKeys;
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

  /**
   * Zero-padded milliseconds sort like numbers in the store's byte order. The format is {@code %016d|leadId}: keys
   * are in existing changelogs, so it must not change.
   */
  static String key(Instant due, String leadId) {
    return key(due.toEpochMilli(), leadId);
  }

  static String key(long millis, String suffix) {
    return TimeKeys.zeroPadded(millis, 16) + '|' + suffix;
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
    try (KeyValueIterator<String, String> it = store.range(key(Instant.EPOCH, ""), key(now.toEpochMilli(), "\uffff"))) {
      it.forEachRemaining(due::add);
    }
    due.forEach(entry -> store.delete(entry.key));
    return due.stream().map(entry -> entry.value).toList();
  }
}
