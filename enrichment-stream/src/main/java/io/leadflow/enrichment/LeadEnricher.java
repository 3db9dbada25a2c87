package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountMatch;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.Segment;
import java.util.List;

/** Turns a profile event plus what is known about its company into an {@link EnrichedLead}. No Kafka here. */
public final class LeadEnricher {

  private final EnrichmentConfig config;

  public LeadEnricher(EnrichmentConfig config) {
    this.config = config;
  }

  /** Rejects events the pipeline cannot act on, with a reason for the DLQ. */
  public static void validate(LeadEvent event) {
    if (event.getLeadId() == null || event.getLeadId().isBlank()) {
      throw new InvalidLeadEventException("lead event " + event.getEventId() + " has no leadId");
    }
    if (event.getType() == LeadEventType.UNKNOWN) {
      throw new InvalidLeadEventException("lead event " + event.getEventId() + " has an unknown event type");
    }
    if (event.getType() == LeadEventType.PROFILE && event.getProfile() == null) {
      throw new InvalidLeadEventException("profile event " + event.getEventId() + " has no profile");
    }
    if (event.getType() == LeadEventType.ACTIVITY && event.getActivity() == null) {
      throw new InvalidLeadEventException("activity event " + event.getEventId() + " has no activity");
    }
  }

  public String domainOf(LeadEvent event) {
    return EmailDomains.domainOf(event.getProfile().getEmail()).orElse(null);
  }

  public EnrichedLead enrich(LeadEvent event, CompanyProfile company, Account account) {
    String domain = domainOf(event);
    EnrichedLead.Builder lead = EnrichedLead.newBuilder()
        .setLeadId(event.getLeadId())
        .setOccurredAt(event.getOccurredAt())
        .setProfile(event.getProfile())
        .setDomain(domain)
        .setPersonalEmail(false)
        .setStatus(company != null ? EnrichmentStatus.ENRICHED : EnrichmentStatus.UNKNOWN)
        .setMissingFields(List.of())
        .setMergedLeadIds(List.of())
        .setEnrichedAt(event.getOccurredAt());
    if (company != null) {
      lead.setCompanyName(company.getName())
          .setFirmographics(company.getFirmographics())
          .setSegment(segmentOf(company.getFirmographics().getEmployeeCount()));
    }
    if (account != null) {
      lead.setAccount(AccountMatch.newBuilder()
          .setAccountId(account.getAccountId())
          .setType(account.getType())
          .setOwnerRepId(account.getOwnerRepId())
          .setStrategic(account.getStrategic())
          .build());
    }
    return lead.build();
  }

  /** Seed 002 defaults: Enterprise 500+, Mid-Market 50-499, SMB under 50. */
  public Segment segmentOf(Integer employees) {
    if (employees == null) {
      return Segment.UNKNOWN;
    }
    if (employees >= config.enterpriseMinEmployees()) {
      return Segment.ENTERPRISE;
    }
    return employees >= config.midMarketMinEmployees() ? Segment.MID_MARKET : Segment.SMB;
  }
}
