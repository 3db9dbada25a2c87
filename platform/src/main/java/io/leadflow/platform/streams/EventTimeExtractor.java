package io.leadflow.platform.streams;

import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.PoolCommand;
import io.leadflow.platform.validation.InputChecks;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time everywhere (DESIGN.md choice 2): the time a thing happened upstream, taken from the record
 * itself, so that replaying a log gives the same scores and decisions whatever the producer stamped.
 */
public final class EventTimeExtractor implements TimestampExtractor {

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    Object value = record.value();
    long eventTime;
    if (value instanceof LeadEvent e) {
      eventTime = e.getOccurredAt().toEpochMilli();
    } else if (value instanceof EnrichedLead e) {
      eventTime = e.getEnrichedAt().toEpochMilli();
    } else if (value instanceof LeadStageChange e) {
      eventTime = e.getOccurredAt().toEpochMilli();
    } else if (value instanceof LeadOutcome e) {
      eventTime = e.getOccurredAt().toEpochMilli();
    } else if (value instanceof PoolCommand e) {
      eventTime = e.getIssuedAt().toEpochMilli();
    } else {
      eventTime = record.timestamp();
    }
    // A negative time would make Streams drop the record; fall back to the broker's timestamp.
    if (eventTime < 0) {
      return Math.max(record.timestamp(), partitionTime);
    }
    // An implausible event time (year 2999, 1970) must not move stream time: take the record's own timestamp. The
    // processors then see the difference and send the record to the DLQ (InputChecks, docs/BAD-INPUT.md).
    if (record.timestamp() >= 0 && !InputChecks.plausible(eventTime, record.timestamp())) {
      return record.timestamp();
    }
    return eventTime;
  }
}
