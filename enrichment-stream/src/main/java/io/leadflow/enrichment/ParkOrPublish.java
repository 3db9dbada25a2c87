package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.platform.streams.TimerMode;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keyed by domain, the only user of the pending store. A lead after the company join is published; when its company
 * is not known yet it goes out {@code PENDING} and waits in the store. A company profile update releases the leads
 * waiting for it, enriched and published again. Also owns the timer that declares waiting leads {@code UNKNOWN} after
 * the time-to-live.
 */
final class ParkOrPublish implements Processor<String, ParkOrPublish.ByDomain, String, EnrichedLead> {

  /** What reaches this processor; lives only between the topology's steps and it. */
  sealed interface ByDomain permits LeadWithCompany, CompanyUpdate {}

  /** A lead with what the joins found for its domain. */
  record LeadWithCompany(EnrichedLead lead, CompanyProfile company) implements ByDomain {}

  /** A company profile that arrived or changed (null: deleted, which releases nobody). */
  record CompanyUpdate(CompanyProfile company) implements ByDomain {}

  private final LeadEnricher enricher;
  private final EnrichmentConfig config;
  private ProcessorContext<String, EnrichedLead> context;
  private PendingLeadStore pending;
  private AccountLookup accounts;

  ParkOrPublish(LeadEnricher enricher, EnrichmentConfig config) {
    this.enricher = enricher;
    this.config = config;
  }

  @Override
  public void init(ProcessorContext<String, EnrichedLead> context) {
    this.context = context;
    this.pending = PendingLeadStore.open(context, config);
    this.accounts = AccountLookup.open(context);
    context.schedule(config.pendingCheckInterval(), config.timerMode().punctuationType(),
        now -> pending.expire(Instant.ofEpochMilli(now), config.pendingTtl())
            .forEach(lead -> publish(enricher.expired(lead, Instant.ofEpochMilli(now)), now)));
  }

  @Override
  public void process(Record<String, ByDomain> record) {
    if (record.value() instanceof LeadWithCompany lead) {
      parkOrPublish(record.key(), lead, record.timestamp());
    } else if (record.value() instanceof CompanyUpdate update) {
      release(record.key(), update.company(), record.timestamp());
    }
  }

  private void release(String domain, CompanyProfile company, long timestamp) {
    if (company == null) {
      return;
    }
    Account account = accounts.find(domain);
    Instant at = Instant.ofEpochMilli(timestamp);
    for (EnrichedLead lead : pending.release(domain)) {
      publish(enricher.withCompany(lead, company, account, at), timestamp);
    }
  }

  private void parkOrPublish(String domain, LeadWithCompany joined, long timestamp) {
    Instant at = Instant.ofEpochMilli(timestamp);
    EnrichedLead lead = enricher.withCompany(joined.lead(), joined.company(), accounts.find(domain), at);
    publish(lead, timestamp);
    if (lead.getStatus() == EnrichmentStatus.PENDING) {
      // The wait is measured on the timer's own clock: an old event must still wait the full time-to-live.
      pending.park(domain, lead, Instant.ofEpochMilli(timerNow()))
          .forEach(evicted -> publish(enricher.expired(evicted, at), timestamp));
    }
  }

  private long timerNow() {
    return config.timerMode() == TimerMode.WALL_CLOCK ? context.currentSystemTimeMs() : context.currentStreamTimeMs();
  }

  private void publish(EnrichedLead lead, long timestamp) {
    context.forward(new Record<>(lead.getLeadId(), lead, timestamp));
  }
}
