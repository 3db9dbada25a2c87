package io.leadflow.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private final TopicPartition alerts = new TopicPartition("rep-alerts", 0);
  private final OffsetTracker tracker = new OffsetTracker();

  private long committable() {
    return tracker.committable().get(alerts).offset();
  }

  @Test
  void commitsOnlyUpToTheFirstRecordStillOpen() {
    tracker.started(alerts, 10, 2);
    tracker.started(alerts, 11, 1);
    tracker.started(alerts, 12, 1);
    assertThat(committable()).isEqualTo(10);

    tracker.taskDone(alerts, 11);
    tracker.taskDone(alerts, 12);
    assertThat(committable()).as("11 and 12 are done but 10 is not").isEqualTo(10);

    tracker.taskDone(alerts, 10);
    assertThat(committable()).as("one of two channels").isEqualTo(10);
    tracker.taskDone(alerts, 10);
    assertThat(committable()).isEqualTo(13);
    assertThat(tracker.openRecords()).isZero();
  }

  @Test
  void aRecordWithNothingToDoIsDoneAtOnce() {
    tracker.started(alerts, 5, 0);
    assertThat(committable()).isEqualTo(6);
  }

  @Test
  void aRevokedPartitionIsForgotten() {
    tracker.started(alerts, 1, 1);
    tracker.revoked(alerts);
    tracker.taskDone(alerts, 1);
    assertThat(tracker.committable()).doesNotContainKey(alerts);
    assertThat(tracker.openRecords()).isZero();
  }
}
