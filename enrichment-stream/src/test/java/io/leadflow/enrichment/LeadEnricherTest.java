package io.leadflow.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.Segment;
import io.leadflow.platform.config.LayeredConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeadEnricherTest {

  private final LeadEnricher enricher = new LeadEnricher(EnrichmentConfig.from(LayeredConfig.defaults()));

  /** Seed 002: Enterprise 500+, Mid-Market 50-499, SMB under 50. */
  @ParameterizedTest
  @CsvSource({"1, SMB", "49, SMB", "50, MID_MARKET", "499, MID_MARKET", "500, ENTERPRISE", "12000, ENTERPRISE"})
  void derivesTheSegmentFromTheSeedThresholds(int employees, Segment expected) {
    assertThat(enricher.segmentOf(employees)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(value = {"ada@acme.example, acme.example", "Ada@Sub.ACME.example., sub.acme.example",
      "no-at-sign, NULL", "trailing@, NULL", "x@localhost, NULL"}, nullValues = "NULL")
  void takesTheDomainAfterTheAtSign(String email, String domain) {
    assertThat(EmailDomains.domainOf(email).orElse(null)).isEqualTo(domain);
  }
}
