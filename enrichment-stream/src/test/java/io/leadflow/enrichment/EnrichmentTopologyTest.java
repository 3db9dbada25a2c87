package io.leadflow.enrichment;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.account;
import static io.leadflow.platform.testing.TestRecords.activity;
import static io.leadflow.platform.testing.TestRecords.company;
import static io.leadflow.platform.testing.TestRecords.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.Account;
import io.leadflow.avro.AccountType;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.TopicSpec;
import io.leadflow.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnrichmentTopologyTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, LeadEvent> leadEvents;
  private TestInputTopic<String, CompanyProfile> companies;
  private TestInputTopic<String, Account> accounts;
  private TestOutputTopic<String, EnrichedLead> enriched;
  private TestOutputTopic<Bytes, Bytes> dlq;

  /** Defaults, with a one-hour wait for late company profiles checked every minute. */
  private void start(LayeredConfig config) {
    EnrichmentConfig enrichment = EnrichmentConfig.from(config);
    driver = new TopologyTestDriver(EnrichmentTopology.build(enrichment),
        TopologyTests.props(enrichment.applicationId(), Topics.ENRICHMENT_DLQ.name()), T0);
    leadEvents = input(Topics.LEAD_EVENTS);
    companies = input(Topics.COMPANY_PROFILES);
    accounts = input(Topics.ACCOUNTS);
    enriched = TopologyTests.output(driver, Topics.LEADS_ENRICHED);
    dlq = TopologyTests.output(driver, Topics.ENRICHMENT_DLQ);
  }

  private void start() {
    start(LayeredConfig.defaults().with("enrichment.pending.ttl", "1h").with("enrichment.pending.check-interval", "1m"));
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private <V> TestInputTopic<String, V> input(TopicSpec<String, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private static LeadEvent profileWith(String leadId, String email, String website) {
    LeadEvent event = profile(leadId, email, T0);
    event.getProfile().setWebsite(website);
    return event;
  }

  @Test
  void resolvesMultiLevelPublicSuffixesAndJoinsCompanyAndAccount() {
    start();
    companies.pipeInput("acme.co.uk", company("acme.co.uk", "Acme Ltd", "Manufacturing", 650, "GB"));
    accounts.pipeInput("acme.co.uk", account("acme.co.uk", AccountType.CUSTOMER, "rep-anna"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "Ada.Lovelace@Mail.EU.ACME.co.uk", T0));

    KeyValue<String, EnrichedLead> out = enriched.readKeyValue();
    assertThat(out.key).isEqualTo("lead-1");
    EnrichedLead lead = out.value;
    assertThat(lead.getDomain()).isEqualTo("acme.co.uk");
    assertThat(lead.getDomainSource()).isEqualTo("email");
    assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.ENRICHED);
    assertThat(lead.getCompanyName()).isEqualTo("Acme Ltd");
    assertThat(lead.getFirmographics().getIndustry()).isEqualTo("Manufacturing");
    assertThat(lead.getSegment()).isEqualTo(Segment.ENTERPRISE);
    assertThat(lead.getAccount().getType()).isEqualTo(AccountType.CUSTOMER);
    assertThat(lead.getAccount().getOwnerRepId()).isEqualTo("rep-anna");
    assertThat(lead.getPersonalEmail()).isFalse();
    assertThat(enriched.isEmpty()).isTrue();
  }

  @Test
  void marksNamedAccountsWithTheirOwner() {
    start();
    accounts.pipeInput("globex.de", account("globex.de", AccountType.NAMED, "rep-ben"));
    companies.pipeInput("globex.de", company("globex.de", "Globex AG", "Software", 80, "DE"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "hank@globex.de", T0));

    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getAccount().getType()).isEqualTo(AccountType.NAMED);
    assertThat(lead.getAccount().getOwnerRepId()).isEqualTo("rep-ben");
  }

  @Test
  void neverMatchesFreeMailToACompanyAndFlagsThePersonalEmail() {
    start();
    companies.pipeInput("gmail.com", company("gmail.com", "Google Mail", "Software", 100_000, "US"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "ada.lovelace@gmail.com", T0));

    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getPersonalEmail()).isTrue();
    assertThat(lead.getDomain()).isNull();
    assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.PERSONAL_EMAIL);
    assertThat(lead.getCompanyName()).isNull();
  }

  @Test
  void fallsBackToTheWebsiteWhenTheEmailGivesNothing() {
    start();
    companies.pipeInput("acme.co.uk", company("acme.co.uk", "Acme Ltd", "Manufacturing", 120, "GB"));

    leadEvents.pipeInput("lead-1", profileWith("lead-1", "ada@web.de", "https://www.acme.co.uk/about"));
    leadEvents.pipeInput("lead-2", profileWith("lead-2", null, "acme.co.uk"));

    List<EnrichedLead> leads = enriched.readValuesToList();
    assertThat(leads).extracting(EnrichedLead::getLeadId).containsExactlyInAnyOrder("lead-1", "lead-2");
    assertThat(leads).allSatisfy(lead -> {
      assertThat(lead.getDomain()).isEqualTo("acme.co.uk");
      assertThat(lead.getDomainSource()).isEqualTo("website");
      assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.ENRICHED);
    });
    assertThat(leads).filteredOn(l -> l.getLeadId().equals("lead-1")).first()
        .extracting(EnrichedLead::getPersonalEmail).isEqualTo(true);
  }

  @Test
  void mapsASecondLeadIdWithTheSameEmailToTheFirstAndRecordsTheMerge() {
    start();
    companies.pipeInput("acme.de", company("acme.de", "Acme GmbH", "Software", 120, "DE"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "Ada@acme.de", T0));
    leadEvents.pipeInput("lead-9", profile("lead-9", "ada+webinar@ACME.de", T0.plusSeconds(60)));
    leadEvents.pipeInput("lead-5", profile("lead-5", "bob@acme.de", T0.plusSeconds(90)));

    List<KeyValue<String, EnrichedLead>> out = enriched.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactly("lead-1", "lead-1", "lead-5");
    assertThat(out.get(0).value.getMergedLeadIds()).isEmpty();
    assertThat(out.get(1).value.getLeadId()).isEqualTo("lead-1");
    assertThat(out.get(1).value.getMergedLeadIds()).containsExactly("lead-9");
    assertThat(out.get(2).value.getMergedLeadIds()).isEmpty();
  }

  @Test
  void mergesFreeMailLeadsByEmailAndStillFindsTheirCompanyByWebsite() {
    start();
    companies.pipeInput("acme.co.uk", company("acme.co.uk", "Acme Ltd", "Manufacturing", 120, "GB"));

    leadEvents.pipeInput("lead-1", profileWith("lead-1", "Ada.Lovelace@gmail.com", "www.acme.co.uk"));
    leadEvents.pipeInput("lead-2", profileWith("lead-2", "adalovelace+crm@googlemail.com", "acme.co.uk"));

    List<KeyValue<String, EnrichedLead>> out = enriched.readKeyValuesToList();
    assertThat(out).extracting(kv -> kv.key).containsExactly("lead-1", "lead-1");
    assertThat(out.get(1).value.getMergedLeadIds()).containsExactly("lead-2");
    assertThat(out).allSatisfy(kv -> {
      assertThat(kv.value.getStatus()).isEqualTo(EnrichmentStatus.ENRICHED);
      assertThat(kv.value.getCompanyName()).isEqualTo("Acme Ltd");
      assertThat(kv.value.getPersonalEmail()).isTrue();
    });
  }

  @ParameterizedTest
  @CsvSource({"49, SMB", "50, MID_MARKET", "499, MID_MARKET", "500, ENTERPRISE"})
  void derivesTheSegmentAtTheSeedThresholds(int employees, Segment segment) {
    start();
    companies.pipeInput("acme.de", company("acme.de", "Acme GmbH", "Software", employees, "DE"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "ada@acme.de", T0));

    assertThat(enriched.readValue().getSegment()).isEqualTo(segment);
  }

  @Test
  void segmentThresholdsAreConfigurable() {
    start(LayeredConfig.defaults().with("enrichment.segments.enterprise-min-employees", "1000"));
    companies.pipeInput("acme.de", company("acme.de", "Acme GmbH", "Software", 500, "DE"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "ada@acme.de", T0));

    assertThat(enriched.readValue().getSegment()).isEqualTo(Segment.MID_MARKET);
  }

  @Test
  void reEnrichesAPendingLeadWhenItsCompanyArrivesWithinTheTimeToLive() {
    start();
    leadEvents.pipeInput("lead-1", profile("lead-1", "ada@late-arrival.de", T0));
    EnrichedLead pending = enriched.readValue();
    assertThat(pending.getStatus()).isEqualTo(EnrichmentStatus.PENDING);
    assertThat(pending.getDomain()).isEqualTo("late-arrival.de");

    driver.advanceWallClockTime(Duration.ofMinutes(59));
    assertThat(enriched.isEmpty()).as("still waiting at 59 minutes").isTrue();
    companies.pipeInput("late-arrival.de", company("late-arrival.de", "Late Arrival GmbH", "Retail", 30, "AT"),
        T0.plus(Duration.ofMinutes(59)));

    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getLeadId()).isEqualTo("lead-1");
    assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.ENRICHED);
    assertThat(lead.getCompanyName()).isEqualTo("Late Arrival GmbH");
    assertThat(lead.getSegment()).isEqualTo(Segment.SMB);
    assertThat(lead.getEnrichedAt()).isEqualTo(T0.plus(Duration.ofMinutes(59)));

    driver.advanceWallClockTime(Duration.ofHours(2));
    assertThat(enriched.isEmpty()).as("released leads do not expire later").isTrue();
  }

  @Test
  void aLeadWhoseCompanyDoesNotArriveWithinTheTimeToLiveStaysUnknown() {
    start();
    leadEvents.pipeInput("lead-1", profile("lead-1", "ada@late-arrival.de", T0));
    assertThat(enriched.readValue().getStatus()).isEqualTo(EnrichmentStatus.PENDING);

    driver.advanceWallClockTime(Duration.ofMinutes(61));

    EnrichedLead unknown = enriched.readValue();
    assertThat(unknown.getLeadId()).isEqualTo("lead-1");
    assertThat(unknown.getStatus()).isEqualTo(EnrichmentStatus.UNKNOWN);

    companies.pipeInput("late-arrival.de", company("late-arrival.de", "Too Late GmbH", "Retail", 30, "AT"),
        T0.plus(Duration.ofHours(2)));
    assertThat(enriched.isEmpty()).as("no re-enrichment after the time-to-live").isTrue();
  }

  /** Backfills and late events: the wait starts when the lead is parked, not at its (old) event time. */
  @Test
  void anOldEventStillWaitsTheFullTimeToLive() {
    start();
    driver.advanceWallClockTime(Duration.ofDays(8));
    leadEvents.pipeInput("lead-1", profile("lead-1", "ada@late-arrival.de", T0));
    assertThat(enriched.readValue().getStatus()).isEqualTo(EnrichmentStatus.PENDING);

    driver.advanceWallClockTime(Duration.ofMinutes(30));
    assertThat(enriched.isEmpty()).as("8 days old, but parked only 30 minutes ago").isTrue();
    driver.advanceWallClockTime(Duration.ofMinutes(31));
    assertThat(enriched.readValue().getStatus()).isEqualTo(EnrichmentStatus.UNKNOWN);
  }

  @Test
  void theTimeToLiveRunsOnStreamTimeWhenConfigured() {
    start(LayeredConfig.defaults().with("enrichment.pending.ttl", "1h").with("timers.mode", "stream-time"));
    leadEvents.pipeInput("lead-1", profile("lead-1", "ada@late-arrival.de", T0));
    enriched.readValue();

    driver.advanceWallClockTime(Duration.ofHours(5));
    assertThat(enriched.isEmpty()).as("wall-clock time does not matter").isTrue();

    leadEvents.pipeInput("lead-2", profile("lead-2", "bob@other-company.de", T0.plus(Duration.ofMinutes(61))));
    assertThat(enriched.readValuesToList()).extracting(EnrichedLead::getLeadId, EnrichedLead::getStatus)
        .contains(org.assertj.core.groups.Tuple.tuple("lead-1", EnrichmentStatus.UNKNOWN));
  }

  @Test
  void boundsTheLeadsWaitingPerDomain() {
    start(LayeredConfig.defaults().with("enrichment.pending.max-leads-per-domain", "2"));
    for (int i = 1; i <= 3; i++) {
      leadEvents.pipeInput("lead-" + i, profile("lead-" + i, "person" + i + "@late-arrival.de", T0.plusSeconds(i)));
    }

    List<EnrichedLead> out = enriched.readValuesToList();
    assertThat(out).extracting(EnrichedLead::getLeadId, EnrichedLead::getStatus).containsExactly(
        org.assertj.core.groups.Tuple.tuple("lead-1", EnrichmentStatus.PENDING),
        org.assertj.core.groups.Tuple.tuple("lead-2", EnrichmentStatus.PENDING),
        org.assertj.core.groups.Tuple.tuple("lead-3", EnrichmentStatus.PENDING),
        org.assertj.core.groups.Tuple.tuple("lead-1", EnrichmentStatus.UNKNOWN));

    companies.pipeInput("late-arrival.de", company("late-arrival.de", "Late GmbH", "Retail", 30, "AT"), T0.plusSeconds(10));
    assertThat(enriched.readValuesToList()).extracting(EnrichedLead::getLeadId).containsExactlyInAnyOrder("lead-2", "lead-3");
  }

  @Test
  void reportsCompletenessAndTheMissingFields() {
    start();
    companies.pipeInput("acme.de", company("acme.de", "Acme GmbH", "Software", 120, "DE"));
    LeadEvent event = profile("lead-1", "ada@acme.de", T0);
    event.setProfile(LeadProfile.newBuilder().setEmail("ada@acme.de").setFirstName("Ada").build());

    leadEvents.pipeInput("lead-1", event);

    // Required: email, company, country, industry, employeeCount (all present after enrichment).
    // Optional: firstName present; lastName, jobTitle, phone, website, state, leadSource missing; annualRevenue present.
    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getMissingFields()).containsExactly("lastName", "jobTitle", "phone", "website", "state", "leadSource");
    assertThat(lead.getCompleteness()).isEqualTo(53.8); // 7 of 13
  }

  @Test
  void leavesActivityEventsToTheScoringStream() {
    start();
    leadEvents.pipeInput("lead-1", activity("lead-1", "pricing_page", T0));

    assertThat(enriched.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void sendsEachBadEventToTheDlqWithItsReasonCountsItAndKeepsGoing() {
    start();
    LeadEvent noLeadId = profile("", "x@acme.de", T0);
    LeadEvent badEmail = profile("lead-2", "ada(at)acme.de", T0);
    LeadEvent unknownType = LeadEvent.newBuilder(profile("lead-3", "z@acme.de", T0)).setType(LeadEventType.UNKNOWN).build();
    leadEvents.pipeInput("k", noLeadId);
    leadEvents.pipeInput("lead-2", badEmail);
    leadEvents.pipeInput("lead-3", unknownType);
    leadEvents.pipeInput("someone-else", profile("lead-6", "w@acme.de", T0));
    driver.createInputTopic(Topics.LEAD_EVENTS.name(), new StringSerializer(), new ByteArraySerializer())
        .pipeInput("lead-4", "definitely not avro".getBytes(StandardCharsets.UTF_8));
    leadEvents.pipeInput("lead-5", profile("lead-5", "good@acme.de", T0));

    List<TestRecord<Bytes, Bytes>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> TopologyTests.header(r.headers(), "__streams.errors.message")).containsExactly(
        "lead event evt--profile-" + T0.toEpochMilli() + " has no leadId",
        "unparseable email 'ada(at)acme.de'",
        "lead event evt-lead-3-profile-" + T0.toEpochMilli() + " has an unknown event type",
        "lead event evt-lead-6-profile-" + T0.toEpochMilli() + " is keyed 'someone-else' but belongs to lead 'lead-6':"
            + " lead-events must be keyed by lead id");
    assertThat(dead.get(1).value().get()).isEqualTo(Topics.LEAD_EVENTS.valueSerde().serializer().serialize("t", badEmail));
    assertThat(dead).allSatisfy(r ->
        assertThat(TopologyTests.header(r.headers(), "__streams.errors.topic")).isEqualTo(Topics.LEAD_EVENTS.name()));
    // The undecodable bytes are skipped too; their DLQ copy is checked on the real broker (EnrichmentDlqIT).
    assertThat(enriched.readValuesToList()).extracting(EnrichedLead::getLeadId).containsExactly("lead-5");
    assertThat(droppedRecords()).isEqualTo(5.0);
  }

  /** The corpus kinds the validation was extended for (docs/BAD-INPUT.md): each goes to the DLQ naming the field. */
  @Test
  void implausibleTimesOversizedFieldsTombstonesAndNullKeysGoToTheDlq() {
    start();
    Instant now = Instant.now();
    LeadEvent future = profile("lead-1", "a@acme.de", Instant.parse("2999-01-01T00:00:00Z"));
    LeadEvent past = profile("lead-2", "b@acme.de", Instant.parse("1971-01-01T00:00:00Z"));
    LeadEvent oversized = profile("lead-3", "c@acme.de", now);
    oversized.getProfile().setJobTitle("x".repeat(2_001));
    leadEvents.pipeInput("lead-1", future, now);
    leadEvents.pipeInput("lead-2", past, now);
    leadEvents.pipeInput("lead-3", oversized, now);
    leadEvents.pipeInput("lead-4", null, now);
    leadEvents.pipeInput(null, profile("lead-5", "e@acme.de", now), now);
    leadEvents.pipeInput("lead-6", profile("lead-6", "good@acme.de", now), now);

    List<String> reasons = dlq.readRecordsToList().stream()
        .map(r -> TopologyTests.header(r.headers(), "__streams.errors.message")).toList();
    assertThat(reasons).hasSize(5);
    assertThat(reasons.get(0)).contains("field 'occurredAt' is 2999-01-01T00:00:00Z").contains("days in the future");
    assertThat(reasons.get(1)).contains("field 'occurredAt' is 1971-01-01T00:00:00Z").contains("days before the record was written");
    assertThat(reasons.get(2)).contains("field 'profile.jobTitle' is 2001 characters long; at most 2000 are accepted");
    assertThat(reasons.get(3)).contains("keyed 'lead-4' has no value (a tombstone)");
    assertThat(reasons.get(4)).contains("has no key: lead-events must be keyed by lead id");
    assertThat(enriched.readValuesToList()).extracting(EnrichedLead::getLeadId).containsExactly("lead-6");
  }

  /** Kafka Streams' own per-task count of records that went to the DLQ or were skipped. */
  private double droppedRecords() {
    return driver.metrics().values().stream()
        .filter(m -> m.metricName().name().equals("dropped-records-total"))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
        .sum();
  }

  @Test
  void namesEveryProcessorStoreAndRepartitionTopic() {
    start();
    String description = EnrichmentTopology.build(EnrichmentConfig.from(LayeredConfig.defaults())).describe().toString();
    for (String name : List.of("lead-events-source", "validate-lead-event", "profile-events-only", "identify-lead",
        "key-by-personal-email", EnrichmentTopology.PERSONAL_PROFILES_BY_EMAIL, "resolve-personal-identity",
        EnrichmentTopology.PERSONAL_EMAIL_IDENTITIES_STORE, "resolve-identity", "key-by-domain",
        EnrichmentTopology.PROFILES_BY_DOMAIN, "join-company-profile", "park-or-publish", "publish-without-company",
        "release-pending-leads", "leads-enriched-sink", EnrichmentTopology.COMPANY_PROFILES_STORE,
        EnrichmentTopology.ACCOUNTS_STORE, EnrichmentTopology.EMAIL_IDENTITIES_STORE, EnrichmentTopology.PENDING_LEADS_STORE)) {
      assertThat(description).contains(name);
    }
    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
  }

}
