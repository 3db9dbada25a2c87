package io.leadflow.enrichment;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.account;
import static io.leadflow.platform.testing.TestRecords.activity;
import static io.leadflow.platform.testing.TestRecords.company;
import static io.leadflow.platform.testing.TestRecords.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.AccountType;
import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrichmentTopologyTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, LeadEvent> leadEvents;
  private TestInputTopic<String, CompanyProfile> companies;
  private TestInputTopic<String, Account> accounts;
  private TestOutputTopic<String, EnrichedLead> enriched;
  private TestOutputTopic<Bytes, Bytes> dlq;

  @BeforeEach
  void setUp() {
    EnrichmentConfig config = EnrichmentConfig.from(LayeredConfig.defaults());
    driver = new TopologyTestDriver(EnrichmentTopology.build(config),
        TopologyTests.props(config.applicationId(), Topics.ENRICHMENT_DLQ.name()));
    leadEvents = input(Topics.LEAD_EVENTS);
    companies = input(Topics.COMPANY_PROFILES);
    accounts = input(Topics.ACCOUNTS);
    enriched = driver.createOutputTopic(Topics.LEADS_ENRICHED.name(),
        Topics.LEADS_ENRICHED.keySerde().deserializer(), Topics.LEADS_ENRICHED.valueSerde().deserializer());
    dlq = driver.createOutputTopic(Topics.ENRICHMENT_DLQ.name(),
        Topics.ENRICHMENT_DLQ.keySerde().deserializer(), Topics.ENRICHMENT_DLQ.valueSerde().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private <V> TestInputTopic<String, V> input(io.leadflow.platform.topics.TopicSpec<String, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  @Test
  void joinsTheCompanyProfileAndTheAccountByEmailDomain() {
    companies.pipeInput("acme.example", company("acme.example", "Acme GmbH", "Manufacturing", 650, "DE"));
    accounts.pipeInput("acme.example", account("acme.example", AccountType.CUSTOMER, "rep-anna"));

    leadEvents.pipeInput("lead-1", profile("lead-1", "Ada.Lovelace@ACME.example", T0));

    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getLeadId()).isEqualTo("lead-1");
    assertThat(lead.getDomain()).isEqualTo("acme.example");
    assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.ENRICHED);
    assertThat(lead.getCompanyName()).isEqualTo("Acme GmbH");
    assertThat(lead.getFirmographics().getIndustry()).isEqualTo("Manufacturing");
    assertThat(lead.getSegment()).isEqualTo(Segment.ENTERPRISE);
    assertThat(lead.getAccount().getOwnerRepId()).isEqualTo("rep-anna");
    assertThat(lead.getAccount().getType()).isEqualTo(AccountType.CUSTOMER);
    assertThat(lead.getEnrichedAt()).isEqualTo(T0);
    assertThat(enriched.isEmpty()).isTrue();
  }

  @Test
  void keepsLeadsWhoseCompanyIsUnknown() {
    leadEvents.pipeInput("lead-2", profile("lead-2", "someone@unknown.example", T0));

    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.UNKNOWN);
    assertThat(lead.getDomain()).isEqualTo("unknown.example");
    assertThat(lead.getFirmographics()).isNull();
    assertThat(lead.getAccount()).isNull();
  }

  @Test
  void keepsLeadsWithoutAnEmailDomain() {
    leadEvents.pipeInput("lead-3", profile("lead-3", "not-an-address", T0));

    EnrichedLead lead = enriched.readValue();
    assertThat(lead.getDomain()).isNull();
    assertThat(lead.getStatus()).isEqualTo(EnrichmentStatus.UNKNOWN);
  }

  @Test
  void leavesActivityEventsToTheScoringStream() {
    leadEvents.pipeInput("lead-1", activity("lead-1", "pricing_page", T0));

    assertThat(enriched.isEmpty()).isTrue();
    assertThat(dlq.isEmpty()).isTrue();
  }

  @Test
  void sendsEventsWithoutLeadIdToTheDlqWithTheReasonAndKeepsGoing() {
    LeadEvent noLeadId = profile("", "x@acme.example", T0);
    leadEvents.pipeInput("k", noLeadId);
    leadEvents.pipeInput("lead-4", profile("lead-4", "y@acme.example", T0));

    TestRecord<Bytes, Bytes> dead = dlq.readRecord();
    assertThat(TopologyTests.header(dead.headers(), "__streams.errors.message")).contains("has no leadId");
    assertThat(TopologyTests.header(dead.headers(), "__streams.errors.topic")).isEqualTo(Topics.LEAD_EVENTS.name());
    assertThat(dead.value().get()).isEqualTo(Topics.LEAD_EVENTS.valueSerde().serializer().serialize("t", noLeadId));
    assertThat(enriched.readValuesToList()).extracting(EnrichedLead::getLeadId).containsExactly("lead-4");
  }

  @Test
  void sendsUnknownEventTypesToTheDlq() {
    LeadEvent unknown = LeadEvent.newBuilder(profile("lead-5", "z@acme.example", T0)).setType(LeadEventType.UNKNOWN).build();
    leadEvents.pipeInput("lead-5", unknown);

    assertThat(TopologyTests.header(dlq.readRecord().headers(), "__streams.errors.message")).contains("unknown event type");
    assertThat(enriched.isEmpty()).isTrue();
  }

  /** The DLQ copy of undecodable bytes is checked on the real broker (EnrichmentDlqIT): the test driver skips it. */
  @Test
  void skipsBytesThatAreNotALeadEventAndKeepsGoing() {
    TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.LEAD_EVENTS.name(),
        new StringSerializer(), new ByteArraySerializer());
    raw.pipeInput("lead-6", "definitely not avro".getBytes(StandardCharsets.UTF_8));
    leadEvents.pipeInput("lead-7", profile("lead-7", "q@acme.example", T0));

    assertThat(enriched.readValuesToList()).extracting(EnrichedLead::getLeadId).containsExactly("lead-7");
  }

  @Test
  void describesEveryProcessorWithAStableName() {
    String description = EnrichmentTopology.build(EnrichmentConfig.from(LayeredConfig.defaults())).describe().toString();
    for (String name : List.of("lead-events-source", "validate-lead-event", "profile-events-only", "join-company-profile",
        "join-account", "leads-enriched-sink", "company-profiles-source", "accounts-source",
        EnrichmentTopology.COMPANY_PROFILES_STORE, EnrichmentTopology.ACCOUNTS_STORE)) {
      assertThat(description).contains(name);
    }
    assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
  }
}
