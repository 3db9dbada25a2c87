package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/** Keyed by domain: when a company profile arrives, the leads waiting for it are enriched and published again. */
final class ReleasePendingLeads implements Processor<String, CompanyProfile, String, EnrichedLead> {

  private final LeadEnricher enricher;
  private final EnrichmentConfig config;
  private ProcessorContext<String, EnrichedLead> context;
  private PendingLeadStore pending;
  private AccountLookup accounts;

  ReleasePendingLeads(LeadEnricher enricher, EnrichmentConfig config) {
    this.enricher = enricher;
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, EnrichedLead> context) {
    this.context = context;
    this.pending = PendingLeadStore.open(context, config);
    this.accounts = AccountLookup.open(context);
  }

  @Override
  public void process(Record<String, CompanyProfile> record) {
    if (record.value() == null) {
      return; // a deleted profile releases nobody
    }
    Account account = accounts.find(record.key());
    Instant at = Instant.ofEpochMilli(record.timestamp());
    for (EnrichedLead lead : pending.release(record.key())) {
      EnrichedLead enriched = enricher.withCompany(lead, record.value(), account, at);
      context.forward(new Record<>(enriched.getLeadId(), enriched, record.timestamp()));
    }
  }
}
