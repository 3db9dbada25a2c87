package io.leadflow.enrichment;

import io.leadflow.avro.EmailIdentity;
import io.leadflow.avro.EnrichedLead;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by normalized email: the first lead id seen for an email is canonical, later ones are merged into it,
 * so that later stages never treat the same person as two leads.
 */
final class ResolveIdentity implements FixedKeyProcessor<String, EnrichedLead, EnrichedLead> {

  private FixedKeyProcessorContext<String, EnrichedLead> context;
  private KeyValueStore<String, EmailIdentity> identities;

  @Override
  public void init(FixedKeyProcessorContext<String, EnrichedLead> context) {
    this.context = context;
    this.identities = context.getStateStore(EnrichmentTopology.EMAIL_IDENTITIES_STORE);
  }

  @Override
  public void process(FixedKeyRecord<String, EnrichedLead> record) {
    EmailIdentity known = identities.get(record.key());
    EmailIdentity updated = LeadEnricher.remember(known, record.value().getLeadId());
    if (updated != known) {
      identities.put(record.key(), updated);
    }
    context.forward(record.withValue(LeadEnricher.asCanonical(record.value(), updated)));
  }
}
