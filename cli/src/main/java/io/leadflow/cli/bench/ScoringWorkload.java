package io.leadflow.cli.bench;

import io.leadflow.avro.Activity;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadEventType;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.Segment;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.topics.Topics;
import io.leadflow.scoring.ScoringApp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * One enriched profile and ten activities per lead (fixed seed, the shipped rules): the mix the scoring stream
 * sees. Done when the application has committed every input record.
 */
public final class ScoringWorkload implements StreamBenchmark.Workload {

  private static final List<String> ACTIVITIES =
      List.of("page_view", "pricing_page", "email_open", "email_click", "visit", "webinar", "form_submit", "demo_request");
  private static final int ACTIVITIES_PER_LEAD = 10;

  @Override
  public String name() {
    return "scoring";
  }

  @Override
  public long load(RecordPublisher publisher, int leads) {
    Random random = new Random(11);
    Instant t0 = Instant.now().minus(Duration.ofHours(1)); // current: see EnrichmentWorkload
    for (int i = 0; i < leads; i++) {
      String leadId = "bench-" + i;
      Instant at = t0.plusMillis(i);
      publisher.send(Topics.LEADS_ENRICHED, leadId, EnrichedLead.newBuilder()
          .setLeadId(leadId).setOccurredAt(at).setEnrichedAt(at).setStatus(EnrichmentStatus.ENRICHED)
          .setProfile(LeadProfile.newBuilder().setEmail("person" + i + "@company.de").setJobTitle("CTO").build())
          .setCompanyName("Company").setSegment(random.nextBoolean() ? Segment.MID_MARKET : Segment.SMB)
          .setFirmographics(Firmographics.newBuilder().setIndustry("Software").setCountry("DE").build())
          .build(), at.toEpochMilli());
      for (int a = 0; a < ACTIVITIES_PER_LEAD; a++) {
        Instant when = at.plusSeconds(a);
        String type = ACTIVITIES.get(random.nextInt(ACTIVITIES.size()));
        publisher.send(Topics.LEAD_EVENTS, leadId, LeadEvent.newBuilder()
            .setEventId(leadId + "-" + a).setLeadId(leadId).setType(LeadEventType.ACTIVITY).setOccurredAt(when)
            .setActivity(Activity.newBuilder().setType(type).setUrl("https://leadflow.example/" + type).setDurationSeconds(90).build())
            .build(), when.toEpochMilli());
      }
    }
    return (long) leads * (ACTIVITIES_PER_LEAD + 1);
  }

  @Override
  public StreamsService service(LayeredConfig appConfig, String applicationId) {
    return ScoringApp.service(appConfig.with("scoring.application-id", applicationId));
  }

  @Override
  public List<String> inputTopics() {
    return List.of(Topics.LEADS_ENRICHED.name(), Topics.LEAD_EVENTS.name());
  }

  @Override
  public String outputTopic() {
    return Topics.LEAD_SCORES.name();
  }
}
