package io.leadflow.enrichment;

import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.platform.streams.TimerMode;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keyed by domain, after the company join: publishes the lead; when its company is not known yet the lead goes
 * out {@code PENDING} and waits in the pending store. Also owns the timer that declares waiting leads
 * {@code UNKNOWN} after the time-to-live.
 */
final class ParkOrPublish implements Processor<String, ParkOrPublish.LeadWithCompany, String, EnrichedLead> {

  /** A lead with what the joins found for its domain; lives only between the join and this processor. */
  record LeadWithCompany(EnrichedLead lead, CompanyProfile company) {}

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
  public void process(Record<String, LeadWithCompany> record) {
    String domain = record.key();
    Instant at = Instant.ofEpochMilli(record.timestamp());
    EnrichedLead lead = enricher.withCompany(record.value().lead(), record.value().company(), accounts.find(domain), at);
    publish(lead, record.timestamp());
    if (lead.getStatus() == EnrichmentStatus.PENDING) {
      // The wait is measured on the timer's own clock: an old event must still wait the full time-to-live.
      pending.park(domain, lead, Instant.ofEpochMilli(timerNow()))
          .forEach(evicted -> publish(enricher.expired(evicted, at), record.timestamp()));
    }
  }

  private long timerNow() {
    return config.timerMode() == TimerMode.WALL_CLOCK ? context.currentSystemTimeMs() : context.currentStreamTimeMs();
  }

  private void publish(EnrichedLead lead, long timestamp) {
    context.forward(new Record<>(lead.getLeadId(), lead, timestamp));
  }
}
