package io.leadflow.cli;

import static io.leadflow.platform.testing.TestRecords.activity;
import static io.leadflow.platform.testing.TestRecords.company;
import static io.leadflow.platform.testing.TestRecords.profile;
import static io.leadflow.platform.testing.TestRecords.rep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.leadflow.avro.AlertType;
import io.leadflow.avro.ChannelType;
import io.leadflow.avro.DeliveryStatus;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.NotificationChannel;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.Priority;
import io.leadflow.avro.RepAlert;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.service.Service;
import io.leadflow.platform.testing.InProcessKafka;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import io.leadflow.sink.NotificationSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** All four services on one real in-process broker, wired through real topics. */
class PipelineEndToEndIT {

  @RegisterExtension
  static final InProcessKafka KAFKA = InProcessKafka.singleBroker();

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static LayeredConfig config;
  private static RecordPublisher publisher;
  private static final List<Service> services = new ArrayList<>();

  @BeforeAll
  static void startPipeline() throws Exception {
    config = LayeredConfig.defaults()
        .with("kafka.bootstrap.servers", KAFKA.bootstrapServers())
        .with("streams.state-dir", Files.createTempDirectory("leadflow-e2e").toString());
    TopicSetup.createAll(config);
    publisher = new RecordPublisher(config);
    long now = System.currentTimeMillis();
    for (String repId : List.of("rep-a", "rep-b", "rep-c")) {
      publisher.send(Topics.REPS, repId, rep(repId, "general"), now);
    }
    publisher.send(Topics.COMPANY_PROFILES, "acme-e2e.de", company("acme-e2e.de", "Acme GmbH", "Software", 120, "DE"), now);
    publisher.flush();
    for (Services which : Services.values()) {
      services.add(which.create(config));
    }
    for (Service service : services) {
      service.start(PATIENCE);
    }
  }

  @AfterAll
  static void stopPipeline() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    publisher.close();
  }

  /**
   * Publishes a profile (fit 40 under the shipped rules: Software, Mid-Market, Germany, a head of department) and
   * either a demo request and a pricing page (+60: HOT, routed) or one email open (+2: Prospect, not routed).
   */
  private static void publishLead(String leadId, boolean engaged, Instant at) {
    publisher.send(Topics.LEAD_EVENTS, leadId, profile(leadId, leadId + "@acme-e2e.de", at), at.toEpochMilli());
    List<String> activities = engaged ? List.of("demo_request", "pricing_page") : List.of("email_open");
    for (int i = 0; i < activities.size(); i++) {
      Instant when = at.plusSeconds(i + 1);
      publisher.send(Topics.LEAD_EVENTS, leadId, activity(leadId, activities.get(i), when), when.toEpochMilli());
    }
  }

  @Test
  void everyLeadThatReachesMqlOrHotGetsExactlyOneAssignmentAndOneAlert() throws Exception {
    Instant t0 = Instant.now();
    List<String> mqls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String leadId = "e2e-" + i;
      boolean engaged = i % 4 != 0;
      publishLead(leadId, engaged, t0.plusMillis(i));
      if (engaged) {
        mqls.add(leadId);
      }
    }
    publisher.flush();

    try (TopicReader assignments = new TopicReader(config, Topics.LEAD_ASSIGNMENTS.name());
        TopicReader deliveries = new TopicReader(config, Topics.NOTIFICATION_DELIVERIES.name())) {
      await().atMost(PATIENCE).until(() -> ours(assignments.poll(), "e2e-").size() >= mqls.size());
      Thread.sleep(2_000); // room for a duplicate to show up
      List<LeadAssignment> made = ours(assignments.poll(), "e2e-");

      Map<String, Long> perLead = made.stream().collect(Collectors.groupingBy(LeadAssignment::getLeadId, Collectors.counting()));
      assertThat(perLead.keySet()).containsExactlyInAnyOrderElementsOf(mqls);
      assertThat(perLead.values()).allMatch(n -> n == 1);
      assertThat(made).as("routing knows who the lead is").extracting(a -> a.getLead().getCompanyName()).containsOnly("Acme GmbH");
      assertThat(made).as("fit 40 + engagement 60 is HOT").extracting(LeadAssignment::getPriority).containsOnly(Priority.HIGH);
      Map<String, Long> perRep = made.stream().collect(Collectors.groupingBy(LeadAssignment::getRepId, Collectors.counting()));
      assertThat(perRep).as("round robin over 3 reps: 30 leads, 10 each").containsOnly(
          Map.entry("rep-a", 10L), Map.entry("rep-b", 10L), Map.entry("rep-c", 10L));

      await().atMost(PATIENCE).until(() -> delivered(deliveries.poll(), "e2e-").size() >= mqls.size());
      assertThat(delivered(deliveries.poll(), "e2e-")).hasSize(mqls.size());
    }
  }

  @Test
  void badBytesOnLeadEventsLandInTheDlqWithTheReasonAndThePipelineKeepsRunning() {
    byte[] garbage = "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8);
    publisher.sendRaw(Topics.LEAD_EVENTS.name(), "bad-1".getBytes(StandardCharsets.UTF_8), garbage);
    publishLead("after-bad-1", true, Instant.now());
    publisher.flush();

    try (TopicReader dlq = new TopicReader(config, Topics.ENRICHMENT_DLQ.name());
        TopicReader assignments = new TopicReader(config, Topics.LEAD_ASSIGNMENTS.name())) {
      await().atMost(PATIENCE).until(() -> !dlq.poll().isEmpty());
      ConsumerRecord<byte[], byte[]> dead = dlq.poll().get(0);
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(header(dead, "__streams.errors.message")).contains("not Avro single-object encoding");
      assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.LEAD_EVENTS.name());
      assertThat(header(dead, "__streams.errors.offset")).isNotBlank();

      await().atMost(PATIENCE).until(() -> ours(assignments.poll(), "after-bad-").size() == 1);
    }
  }

  @Test
  void anUndecodableAlertGoesToTheSinkDlqAndLaterAlertsAreStillDelivered() {
    byte[] garbage = new byte[] {0x00, 0x00, 0x00, 0x00, 0x2a, 0x01};
    publisher.sendRaw(Topics.REP_ALERTS.name(), "rep-a".getBytes(StandardCharsets.UTF_8), garbage);
    RepAlert alert = RepAlert.newBuilder()
        .setAlertId("assignment:sink-check-1")
        .setType(AlertType.ASSIGNMENT)
        .setRepId("rep-a")
        .setLeadId("sink-check-1")
        .setChannels(List.of(NotificationChannel.newBuilder().setType(ChannelType.CONSOLE).setAddress("rep-a").build()))
        .setCreatedAt(Instant.now())
        .build();
    publisher.send(Topics.REP_ALERTS, "rep-a", alert, System.currentTimeMillis());
    publisher.flush();

    try (TopicReader dlq = new TopicReader(config, Topics.NOTIFICATION_DLQ.name());
        TopicReader deliveries = new TopicReader(config, Topics.NOTIFICATION_DELIVERIES.name())) {
      await().atMost(PATIENCE).until(() -> !dlq.poll().isEmpty());
      ConsumerRecord<byte[], byte[]> dead = dlq.poll().get(0);
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(header(dead, NotificationSink.REASON_HEADER)).contains("not Avro single-object encoding");
      assertThat(header(dead, "leadflow.error.source")).startsWith(Topics.REP_ALERTS.name() + "-");

      await().atMost(PATIENCE).until(() -> delivered(deliveries.poll(), "sink-check-").size() == 1);
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    return TopologyTests.header(record.headers(), name);
  }

  private static List<LeadAssignment> ours(List<ConsumerRecord<byte[], byte[]>> records, String prefix) {
    return decode(records, r -> Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer().deserialize(r.topic(), r.value())).stream()
        .filter(a -> a.getLeadId().startsWith(prefix)).toList();
  }

  private static List<NotificationDelivery> delivered(List<ConsumerRecord<byte[], byte[]>> records, String prefix) {
    return decode(records, r -> Topics.NOTIFICATION_DELIVERIES.valueSerde().deserializer().deserialize(r.topic(), r.value())).stream()
        .filter(d -> d.getAlertId().contains(prefix) && d.getStatus() == DeliveryStatus.DELIVERED).toList();
  }

  private static <T> List<T> decode(List<ConsumerRecord<byte[], byte[]>> records, Function<ConsumerRecord<byte[], byte[]>, T> decoder) {
    return records.stream().map(decoder).toList();
  }
}
