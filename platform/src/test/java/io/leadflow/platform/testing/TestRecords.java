package io.leadflow.platform.testing;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.Activity;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.Rep;
import java.time.Instant;
import java.util.List;

/** Builders for the records tests publish; every field a test does not care about gets a plain value. */
public final class TestRecords {

  public static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

  private TestRecords() {}

  public static LeadEvent profile(String leadId, String email, Instant at) {
    return LeadEvent.newBuilder()
        .setEventId("evt-" + leadId + "-profile-" + at.toEpochMilli())
        .setLeadId(leadId)
        .setType(LeadEventType.PROFILE)
        .setOccurredAt(at)
        .setSource("web-form")
        .setProfile(LeadProfile.newBuilder().setEmail(email).setFirstName("Ada").setLastName("Lovelace")
            .setJobTitle("Head of Operations").setLeadSource("web-form").build())
        .build();
  }

  public static LeadEvent activity(String leadId, String type, Instant at) {
    return LeadEvent.newBuilder()
        .setEventId("evt-" + leadId + "-" + type + "-" + at.toEpochMilli())
        .setLeadId(leadId)
        .setType(LeadEventType.ACTIVITY)
        .setOccurredAt(at)
        .setSource("marketing-automation")
        .setActivity(Activity.newBuilder().setType(type).setUrl("https://example.test/" + type).build())
        .build();
  }

  public static CompanyProfile company(String domain, String name, String industry, int employees, String country) {
    return CompanyProfile.newBuilder()
        .setDomain(domain)
        .setName(name)
        .setFirmographics(Firmographics.newBuilder().setIndustry(industry).setEmployeeCount(employees)
            .setAnnualRevenue(employees * 150_000.0).setCountry(country).setRegion("EMEA").build())
        .setUpdatedAt(T0)
        .build();
  }

  public static Account account(String domain, AccountType type, String ownerRepId) {
    return Account.newBuilder()
        .setAccountId("acc-" + domain)
        .setDomain(domain)
        .setName(domain)
        .setType(type)
        .setOwnerRepId(ownerRepId)
        .setUpdatedAt(T0)
        .build();
  }

  public static Rep rep(String repId, String... pools) {
    return Rep.newBuilder().setRepId(repId).setName("Rep " + repId).setPools(List.of(pools)).build();
  }

  public static LeadStageChange stageChange(String leadId, LeadStage from, LeadStage to, Instant at) {
    return LeadStageChange.newBuilder()
        .setLeadId(leadId)
        .setFromStage(from)
        .setToStage(to)
        .setReason("test")
        .setTotalScore(60.0)
        .setOccurredAt(at)
        .build();
  }
}
