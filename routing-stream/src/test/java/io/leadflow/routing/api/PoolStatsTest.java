package io.leadflow.routing.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadflow.avro.SourceStats;
import io.leadflow.routing.rules.LatencyHistogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolStatsTest {

  @Test
  void targetsFollowWeightsAndGiniIsZeroOnlyWhenEveryRepHasTheirShare() {
    List<PoolStats.RepCount> fair = List.of(new PoolStats.RepCount("a", 2, 20), new PoolStats.RepCount("b", 1, 10));
    assertThat(PoolStats.gini(fair)).isEqualTo(0.0);
    List<Map<String, Object>> rows = PoolStats.againstTarget(List.of(
        new PoolStats.RepCount("a", 2, 12), new PoolStats.RepCount("b", 1, 18)));
    assertThat(rows.get(0)).containsEntry("target", 20.0).containsEntry("gap", -8.0);
    assertThat(rows.get(1)).containsEntry("target", 10.0).containsEntry("gap", 8.0);
    // one of two equal-weight reps has everything: mean |x-y| over pairs / (2·mean) = 0.5
    assertThat(PoolStats.gini(List.of(new PoolStats.RepCount("a", 1, 10), new PoolStats.RepCount("b", 1, 0))))
        .isEqualTo(0.5);
    assertThat(PoolStats.gini(List.of(new PoolStats.RepCount("a", 1, 10)))).isNull();
  }

  @Test
  void theDailyClaimMinimumIsReportedOnlyWhereAPoolSetsOne() {
    assertThat(PoolStats.belowDailyMinimum(2, 3)).isTrue();
    assertThat(PoolStats.belowDailyMinimum(3, 3)).isFalse();
    assertThat(PoolStats.belowDailyMinimum(0, null)).isNull();
    assertThat(PoolStats.belowDailyMinimum(0, 0)).isNull();
  }

  @Test
  void agesGiveCountOldestAndMedian() {
    assertThat(PoolStats.ages(List.of(30L, 10L, 20L))).containsEntry("count", 3).containsEntry("oldestSeconds", 30L)
        .containsEntry("medianSeconds", 20L);
    assertThat(PoolStats.ages(List.of())).containsEntry("count", 0).containsEntry("oldestSeconds", null);
  }

  @Test
  void bySourceGivesRatesOverAssignmentsAndAnAllRowThatAddsUp() {
    Map<String, SourceStats> sources = new LinkedHashMap<>();
    sources.put("push", source(4, 3, 1, 0, 1_000, 2_000, 3_000, 4_000));
    sources.put("claim", source(2, 2, 2, 1, 600_000, 900_000));
    List<Map<String, Object>> rows = PoolStats.bySource(sources);
    assertThat(rows).extracting(r -> r.get("source")).containsExactly("claim", "push", "all");
    assertThat(rows.get(0)).containsEntry("conversionRate", 1.0).containsEntry("winRate", 0.5);
    assertThat(rows.get(1)).containsEntry("contactRate", 0.75).containsEntry("conversionRate", 0.25)
        .containsEntry("winRate", 0.0);
    Map<String, Object> all = rows.get(2);
    assertThat(all).containsEntry("assigned", 6L).containsEntry("opportunity", 3L).containsEntry("conversionRate", 0.5);
    @SuppressWarnings("unchecked")
    Map<String, Object> latency = (Map<String, Object>) all.get("latency");
    assertThat(latency).containsEntry("count", 6L).containsEntry("maxSeconds", 900.0);
    // 6 values: the 3rd (p50) is 3 s in (2.5 s, 5 s]; the 6th (p95) is 900 s, the max
    assertThat((Double) latency.get("p50Seconds")).isBetween(2.5, 5.0);
    assertThat(latency.get("p95Seconds")).isEqualTo(900.0);
    assertThat(PoolStats.bySource(Map.of())).isEmpty();
    assertThat(PoolStats.latency(List.of(), 0)).containsEntry("count", 0L).containsEntry("p50Seconds", null);
  }

  private static SourceStats source(long assigned, long contacted, long opportunity, long won, long... latencies) {
    List<Long> buckets = List.of();
    long max = 0;
    for (long millis : latencies) {
      buckets = LatencyHistogram.add(buckets, millis);
      max = Math.max(max, millis);
    }
    return SourceStats.newBuilder().setAssigned(assigned).setContacted(contacted).setQualified(opportunity)
        .setOpportunity(opportunity).setWon(won).setLatencyBuckets(buckets).setLatencyMaxMillis(max).build();
  }
}
