package io.leadflow.cli.demo;

import io.leadflow.avro.DeliveryStatus;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.platform.config.LayeredConfig;
import io.leadflow.platform.topics.Topics;
import io.leadflow.routing.RoutingConfig;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads this run's stage changes, assignments and alert deliveries as they are committed, printing one line per
 * assignment. The stage changes say which leads should be routed, so the demo checks the pipeline against itself.
 */
final class AssignmentWatcher implements AutoCloseable {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String leadPrefix;
  private final Map<String, String> repNames;
  private final PrintStream out;
  private final List<LeadAssignment> assignments = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> assignmentsPerLead = new ConcurrentHashMap<>();
  private final AtomicInteger alertsDelivered = new AtomicInteger();
  private final Set<String> routableLeads = ConcurrentHashMap.newKeySet();
  private final Set<LeadStage> routedStages;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;

  AssignmentWatcher(LayeredConfig config, String leadPrefix, Map<String, String> repNames, PrintStream out) {
    this.routedStages = RoutingConfig.from(config).routedStages();
    Map<String, Object> props = new HashMap<>(config.kafkaClientProperties());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.leadPrefix = leadPrefix;
    this.repNames = repNames;
    this.out = out;
    List<TopicPartition> partitions = Stream.of(Topics.LEAD_ASSIGNMENTS.name(), Topics.NOTIFICATION_DELIVERIES.name(),
            Topics.LEAD_STAGE_CHANGES.name())
        .flatMap(topic -> consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())))
        .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    this.thread = new Thread(this::run, "demo-assignment-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closed.get()) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        if (record.topic().equals(Topics.LEAD_ASSIGNMENTS.name())) {
          onAssignment(Topics.LEAD_ASSIGNMENTS.valueSerde().deserializer().deserialize(record.topic(), record.value()));
        } else if (record.topic().equals(Topics.LEAD_STAGE_CHANGES.name())) {
          LeadStageChange change = Topics.LEAD_STAGE_CHANGES.valueSerde().deserializer().deserialize(record.topic(), record.value());
          if (change.getLeadId().startsWith(leadPrefix) && routedStages.contains(change.getToStage())) {
            routableLeads.add(change.getLeadId());
          }
        } else {
          onDelivery(Topics.NOTIFICATION_DELIVERIES.valueSerde().deserializer().deserialize(record.topic(), record.value()));
        }
      }
    }
    consumer.close(Duration.ofSeconds(2));
  }

  private void onAssignment(LeadAssignment assignment) {
    if (!assignment.getLeadId().startsWith(leadPrefix)) {
      return; // an earlier run on the same cluster
    }
    assignments.add(assignment);
    assignmentsPerLead.merge(assignment.getLeadId(), 1, Integer::sum);
    out.println(describe(assignment));
  }

  private void onDelivery(NotificationDelivery delivery) {
    if (delivery.getAlertId().contains(leadPrefix) && delivery.getStatus() == DeliveryStatus.DELIVERED) {
      alertsDelivered.incrementAndGet();
    }
  }

  private String describe(LeadAssignment a) {
    EnrichedLead lead = a.getLead();
    String company;
    if (lead == null) {
      company = "(no profile)";
    } else if (lead.getCompanyName() != null) {
      company = lead.getCompanyName();
    } else if (lead.getDomain() != null) {
      company = lead.getDomain() + " (" + lead.getStatus().name().toLowerCase() + ")";
    } else {
      company = lead.getPersonalEmail() ? "(personal email)" : "(no company domain)";
    }
    String facts = lead == null || lead.getFirmographics() == null ? "" : String.format("%s, %s, %s",
        lead.getFirmographics().getIndustry(), lead.getFirmographics().getCountry(), lead.getSegment());
    long latencyMs = a.getAssignedAt().toEpochMilli() - a.getEventTime().toEpochMilli();
    return String.format("%s  %-17s %-28.28s %-34.34s -> %-16s %-11s pool=%-8s %s %4d ms",
        LocalTime.ofInstant(a.getAssignedAt(), ZoneId.systemDefault()).format(TIME), a.getLeadId(), company, facts,
        repNames.getOrDefault(a.getRepId(), a.getRepId()), a.getDecision().getRuleMatched(), a.getPoolId(),
        a.getPriority().name().equals("HIGH") ? "HIGH" : "    ", latencyMs);
  }

  /** Leads of this run that reached a stage that triggers routing. */
  int routableLeadCount() {
    return routableLeads.size();
  }

  int assignmentCount() {
    return assignments.size();
  }

  List<LeadAssignment> assignments() {
    return new ArrayList<>(assignments);
  }

  long leadsAssignedMoreThanOnce() {
    return assignmentsPerLead.values().stream().filter(n -> n > 1).count();
  }

  int alertsDelivered() {
    return alertsDelivered.get();
  }

  @Override
  public void close() {
    closed.set(true);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
