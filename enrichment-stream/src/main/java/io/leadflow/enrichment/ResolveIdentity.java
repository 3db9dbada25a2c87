package io.leadflow.enrichment;

import io.leadflow.avro.EmailIdentity;
import io.leadflow.avro.EnrichedLead;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The first lead id seen for a normalized email is canonical; later ones are merged into it, so that later stages
 * never treat the same person as two leads. Runs where every record of one email meets: keyed by the email (free
 * mail) or by the email's own domain (company email). Leads without an email, and free-mail leads already
 * resolved on the email path, pass through the domain path untouched.
 */
final class ResolveIdentity implements FixedKeyProcessor<String, EnrichedLead, EnrichedLead> {

  private final String storeName;
  private final boolean personalEmails;
  private FixedKeyProcessorContext<String, EnrichedLead> context;
  private KeyValueStore<String, EmailIdentity> identities;

  /** @param personalEmails whether this instance resolves free-mail addresses (the email path) or company ones */
  ResolveIdentity(String storeName, boolean personalEmails) {
    this.storeName = storeName;
    this.personalEmails = personalEmails;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, EnrichedLead> context) {
    this.context = context;
    this.identities = context.getStateStore(storeName);
  }

  @Override
  public void process(FixedKeyRecord<String, EnrichedLead> record) {
    EnrichedLead lead = record.value();
    Optional<String> email = lead.getPersonalEmail() == personalEmails ? LeadEnricher.identityKey(lead) : Optional.empty();
    if (email.isEmpty()) {
      context.forward(record);
      return;
    }
    EmailIdentity known = identities.get(email.get());
    EmailIdentity updated = LeadEnricher.remember(known, lead.getLeadId());
    if (updated != known) {
      identities.put(email.get(), updated);
    }
    context.forward(record.withValue(LeadEnricher.asCanonical(lead, updated)));
  }
}
