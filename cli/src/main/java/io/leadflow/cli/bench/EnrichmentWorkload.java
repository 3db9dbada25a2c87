package io.leadflow.cli.bench;

import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.enrichment.EnrichmentApp;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Lead profile events (fixed seed): 80 % at a known company, 10 % free mail, 10 % at a company not known yet
 * (these go out PENDING). Done when one enriched lead per profile has arrived.
 */
public final class EnrichmentWorkload implements StreamBenchmark.Workload {

  @Override
  public String name() {
    return "enrichment";
  }

  @Override
  public long load(RecordPublisher publisher, int leads) {
    Random random = new Random(7);
    int companies = Math.max(1, leads / 20);
    // Current event times: the broker deletes records dated older than the topic's retention (seven days by
    // default), which would drop old-dated test data while it is being read.
    Instant t0 = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < companies; i++) {
      String domain = "company-" + i + ".de";
      publisher.send(Topics.COMPANY_PROFILES, domain, CompanyProfile.newBuilder()
          .setDomain(domain).setName("Company " + i)
          .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setEmployeeCount(random.nextInt(2_000))
              .setCountry("DE").build())
          .setUpdatedAt(t0).build(), t0.toEpochMilli());
    }
    for (int i = 0; i < leads; i++) {
      double roll = random.nextDouble();
      String domain = roll < 0.8 ? "company-" + random.nextInt(companies) + ".de"
          : roll < 0.9 ? "gmail.com" : "unknown-" + random.nextInt(companies) + ".de";
      Instant at = t0.plusMillis(i);
      String leadId = "bench-" + i;
      publisher.send(Topics.LEAD_EVENTS, leadId, LeadEvent.newBuilder()
          .setEventId(leadId + "-profile").setLeadId(leadId).setType(LeadEventType.PROFILE).setOccurredAt(at)
          .setProfile(LeadProfile.newBuilder().setEmail("person" + i + "@" + domain).setFirstName("Ada")
              .setLastName("Lovelace").setJobTitle("CTO").setLeadSource("web-form").build())
          .build(), at.toEpochMilli());
    }
    return leads;
  }

  @Override
  public StreamsService service(LayeredConfig appConfig, String applicationId) {
    return EnrichmentApp.service(appConfig.with("enrichment.application-id", applicationId));
  }

  @Override
  public List<String> inputTopics() {
    return List.of(); // repartitions in between: count the outputs instead
  }

  @Override
  public String outputTopic() {
    return Topics.LEADS_ENRICHED.name();
  }
}
