package io.leadflow.sink;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * At least once with deliveries running in parallel: a record's offset may be committed only when it and every
 * record before it in its partition are fully handled (delivered, or durably handed to the retry topic or the
 * DLQ). Records complete in any order; the committable offset is the first one still open, or the end of what was
 * read. Thread-safe.
 */
final class OffsetTracker {

  private static final class PartitionState {
    final TreeMap<Long, Integer> openTasks = new TreeMap<>();
    long readUpTo;
  }

  private final Map<TopicPartition, PartitionState> partitions = new HashMap<>();
  private int openRecords;

  /** A record read with {@code tasks} deliveries to finish; with 0 it is done at once. */
  synchronized void started(TopicPartition partition, long offset, int tasks) {
    PartitionState state = partitions.computeIfAbsent(partition, p -> new PartitionState());
    state.readUpTo = Math.max(state.readUpTo, offset + 1);
    if (tasks > 0) {
      state.openTasks.put(offset, tasks);
      openRecords++;
    }
  }

  synchronized void taskDone(TopicPartition partition, long offset) {
    PartitionState state = partitions.get(partition);
    if (state == null || !state.openTasks.containsKey(offset)) {
      return; // the partition was revoked meanwhile
    }
    if (state.openTasks.merge(offset, -1, Integer::sum) == 0) {
      state.openTasks.remove(offset);
      openRecords--;
    }
  }

  /** For every partition read so far: the offset up to which everything is handled. */
  synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    partitions.forEach((partition, state) -> offsets.put(partition,
        new OffsetAndMetadata(state.openTasks.isEmpty() ? state.readUpTo : state.openTasks.firstKey())));
    return offsets;
  }

  synchronized int openRecords() {
    return openRecords;
  }

  synchronized void revoked(TopicPartition partition) {
    PartitionState state = partitions.remove(partition);
    if (state != null) {
      openRecords -= state.openTasks.size();
    }
  }
}
