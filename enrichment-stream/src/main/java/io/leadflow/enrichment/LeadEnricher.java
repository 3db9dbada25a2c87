package io.leadflow.enrichment;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountMatch;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EmailIdentity;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.Segment;
import io.leadflow.platform.validation.InputChecks;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Turns a profile event into an {@link EnrichedLead}, step by step: identify (domain, personal email),
 * canonical identity, then company and account. No Kafka here, so simulation runs the same rules.
 */
public final class LeadEnricher {

  private final EnrichmentConfig config;
  private final DomainResolver domains;
  private final Completeness completeness;

  public LeadEnricher(EnrichmentConfig config) {
    this.config = config;
    this.domains = new DomainResolver(config.personalEmailDomains());
    this.completeness = new Completeness(config.completenessRequired(), config.completenessOptional());
  }

  /** Rejects events the pipeline cannot act on; the message is the DLQ reason. */
  public static void validate(String key, LeadEvent event, long recordTimestamp) {
    validate(key, event);
    InputChecks.eventTime("lead event " + event.getEventId(), "occurredAt", event.getOccurredAt(), recordTimestamp);
  }

  /** The checks that do not need the record's timestamp. */
  public static void validate(String key, LeadEvent event) {
    if (event == null) {
      throw new InvalidLeadEventException("lead event keyed '" + key + "' has no value (a tombstone); lead-events takes"
          + " profiles and activities, and a lead is not deleted this way");
    }
    if (key == null) {
      throw new InvalidLeadEventException("lead event " + event.getEventId() + " has no key: lead-events must be keyed by lead id");
    }
    String what = "lead event " + InputChecks.shorten(event.getEventId());
    InputChecks.id(what, "eventId", event.getEventId());
    InputChecks.id(what, "leadId", event.getLeadId());
    InputChecks.text(what, "source", event.getSource());
    if (event.getProfile() != null) {
      LeadProfile p = event.getProfile();
      String[][] fields = {{"email", p.getEmail()}, {"firstName", p.getFirstName()}, {"lastName", p.getLastName()},
          {"jobTitle", p.getJobTitle()}, {"phone", p.getPhone()}, {"company", p.getCompany()}, {"website", p.getWebsite()},
          {"country", p.getCountry()}, {"state", p.getState()}, {"leadSource", p.getLeadSource()}, {"campaign", p.getCampaign()}};
      for (String[] field : fields) {
        InputChecks.text(what, "profile." + field[0], field[1]);
      }
    }
    if (event.getActivity() != null) {
      InputChecks.text(what, "activity.type", event.getActivity().getType());
      InputChecks.text(what, "activity.url", event.getActivity().getUrl());
      InputChecks.text(what, "activity.campaign", event.getActivity().getCampaign());
      InputChecks.nonNegative(what, "activity.durationSeconds", event.getActivity().getDurationSeconds());
    }
    if (event.getLeadId() == null || event.getLeadId().isBlank()) {
      throw new InvalidLeadEventException("lead event " + event.getEventId() + " has no leadId");
    }
    if (!event.getLeadId().equals(key)) {
      // The key picks the partition; a lead spread over partitions would be scored in pieces.
      throw new InvalidLeadEventException("lead event " + event.getEventId() + " is keyed '" + key
          + "' but belongs to lead '" + event.getLeadId() + "': lead-events must be keyed by lead id");
    }
    if (event.getType() == LeadEventType.UNKNOWN) {
      throw new InvalidLeadEventException("lead event " + event.getEventId() + " has an unknown event type");
    }
    if (event.getType() == LeadEventType.PROFILE) {
      LeadProfile profile = event.getProfile();
      if (profile == null) {
        throw new InvalidLeadEventException("profile event " + event.getEventId() + " has no profile");
      }
      if (profile.getEmail() != null && !profile.getEmail().isBlank()) {
        EmailAddress.parse(profile.getEmail()); // throws with the reason
      }
    }
    if (event.getType() == LeadEventType.ACTIVITY && event.getActivity() == null) {
      throw new InvalidLeadEventException("activity event " + event.getEventId() + " has no activity");
    }
  }

  /** Step 1: the lead as far as its own event tells — domain (email, else website, else company field). */
  public EnrichedLead identify(LeadEvent event) {
    LeadProfile profile = event.getProfile();
    Optional<EmailAddress> email = email(profile);
    boolean personal = email.map(e -> domains.isPersonal(e.registrableDomain())).orElse(false);
    String domain = null;
    String source = null;
    Optional<String> website = companyDomain(profile.getWebsite());
    Optional<String> companyField = looksLikeDomain(profile.getCompany()) ? companyDomain(profile.getCompany()) : Optional.empty();
    if (email.isPresent() && !personal) {
      domain = email.get().registrableDomain();
      source = "email";
    } else if (website.isPresent()) {
      domain = website.get();
      source = "website";
    } else if (companyField.isPresent()) {
      domain = companyField.get();
      source = "company";
    }
    return EnrichedLead.newBuilder()
        .setLeadId(event.getLeadId())
        .setOccurredAt(event.getOccurredAt())
        .setProfile(profile)
        .setDomain(domain)
        .setDomainSource(source)
        .setPersonalEmail(personal)
        .setStatus(EnrichmentStatus.UNKNOWN)
        .setMissingFields(List.of())
        .setMergedLeadIds(List.of())
        .setEnrichedAt(event.getOccurredAt())
        .build();
  }

  /** The key that recognises the same person under another lead id, if the lead has an email. */
  public static Optional<String> identityKey(EnrichedLead lead) {
    return email(lead.getProfile()).map(EmailAddress::normalized);
  }

  /** Step 2: the lead under its canonical id, with the other ids it was merged from. */
  public static EnrichedLead asCanonical(EnrichedLead lead, EmailIdentity identity) {
    return EnrichedLead.newBuilder(lead)
        .setLeadId(identity.getCanonicalLeadId())
        .setMergedLeadIds(identity.getLeadIds().stream().filter(id -> !id.equals(identity.getCanonicalLeadId())).toList())
        .build();
  }

  /** Records a lead id under an email; the first id seen stays canonical. */
  public static EmailIdentity remember(EmailIdentity known, String leadId) {
    if (known == null) {
      return EmailIdentity.newBuilder().setCanonicalLeadId(leadId).setLeadIds(List.of(leadId)).build();
    }
    if (known.getLeadIds().contains(leadId)) {
      return known;
    }
    List<String> ids = new java.util.ArrayList<>(known.getLeadIds());
    ids.add(leadId);
    return EmailIdentity.newBuilder(known).setLeadIds(ids).build();
  }

  /**
   * Step 3: firmographics, segment and account. With a domain but no company profile yet the lead is
   * {@code PENDING}; {@link #expired} turns it {@code UNKNOWN} when the wait is over.
   */
  public EnrichedLead withCompany(EnrichedLead lead, CompanyProfile company, Account account, Instant at) {
    EnrichedLead.Builder enriched = EnrichedLead.newBuilder(lead).setEnrichedAt(at);
    if (company != null) {
      enriched.setStatus(EnrichmentStatus.ENRICHED)
          .setCompanyName(company.getName())
          .setFirmographics(company.getFirmographics())
          .setSegment(segmentOf(company.getFirmographics().getEmployeeCount()));
    } else if (lead.getDomain() != null) {
      enriched.setStatus(EnrichmentStatus.PENDING);
    } else {
      enriched.setStatus(lead.getPersonalEmail() ? EnrichmentStatus.PERSONAL_EMAIL : EnrichmentStatus.UNKNOWN);
    }
    if (account != null) {
      enriched.setAccount(AccountMatch.newBuilder()
          .setAccountId(account.getAccountId())
          .setType(account.getType())
          .setOwnerRepId(account.getOwnerRepId())
          .setStrategic(account.getStrategic())
          .build());
    }
    return withCompleteness(enriched.build());
  }

  /** The company never arrived within the time-to-live (or the waiting room was full). */
  public EnrichedLead expired(EnrichedLead pending, Instant at) {
    return withCompleteness(EnrichedLead.newBuilder(pending).setStatus(EnrichmentStatus.UNKNOWN).setEnrichedAt(at).build());
  }

  private EnrichedLead withCompleteness(EnrichedLead lead) {
    Completeness.Result result = completeness.of(lead);
    lead.setCompleteness(result.percent());
    lead.setMissingFields(result.missingFields());
    return lead;
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

  private static Optional<EmailAddress> email(LeadProfile profile) {
    if (profile == null || profile.getEmail() == null || profile.getEmail().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(EmailAddress.parse(profile.getEmail()));
  }

  /** A website-like value's registrable domain, unless it is a free-mail provider's. */
  private Optional<String> companyDomain(String value) {
    return DomainResolver.websiteDomain(value).filter(d -> !domains.isPersonal(d));
  }

  private static boolean looksLikeDomain(String company) {
    return company != null && !company.isBlank() && company.contains(".") && !company.strip().contains(" ");
  }
}
