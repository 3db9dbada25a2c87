package io.leadflow.routing;

import static io.leadflow.platform.testing.TestRecords.T0;
import static io.leadflow.platform.testing.TestRecords.rep;
import static io.leadflow.platform.testing.TestRecords.stageChange;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.Candidate;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadStage;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.Rep;
import io.leadflow.platform.streams.StoreKind;
import io.leadflow.platform.streams.TimerMode;
import io.leadflow.platform.testing.TopologyTests;
import io.leadflow.platform.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The window counts in each decision record (kept as running totals in {@code pool-rep-window-counts}) against a
 * model that sums the buckets as the window store keeps them: hourly buckets, a retention of count-retention plus
 * one bucket from the newest bucket written, records late by up to nine hours, gaps longer than the retention, and
 * a rules change that widens the window halfway.
 */
class WindowCountTopologyTest {

  private static final Duration BUCKET = Duration.ofHours(1);
  private static final Duration RETENTION = Duration.ofHours(6);

  private static String rules(String version, String window) {
    return """
        version: %s
        hierarchy: []
        pools:
          general: {weight-model: static, window: %s, absence-policy: none}
        sla: {HIGH: 1000d, NORMAL: 1000d}
        max-reroutes: 0
        skip: {login-timeout: 0s, active-lead-cap: 1000000, working-hours: false}
        """.formatted(version, window);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void everyDecisionCountsExactlyTheBucketsTheWindowStoreHolds(StoreKind stores) {
    RoutingRules first = RoutingRules.parse(rules("w3h", "3h").getBytes(StandardCharsets.UTF_8), "test rules");
    RoutingConfig config = new RoutingConfig("routing-stream", first, Duration.ofDays(1000), Duration.ofDays(1000),
        BUCKET, RETENTION, TimerMode.STREAM_TIME);
    List<LeadAssignment> made;
    List<Instant> widenedFrom = new ArrayList<>();
    int late = 0;
    try (TopologyTestDriver driver = new TopologyTestDriver(RoutingTopology.build(config, stores),
        TopologyTests.props(config.applicationId(), Topics.ROUTING_DLQ.name()), T0)) {
      TestInputTopic<String, Rep> reps = TopologyTests.input(driver, Topics.REPS);
      TestInputTopic<String, LeadStageChange> changes = TopologyTests.input(driver, Topics.LEAD_STAGE_CHANGES);
      TestInputTopic<String, ConfigDocument> routingConfig = TopologyTests.input(driver, Topics.ROUTING_CONFIG);
      double[] weights = {3, 2, 1, 1};
      for (int i = 0; i < weights.length; i++) {
        Rep rep = Rep.newBuilder(rep("rep-" + i, "general")).setWeight(weights[i]).build();
        reps.pipeInput(rep.getRepId(), rep, T0);
      }
      SplittableRandom random = new SplittableRandom(42);
      Instant now = T0;
      for (int i = 0; i < 300; i++) {
        if (i == 150) {
          routingConfig.pipeInput(RoutingTopology.RULES_DOCUMENT, ConfigDocument.newBuilder().setName("routing")
              .setVersion("w6h").setYaml(rules("w6h", "6h")).setAppliedAt(now).build(), now);
          widenedFrom.add(now);
        }
        int kind = random.nextInt(100);
        Instant at;
        if (kind < 8) {
          at = now.minusSeconds(random.nextInt(9 * 3600)); // late: stream time stays
          late++;
        } else {
          long gap = kind < 12 ? 8 * 3600 + random.nextInt(7 * 3600) : kind < 30 ? 1800 + random.nextInt(5400)
              : 60 + random.nextInt(1200);
          now = now.plusSeconds(gap);
          at = now;
        }
        String leadId = "lead-" + i;
        changes.pipeInput(leadId, stageChange(leadId, LeadStage.SUSPECT, LeadStage.MQL, at), at);
      }
      made = TopologyTests.output(driver, Topics.LEAD_ASSIGNMENTS).readValuesToList();
    }

    assertThat(made).hasSize(300);
    assertThat(late).isGreaterThan(15);
    long retention = RETENTION.plus(BUCKET).toMillis();
    Map<String, TreeMap<Long, Long>> buckets = new HashMap<>();
    long newest = Long.MIN_VALUE;
    long nonZero = 0;
    for (LeadAssignment assignment : made) {
      long t = assignment.getAssignedAt().toEpochMilli();
      long window = widenedFrom.isEmpty() || assignment.getDecision().getConfigVersion().equals("w3h")
          ? Duration.ofHours(3).toMillis() : Duration.ofHours(6).toMillis();
      long from = newest == Long.MIN_VALUE ? t - window : Math.max(t - window, newest - retention + 1);
      for (Candidate candidate : assignment.getDecision().getCandidates()) {
        TreeMap<Long, Long> repBuckets = buckets.getOrDefault(candidate.getRepId(), new TreeMap<>());
        long expected = from > t ? 0 : repBuckets.subMap(from, true, t, true).values().stream()
            .mapToLong(Long::longValue).sum();
        assertThat(candidate.getWindowCount()).as("%s at %s (%s)", candidate.getRepId(), assignment.getAssignedAt(),
            assignment.getLeadId()).isEqualTo(expected);
        nonZero += expected > 0 ? 1 : 0;
      }
      long bucket = t - Math.floorMod(t, BUCKET.toMillis());
      newest = Math.max(newest, bucket);
      if (bucket > newest - retention) { // the store drops a write older than its retention
        buckets.computeIfAbsent(assignment.getRepId(), r -> new TreeMap<>()).merge(bucket, 1L, Long::sum);
      }
    }
    assertThat(nonZero).isGreaterThan(400);
  }
}
