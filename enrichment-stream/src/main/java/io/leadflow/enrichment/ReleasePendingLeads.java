package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.PendingLeads;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/** Keyed by domain: when a company profile arrives, the leads waiting for it are enriched and published again. */
final class ReleasePendingLeads implements Processor<String, CompanyProfile, String, EnrichedLead> {

  private final LeadEnricher enricher;
  private final EnrichmentConfig config;
  private ProcessorContext<String, EnrichedLead> context;
  private PendingLeadStore pending;
  private TimestampedKeyValueStore<String, Account> accounts;

  ReleasePendingLeads(LeadEnricher enricher, EnrichmentConfig config) {
    this.enricher = enricher;
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, EnrichedLead> context) {
    this.context = context;
    KeyValueStore<String, PendingLeads> store = context.getStateStore(EnrichmentTopology.PENDING_LEADS_STORE);
    this.pending = new PendingLeadStore(store, config.pendingMaxLeadsPerDomain(), config.pendingMaxDomains());
    this.accounts = context.getStateStore(EnrichmentTopology.ACCOUNTS_STORE);
  }

  @Override
  public void process(Record<String, CompanyProfile> record) {
    if (record.value() == null) {
      return; // a deleted profile releases nobody
    }
    ValueAndTimestamp<Account> account = accounts.get(record.key());
    Instant at = Instant.ofEpochMilli(record.timestamp());
    for (EnrichedLead lead : pending.release(record.key())) {
      EnrichedLead enriched = enricher.withCompany(lead, record.value(), account == null ? null : account.value(), at);
      context.forward(new Record<>(enriched.getLeadId(), enriched, record.timestamp()));
    }
  }
}
