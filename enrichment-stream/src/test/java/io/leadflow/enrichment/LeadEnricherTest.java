package io.leadflow.enrichment;

import static io.leadflow.platform.testing.TestRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadEnricherTest {

  private final LeadEnricher enricher = new LeadEnricher(EnrichmentConfig.from(LayeredConfig.defaults()));

  /** Seed 002: Enterprise 500+, Mid-Market 50-499, SMB under 50. */
  @ParameterizedTest
  @CsvSource({"1, SMB", "49, SMB", "50, MID_MARKET", "499, MID_MARKET", "500, ENTERPRISE", "12000, ENTERPRISE"})
  void derivesTheSegmentFromTheSeedThresholds(int employees, Segment expected) {
    assertThat(enricher.segmentOf(employees)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(value = {
      "mail.eu.acme.co.uk, acme.co.uk",
      "ACME.co.uk., acme.co.uk",
      "www.bbc.co.uk, bbc.co.uk",
      "shop.example.com.au, example.com.au",
      "acme.de, acme.de",
      "team.acme.github.io, acme.github.io",
      "co.uk, NULL",
      "localhost, NULL",
      "192.168.0.1, NULL",
      "not a host, NULL"}, nullValues = "NULL")
  void resolvesRegistrableDomainsWithThePublicSuffixList(String host, String domain) {
    assertThat(DomainResolver.registrableDomain(host).orElse(null)).isEqualTo(domain);
  }

  @ParameterizedTest
  @CsvSource(value = {
      "https://www.Acme.co.uk/about-us, acme.co.uk",
      "www.acme.de, acme.de",
      "http://shop.acme.de:8080, acme.de",
      "acme, NULL",
      "'', NULL"}, nullValues = "NULL")
  void resolvesWebsites(String website, String domain) {
    assertThat(DomainResolver.websiteDomain(website).orElse(null)).isEqualTo(domain);
  }

  @ParameterizedTest
  @CsvSource({
      "Ada.Lovelace+news@GMail.com, adalovelace@gmail.com, gmail.com",
      "ada.lovelace@googlemail.com, adalovelace@gmail.com, googlemail.com",
      "a.lovelace+crm@Mail.EU.Acme.co.uk, a.lovelace@mail.eu.acme.co.uk, acme.co.uk",
      "ada@acme.de, ada@acme.de, acme.de"})
  void normalizesEmailsForIdentity(String email, String normalized, String domain) {
    EmailAddress address = EmailAddress.parse(email);
    assertThat(address.normalized()).isEqualTo(normalized);
    assertThat(address.registrableDomain()).isEqualTo(domain);
  }

  @ParameterizedTest
  @ValueSource(strings = {"no-at-sign", "two@at@signs.de", "@acme.de", "ada@", "ada@localhost", "ada lovelace@acme.de", "ada@co.uk"})
  void rejectsUnparseableEmails(String email) {
    assertThatThrownBy(() -> EmailAddress.parse(email))
        .isInstanceOf(InvalidLeadEventException.class)
        .hasMessageContaining("unparseable email");
  }

  @Test
  void personalDomainsComeFromConfiguration() {
    DomainResolver resolver = new DomainResolver(java.util.Set.of("Example-Mail.de"));
    assertThat(resolver.isPersonal("example-mail.de")).isTrue();
    assertThat(resolver.isPersonal("acme.de")).isFalse();
  }

  @Test
  void completenessIsTheShareOfConfiguredFieldsPresent() {
    Completeness completeness = new Completeness(List.of("email", "company", "industry"), List.of("phone", "jobTitle"));
    EnrichedLead lead = EnrichedLead.newBuilder()
        .setLeadId("lead-1").setOccurredAt(T0).setEnrichedAt(T0)
        .setProfile(LeadProfile.newBuilder().setEmail("ada@acme.de").setJobTitle("CTO").setPhone(" ").build())
        .setCompanyName("Acme GmbH")
        .setFirmographics(Firmographics.newBuilder().build())
        .build();

    Completeness.Result result = completeness.of(lead);

    assertThat(result.percent()).isEqualTo(60.0); // email, company, jobTitle of 5
    assertThat(result.missingFields()).containsExactly("industry", "phone");
  }

  @Test
  void unknownCompletenessFieldsAreRejected() {
    assertThatThrownBy(() -> new Completeness(List.of("shoeSize"), List.of()))
        .hasMessageContaining("unknown completeness field 'shoeSize'");
  }
}
