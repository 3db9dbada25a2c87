package io.leadflow.enrichment;

import io.leadflow.avro.LeadEvent;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * {@link LeadEnricher#validate}, with the record's timestamp so an implausible event time is caught too; a refused
 * event goes to the DLQ through the processing exception handler.
 */
final class ValidateLeadEvent implements FixedKeyProcessor<String, LeadEvent, LeadEvent> {

  private FixedKeyProcessorContext<String, LeadEvent> context;

  @Override
  public void init(FixedKeyProcessorContext<String, LeadEvent> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, LeadEvent> record) {
    LeadEnricher.validate(record.key(), record.value(), record.timestamp());
    context.forward(record);
  }
}
