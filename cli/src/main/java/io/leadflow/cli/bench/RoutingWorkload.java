package io.leadflow.cli.bench;

import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.EnrichmentStatus;
import io.leadflow.avro.Firmographics;
import io.leadflow.avro.LeadProfile;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.Rep;
import io.leadflow.avro.Segment;
import io.leadflow.cli.RecordPublisher;
import io.leadflow.cli.data.RepsFile;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.StreamsService;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * One MQL stage change per lead, each with its enriched snapshot, over the example team (examples/reps.yaml) and the
 * example rules (examples/routing.yaml): a mix of countries, industries and segments so that the territory, vertical,
 * segment and general pools all get traffic. Done when lead-assignments has one assignment per lead.
 *
 * <p>Capacity is taken out of the picture so every lead is assigned at once: the reps' caps, working hours and
 * absences are cleared and the rules' active-lead cap is lifted (the example team of seven has 50 active leads each,
 * and nothing closes leads here). Eligibility still runs for every rep of the pool on every decision.
 */
public final class RoutingWorkload implements StreamBenchmark.Workload {

  /** Country, region, industry: DACH, Nordics, North America, healthcare (vertical) and the rest (general). */
  private static final String[][] COMPANIES = {
      {"DE", "DACH", "Manufacturing"}, {"AT", "DACH", "Software"}, {"CH", "DACH", "Retail"},
      {"SE", "NORDICS", "Software"}, {"DK", "NORDICS", "Logistics"},
      {"US", "NA-EAST", "Software"}, {"CA", "NA-WEST", "Retail"},
      {"FR", "EMEA", "Healthcare"}, {"IT", "EMEA", "Pharmaceuticals"},
      {"GB", "EMEA", "Software"}, {"ES", "EMEA", "Retail"}, {"NL", "EMEA", "Manufacturing"}};
  private static final Segment[] SEGMENTS = {Segment.SMB, Segment.MID_MARKET, Segment.MID_MARKET, Segment.ENTERPRISE};

  private Path examples = Path.of("examples");

  public RoutingWorkload examples(Path folder) {
    this.examples = folder;
    return this;
  }

  @Override
  public String name() {
    return "routing";
  }

  @Override
  public long load(RecordPublisher publisher, int leads) {
    Instant now = Instant.now();
    publishReps(publisher, now, List.of());
    Random random = new Random(13);
    Instant t0 = now.minus(Duration.ofHours(1)); // current: see EnrichmentWorkload
    for (int i = 0; i < leads; i++) {
      String leadId = "bench-" + i;
      Instant at = t0.plusMillis(i % 3_000_000);
      String[] company = COMPANIES[random.nextInt(COMPANIES.length)];
      EnrichedLead lead = EnrichedLead.newBuilder()
          .setLeadId(leadId).setOccurredAt(at).setEnrichedAt(at).setStatus(EnrichmentStatus.ENRICHED)
          .setProfile(LeadProfile.newBuilder().setEmail("person" + i + "@company" + (i % 5_000) + ".example")
              .setJobTitle("Head of Operations").build())
          .setCompanyName("Company " + (i % 5_000)).setSegment(SEGMENTS[random.nextInt(SEGMENTS.length)])
          .setFirmographics(Firmographics.newBuilder().setIndustry(company[2]).setCountry(company[0])
              .setRegion(company[1]).setEmployeeCount(50 + random.nextInt(5_000)).build())
          .build();
      publisher.send(Topics.LEAD_STAGE_CHANGES, leadId, LeadStageChange.newBuilder()
          .setLeadId(leadId).setFromStage(LeadStage.PROSPECT).setToStage(LeadStage.MQL).setReason("score 72 >= 60")
          .setTotalScore(72).setOccurredAt(at).setLead(lead).build(), at.toEpochMilli());
    }
    return leads;
  }

  /**
   * The example team with capacity out of the picture (see the class comment); {@code channels}, when not empty,
   * replace every rep's alert channels (the ladder points them at its loopback webhook).
   */
  public void publishReps(RecordPublisher publisher, Instant at, List<NotificationChannel> channels) {
    for (Rep rep : RepsFile.read(examples.resolve("reps.yaml"))) {
      rep.setMaxActiveLeads(null);
      rep.setMaxLeadsPerDay(null);
      rep.setMaxLeadsPerWeek(null);
      rep.setWorkingHours(null);
      rep.setAbsences(List.of());
      rep.setLastLoginAt(null);
      if (!channels.isEmpty()) {
        rep.setChannels(channels);
      }
      publisher.send(Topics.REPS, rep.getRepId(), rep, at.toEpochMilli());
    }
  }

  @Override
  public StreamsService service(LayeredConfig appConfig, String applicationId) {
    return RoutingApp.service(appConfig.with("routing.application-id", applicationId)
        .with("routing.rules-file", rulesWithoutCaps().toString()));
  }

  /** examples/routing.yaml with the active-lead cap lifted and working hours off (see the class comment). */
  private Path rulesWithoutCaps() {
    try {
      String rules = Files.readString(examples.resolve("routing.yaml"))
          .replaceFirst("active-lead-cap: \\d+", "active-lead-cap: 1000000000")
          .replaceFirst("working-hours: true", "working-hours: false");
      Path file = Files.createTempFile("routing-bench", ".yaml");
      Files.writeString(file, rules);
      file.toFile().deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> inputTopics() {
    return List.of(); // the requests go through a repartition: count assignments, not committed input offsets
  }

  @Override
  public String outputTopic() {
    return Topics.LEAD_ASSIGNMENTS.name();
  }

  @Override
  public String passthroughTopic() {
    return Topics.LEAD_STAGE_CHANGES.name();
  }

  /**
   * The topology reads lead-assignments back (ownership, load, SLA); a fresh application would read every earlier
   * round's assignments from the start. Deleting them keeps every round the same work.
   */
  @Override
  public void beforeStreamRound(Admin admin) throws Exception {
    String topic = Topics.LEAD_ASSIGNMENTS.name();
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
        .partitions().forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
    admin.listOffsets(request).all().get().forEach((partition, info) ->
        delete.put(partition, RecordsToDelete.beforeOffset(info.offset())));
    admin.deleteRecords(delete).all().get();
  }
}
