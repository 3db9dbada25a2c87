package io.leadflow.platform.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class EventTimeExtractorTest {

  private final EventTimeExtractor extractor = new EventTimeExtractor();

  private static ConsumerRecord<Object, Object> record(Object value, long brokerTimestamp) {
    return new ConsumerRecord<>("lead-events", 0, 0, brokerTimestamp, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
        0, 0, "key", value, new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
  }

  private static LeadEvent eventAt(long millis) {
    return LeadEvent.newBuilder().setEventId("e").setLeadId("l").setType(LeadEventType.ACTIVITY)
        .setOccurredAt(Instant.ofEpochMilli(millis)).build();
  }

  @Test
  void takesTheTimeFromTheEventNotFromTheProducer() {
    assertThat(extractor.extract(record(eventAt(1_000), 99_000), 5_000)).isEqualTo(1_000);
  }

  @Test
  void fallsBackToTheBrokerTimestampForOtherRecordsAndNegativeTimes() {
    assertThat(extractor.extract(record("not a leadflow record", 99_000), 5_000)).isEqualTo(99_000);
    assertThat(extractor.extract(record(eventAt(-1), 99_000), 5_000)).isEqualTo(99_000);
    assertThat(extractor.extract(record(eventAt(-1), -1), 5_000)).isEqualTo(5_000);
  }
}
